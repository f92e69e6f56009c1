/**
 * The one table of the scanner memory's layout, shared by the JavaScript scanner and the
 * WebAssembly fast path: header cells, row strides, capacities and the cells of each row.
 * `npm run generate` writes every number exported here into wasm/layout.generated.as.ts, which the
 * AssemblyScript source imports, so the two sides cannot disagree. Export numbers only.
 *
 * Memory (byte offsets): a 512-byte header of i32 cells (H_*, at 4 × index) and f64 cells (F_*, at
 * F64_BASE + 8 × index), then the regions createScannerMemory (fast-path.ts) lays out: stems, vDir
 * properties, the response hash and rows, hour rows, port rows, server address cells, the fast
 * path's space positions, the client hash, rows and keys, user-agent references and heap, and the
 * input area the log is read into.
 */
import { CLIENT_SERVICES } from "../../knowledge/iis-vdirs.js";

/** Bytes before the first region. */
export const HEADER_BYTES = 512;

// Header, i32 cells. Roles: one cell per role of w3c-fields.ts (ROLES.length = 13).
export const H_NFIELDS = 0;
export const H_ROLES = 1;
/** The previous valid date's 10 bytes (two words and a half-word). */
export const H_DATE = 14;
/** The previous time's hour:minute bytes ("HH:M" as a word, then the second minute digit). */
export const H_MINUTE_WORD = 17;
export const H_MINUTE_BYTE = 18;
/** Row of the current hour, port and server address cell (-1: not in the memory). */
export const H_HOUR_ROW = 19;
export const H_PORT_ROW = 20;
export const H_SERVER_LEN = 21;
export const H_SERVER_CELL = 22;
/** Where each region starts (byte offsets), and the client and response hash sizes. */
export const H_CLIENT_BITS = 23;
export const H_CLIENT_TABLE = 24;
export const H_CLIENT_DATA = 25;
export const H_STEMS = 26;
export const H_VDIR_PROPS = 27;
export const H_RESP_TABLE = 28;
export const H_RESP_BITS = 29;
export const H_RESP_ROWS = 30;
export const H_HOUR_ROWS = 31;
export const H_PORT_ROWS = 32;
export const H_SERVER_CELLS = 33;
export const H_SPACES = 34;
export const H_CLIENT_COUNT = 35;
export const H_CLIENT_LIMIT = 36;
export const H_CLIENT_KEYS = 37;
export const H_UA_REFS = 38;
export const H_UA_HEAP = 39;
/** The previous line's server address bytes: SERVER_BYTES_MAX bytes from cell 40 on. */
export const H_SERVER_BYTES = 40;
export const SERVER_BYTES_MAX = 64;
/** The user-agent heap's fill level and end. */
export const H_UA_USED = 56;
export const H_UA_END = 57;
/** s-computername's column (-1: none); the length of the site and computer name whose lines the
 *  fast path may take (-1: none yet), their bytes in the region at H_SCOPE_BYTES (SCOPE_BYTES_MAX
 *  bytes each, the site's first). */
export const H_COMPUTER_COL = 58;
export const H_SITE_LEN = 59;
export const H_COMPUTER_LEN = 60;
export const H_SCOPE_BYTES = 61;
export const SCOPE_BYTES_MAX = 64;

// Header, f64 cells.
export const F64_BASE = 256;
export const F_LINES = 0;
export const F_RECORDS = 1;
export const F_FIRST = 2;
export const F_LAST = 3;
/** Seconds of the day at the start of the cached minute. */
export const F_MINUTE_SECS = 4;
/** The day (since 1970) of the date in H_DATE. */
export const F_DAY = 5;
/** floor(t / 3600) of the hour in H_HOUR_ROW; the port in H_PORT_ROW. */
export const F_HOUR_KEY = 6;
export const F_PORT = 7;

/** Most spaces a line's positions are kept for (a longer line is rejected). */
export const MAX_SPACES = 128;

/** cs-uri-stem spellings: 2^STEM_BITS buckets, hashed on the stem's first four bytes. An entry
 *  holds i32 length, followed-by-slash, vDir and used, then up to STEM_BYTES_MAX bytes. */
export const STEM_BITS = 6;
export const STEM_BUCKETS = 1 << STEM_BITS;
export const STEM_LEN = 0;
export const STEM_SLASH = 4;
export const STEM_VDIR = 8;
export const STEM_USED = 12;
export const STEM_BYTES = 16;
export const STEM_BYTES_MAX = 64;
export const STEM_ENTRY = STEM_BYTES + STEM_BYTES_MAX;

/** vDirs: at most MAX_VDIRS names; per vDir two i32 (service index, VDIR_* flags). */
export const MAX_VDIRS = 200;
export const VDIR_CAPACITY = 256;
export const VDIR_PROP_SVC = 0;
export const VDIR_PROP_FLAGS = 4;
export const VDIR_PROPS = 8;
export const VDIR_API = 1;
export const VDIR_CONTENT = 2;

/** Responses: a hash of 2^RESP_BITS slots (i32 vDir, status, sub-status, win32, row + 1) and rows
 *  of RESP_STRIDE f64 cells. */
export const RESP_BITS = 13;
export const RESP_SLOT_VDIR = 0;
export const RESP_SLOT_STATUS = 4;
export const RESP_SLOT_SUB = 8;
export const RESP_SLOT_WIN32 = 12;
export const RESP_SLOT_ROW = 16;
export const RESP_SLOT = 24;
export const RESP_CAPACITY = 4096;
export const RESP_COUNT = 0;
export const RESP_FIRST = 1;
export const RESP_LAST = 2;
/** 1 once no line of the response's sample group is sampled any more (the fast path may count it). */
export const RESP_CLOSED = 3;
export const RESP_STRIDE = 4;

/** Hour rows: HOUR_STRIDE f64 counters. */
export const HOUR_CAPACITY = 16_384;
export const HOUR_TOTAL = 0;
export const HOUR_401_1 = 1;
export const HOUR_401_2 = 2;
export const HOUR_401_3 = 3;
export const HOUR_401_OTHER = 4;
export const HOUR_500 = 5;
export const HOUR_503 = 6;
export const HOUR_STRIDE = 7;

/** Port rows: requests, then one count per vDir (f64). */
export const PORT_CAPACITY = 32;
export const PORT_REQUESTS = 0;
export const PORT_BY_VDIR = 1;
export const PORT_STRIDE = PORT_BY_VDIR + MAX_VDIRS + 2;

/** Server address request counts: one f64 cell each. */
export const SERVER_CAPACITY = 256;

/** Clients: a hash of [key, row + 1] i32 pairs (at least 2^CLIENT_MIN_BITS) and rows of f64:
 *  first, last, requests, user-agent rank, then per WSUS service first, last, requests, ok. */
export const CLIENT_MIN_BITS = 12;
export const C_FIRST = 0;
export const C_LAST = 1;
export const C_REQUESTS = 2;
export const C_UA_RANK = 3;
export const C_SVC = 4;
export const SVC_FIRST = 0;
export const SVC_LAST = 1;
export const SVC_REQUESTS = 2;
export const SVC_OK = 3;
export const SVC_STRIDE = 4;
export const C_STRIDE = C_SVC + CLIENT_SERVICES.length * SVC_STRIDE;

/** User agents the fast path recorded: per row [offset + 1, length] (i32) into a heap of this many
 *  bytes a client (a client records at most two, most are under 64 bytes). */
export const UA_HEAP_PER_CLIENT = 128;

/** Slack after the input area: the fast path reads up to 31 bytes past the end of the data. */
export const INPUT_SLACK = 64;
