/**
 * Access masks as icacls, SDDL and .NET (Get-Acl) print them, and their meaning.
 * Source: knowledge/permissions.md §2.3 (icacls tokens), §3.2 (FileSystemRights), §4 (SDDL), §6 (generic mapping).
 * All masks are unsigned 32-bit numbers (use `>>> 0` after bit operations).
 */

export type ObjectType = "file" | "registry";

/** Full Control: every specific and standard right of the object type. */
export const FULL_CONTROL: Record<ObjectType, number> = { file: 0x1f01ff, registry: 0xf003f };

const GENERIC_READ = 0x80000000;
const GENERIC_WRITE = 0x40000000;
const GENERIC_EXECUTE = 0x20000000;
const GENERIC_ALL = 0x10000000;

const GENERIC_MAPPING: Record<ObjectType, { read: number; write: number; execute: number; all: number }> = {
  file: { read: 0x120089, write: 0x120116, execute: 0x1200a0, all: 0x1f01ff },
  registry: { read: 0x20019, write: 0x20006, execute: 0x20019, all: 0xf003f },
};

/** Replace generic bits by the specific rights they stand for on this object type. */
export function mapGenericRights(mask: number, type: ObjectType): number {
  const mapping = GENERIC_MAPPING[type];
  let result = mask & 0x0fffffff;
  if (mask & GENERIC_READ) result |= mapping.read;
  if (mask & GENERIC_WRITE) result |= mapping.write;
  if (mask & GENERIC_EXECUTE) result |= mapping.execute;
  if (mask & GENERIC_ALL) result |= mapping.all;
  return result >>> 0;
}

/** icacls simple rights (printed alone) and specific rights (comma lists). Keys upper-case. */
export const ICACLS_RIGHTS: Readonly<Record<string, number>> = {
  F: 0x1f01ff,
  M: 0x1301bf,
  RX: 0x1200a9,
  R: 0x120089,
  W: 0x100116,
  N: 0,
  D: 0x10000,
  DE: 0x10000,
  RC: 0x20000,
  WDAC: 0x40000,
  WO: 0x80000,
  S: 0x100000,
  AS: 0x1000000,
  MA: 0x2000000,
  GR: GENERIC_READ,
  GW: GENERIC_WRITE,
  GE: GENERIC_EXECUTE,
  GA: GENERIC_ALL,
  RD: 0x1,
  WD: 0x2,
  AD: 0x4,
  REA: 0x8,
  WEA: 0x10,
  X: 0x20,
  DC: 0x40,
  RA: 0x80,
  WA: 0x100,
};

/** SDDL ACE rights tokens (two letters each). */
export const SDDL_RIGHTS: Readonly<Record<string, number>> = {
  GA: GENERIC_ALL,
  GR: GENERIC_READ,
  GW: GENERIC_WRITE,
  GX: GENERIC_EXECUTE,
  RC: 0x20000,
  SD: 0x10000,
  WD: 0x40000,
  WO: 0x80000,
  RP: 0x10,
  WP: 0x20,
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  LO: 0x80,
  DT: 0x40,
  CR: 0x100,
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
  KA: 0xf003f,
  KR: 0x20019,
  KW: 0x20006,
  KX: 0x20019,
};

/** .NET FileSystemRights / RegistryRights enum names, as Get-Acl prints them. */
export const DOTNET_RIGHTS: Readonly<Record<ObjectType, Readonly<Record<string, number>>>> = {
  file: {
    ReadData: 1,
    ListDirectory: 1,
    WriteData: 2,
    CreateFiles: 2,
    AppendData: 4,
    CreateDirectories: 4,
    ReadExtendedAttributes: 8,
    WriteExtendedAttributes: 16,
    ExecuteFile: 32,
    Traverse: 32,
    DeleteSubdirectoriesAndFiles: 64,
    ReadAttributes: 128,
    WriteAttributes: 256,
    Write: 278,
    Delete: 65536,
    ReadPermissions: 131072,
    Read: 131209,
    ReadAndExecute: 131241,
    Modify: 197055,
    ChangePermissions: 262144,
    TakeOwnership: 524288,
    Synchronize: 1048576,
    FullControl: 2032127,
  },
  registry: {
    QueryValues: 1,
    SetValue: 2,
    CreateSubKey: 4,
    EnumerateSubKeys: 8,
    Notify: 16,
    CreateLink: 32,
    Delete: 65536,
    ReadPermissions: 131072,
    WriteKey: 131078,
    ExecuteKey: 131097,
    ReadKey: 131097,
    ChangePermissions: 262144,
    TakeOwnership: 524288,
    FullControl: 983103,
  },
};

