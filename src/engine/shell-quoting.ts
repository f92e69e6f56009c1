/**
 * Values from the evidence (a GPO name, a path, a principal) land inside remediation commands. A GPO
 * named `WSUS "Prod" $Clients` or a folder `D:\Bob's updates` must come out as one argument, not as a
 * broken or different command, so each inserted value is quoted for where it lands in the command:
 * inside '…', inside "…", in a comment, or bare — by Windows PowerShell's rules (about_Quoting_Rules).
 *
 * The renderer marks each inserted value with VALUE_START/VALUE_END (control characters no template
 * or evidence value holds: the collectors keep only printable text); the template's own text decides
 * the quoting state, and values never change it.
 */
import type { CommandShell } from "./rule-file.js";

export const VALUE_START = "\u0001";
export const VALUE_END = "\u0002";

/** PowerShell treats the typographic quotes as quotes too (a copy from Word or mail carries them). */
const SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b";
const DOUBLE_QUOTES = '"\u201c\u201d\u201e';
/** A bare word that starts with a letter, digit, _, \\, . or * (not -, a parameter, or +, an operator) and holds only these stays as it is; anything else is single-quoted. */
const SAFE_BARE = /^[\p{L}\p{N}_\\.*][\p{L}\p{N}_.:\\/*+=%-]*$/u;

type State = "bare" | "single" | "double" | "comment";

/** The rendered command with each marked value quoted for its place, and the marks removed. */
export function quoteInsertedValues(rendered: string, shell: CommandShell): string {
  let out = "";
  let state: State = "bare";
  for (let i = 0; i < rendered.length; i++) {
    const char = rendered[i]!;
    if (char === VALUE_START) {
      const end = rendered.indexOf(VALUE_END, i + 1);
      const stop = end === -1 ? rendered.length : end;
      out += quoteValue(rendered.slice(i + 1, stop), shell === "powershell" ? state : "cmd");
      i = stop;
      continue;
    }
    out += char;
    if (shell !== "powershell") continue;
    const next = rendered[i + 1];
    switch (state) {
      case "bare":
        if (char === "`") out += rendered[++i] ?? "";
        else if (SINGLE_QUOTES.includes(char)) state = "single";
        else if (DOUBLE_QUOTES.includes(char)) state = "double";
        else if (char === "#" && (i === 0 || /\s/.test(rendered[i - 1]!))) state = "comment";
        break;
      case "single":
        if (SINGLE_QUOTES.includes(char)) {
          if (next !== undefined && SINGLE_QUOTES.includes(next)) out += rendered[++i];
          else state = "bare";
        }
        break;
      case "double":
        if (char === "`") out += rendered[++i] ?? "";
        else if (DOUBLE_QUOTES.includes(char)) {
          if (next !== undefined && DOUBLE_QUOTES.includes(next)) out += rendered[++i];
          else state = "bare";
        }
        break;
      case "comment":
        if (char === "\n") state = "bare";
        break;
    }
  }
  return out;
}

function quoteValue(value: string, state: State | "cmd"): string {
  // A value never adds a line: the next line would run as a command of its own.
  const oneLine = value.replace(/[\r\n]+/g, " ");
  switch (state) {
    case "single":
      return oneLine.replace(new RegExp(`[${SINGLE_QUOTES}]`, "g"), (quote) => quote + quote);
    case "double":
      return oneLine.replace(new RegExp(`[\`$${DOUBLE_QUOTES}]`, "g"), (special) => "`" + special);
    case "bare":
      return SAFE_BARE.test(oneLine) ? oneLine : `'${quoteValue(oneLine, "single")}'`;
    case "comment":
    case "cmd":
      return oneLine;
  }
}
