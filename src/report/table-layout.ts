/**
 * How an evidence table fits a printed page (A4 or Letter portrait, ~650 CSS px of text width).
 * A browser given a 13-column table squeezes its one prose column to a word per line, so a single
 * event message can fill four pages. Decided here, from the cells' own lengths, before rendering:
 * - prose columns (long text with spaces) and very long tokens leave the row and print as a detail
 *   line below it, across the whole width;
 * - short atomic values (addresses, codes, timestamps) never break inside;
 * - when the remaining columns still cannot share the width, every row becomes a card of
 *   label/value pairs instead of a table.
 * The estimate is deliberately coarse (average character widths of the report's fonts); the
 * browser test in test/report/table-fit.test.ts holds the real layout of every shipped sample.
 */

export interface ColumnSample {
  title: string;
  /** Every cell's text of the column (shown and hidden rows: the layout must fit them all). */
  texts: readonly string[];
  mono: boolean;
  numeric: boolean;
}

export interface TableLayout {
  kind: "table" | "cards";
  /** Per column: printed below its row rather than in it (in cards: across the card's width). */
  detail: boolean[];
  /** Per column: its values never break inside (addresses, codes, timestamps). */
  atomic: boolean[];
}

/** Usable text width of the narrower paper (A4: 210 mm − 2 × 14 mm margins), minus the finding's frame. */
export const PRINT_WIDTH_PX = 640;
const CHAR_PX = 6.6; // 0.82rem Arial or the monospace font at 0.86em: ~6.5–6.9 px per character
const CELL_PADDING_PX = 15;
/** A wrapping column is laid out at least this many characters wide (a short phrase per line). */
const MIN_WRAP_CHARS = 12;
const PROSE_CHARS = 60;
const LONG_TOKEN_CHARS = 48;
const ATOMIC_CHARS = 24;
const CARD_FIELD_CHARS = 26;
/** A detail line is worth its own row only beside enough other columns to crush it. */
const MIN_COLUMNS_FOR_DETAIL = 4;

const TIMESTAMP = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?: ?(?:UTC|Z|[+-]\d\d:?\d\d))?$/;

function isAtomic(text: string): boolean {
  if (text === "") return true;
  return text.length <= ATOMIC_CHARS && (!/\s/.test(text) || TIMESTAMP.test(text));
}

const longest = (texts: readonly string[]): number =>
  texts.reduce((max, text) => Math.max(max, text.length), 0);
const longestWord = (text: string): number => longest(text.split(/\s+/));

function columnWidth(column: ColumnSample, atomic: boolean): number {
  const header = longestWord(column.title);
  const content =
    atomic || column.numeric ? longest(column.texts) : Math.min(longest(column.texts), MIN_WRAP_CHARS);
  return Math.max(header, content) * CHAR_PX + CELL_PADDING_PX;
}

export function layoutTable(columns: readonly ColumnSample[], widthPx = PRINT_WIDTH_PX): TableLayout {
  const atomic = columns.map((column) => column.texts.every(isAtomic));
  const detail = columns.map((column, index) => {
    if (columns.length < MIN_COLUMNS_FOR_DETAIL || atomic[index]) return false;
    const max = longest(column.texts);
    const prose = max > PROSE_CHARS && column.texts.some((text) => /\s/.test(text));
    const token = max > LONG_TOKEN_CHARS && column.texts.some((text) => /\S{30,}/.test(text));
    return prose || token;
  });
  // Keep at least one column in the row: a row of nothing but detail lines reads as cards anyway.
  if (detail.every(Boolean)) return { kind: "cards", detail: detail.map(() => false), atomic };
  const needed = columns.reduce(
    (sum, column, index) => (detail[index] ? sum : sum + columnWidth(column, atomic[index] ?? false)),
    0,
  );
  if (needed > widthPx) {
    // A card's field is ~26 characters wide; a longer value takes the card's whole width.
    const wide = columns.map(
      (column, index) => detail[index] === true || longest(column.texts) > CARD_FIELD_CHARS,
    );
    return { kind: "cards", detail: wide, atomic };
  }
  return { kind: "table", detail, atomic };
}