/**
 * Parse a Get-Acl rights value: enum names ("Modify, Synchronize") or a raw, possibly signed, number
 * ("-536805376"). Returns undefined when a name is unknown.
 */
export function parseDotNetRights(text: string, type: ObjectType): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed) >>> 0;
  let mask = 0;
  for (const part of trimmed.split(",")) {
    const value = DOTNET_RIGHTS[type][part.trim()];
    if (value === undefined) return undefined;
    mask |= value;
  }
  return mask >>> 0;
}

/** Names of the individual rights, for "missing WRITE_DAC, WRITE_OWNER" explanations. */
const FILE_RIGHT_NAMES: readonly [number, string][] = [
  [0x1, "READ_DATA"],
  [0x2, "WRITE_DATA"],
  [0x4, "APPEND_DATA"],
  [0x8, "READ_EA"],
  [0x10, "WRITE_EA"],
  [0x20, "EXECUTE"],
  [0x40, "DELETE_CHILD"],
  [0x80, "READ_ATTRIBUTES"],
  [0x100, "WRITE_ATTRIBUTES"],
  [0x10000, "DELETE"],
  [0x20000, "READ_CONTROL"],
  [0x40000, "WRITE_DAC"],
  [0x80000, "WRITE_OWNER"],
  [0x100000, "SYNCHRONIZE"],
];
const REGISTRY_RIGHT_NAMES: readonly [number, string][] = [
  [0x1, "KEY_QUERY_VALUE"],
  [0x2, "KEY_SET_VALUE"],
  [0x4, "KEY_CREATE_SUB_KEY"],
  [0x8, "KEY_ENUMERATE_SUB_KEYS"],
  [0x10, "KEY_NOTIFY"],
  [0x20, "KEY_CREATE_LINK"],
  [0x10000, "DELETE"],
  [0x20000, "READ_CONTROL"],
  [0x40000, "WRITE_DAC"],
  [0x80000, "WRITE_OWNER"],
];

export function rightNames(mask: number, type: ObjectType): string[] {
  const table = type === "file" ? FILE_RIGHT_NAMES : REGISTRY_RIGHT_NAMES;
  return table.filter(([bit]) => (mask & bit) !== 0).map(([, name]) => name);
}

/** The named rights of `needed` that `has` lacks. */
export function missingRights(has: number, needed: number, type: ObjectType): string[] {
  return rightNames((needed & ~has) >>> 0, type);
}

/** How a consultant reads a mask: "Full Control (F)", "Modify (M)", or the icacls specific-rights list. */
export function describeRights(mask: number, type: ObjectType): string {
  const m = mask >>> 0;
  if (m === 0) return "no access";
  const full = FULL_CONTROL[type];
  if ((m & full) === full) return "Full Control (F)";
  if (type === "file") {
    const named: [number, string][] = [
      [0x1301bf, "Modify (M)"],
      [0x1200a9, "Read & execute (RX)"],
      [0x120089, "Read (R)"],
      [0x100116, "Write (W)"],
    ];
    for (const [value, label] of named) if (m === value) return label;
    // Same order icacls uses: the largest simple right covered, then the rest.
    for (const [value, label] of named) {
      if ((m & value) === value) return `${label} + ${rightNames((m & ~value) >>> 0, type).join(", ")}`;
    }
  }
  if (type === "registry") {
    if (m === 0x20019) return "Read (KR)";
  }
  return rightNames(m, type).join(", ") || `0x${m.toString(16)}`;
}
