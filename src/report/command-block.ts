/**
 * A remediation step's commands as the one block the reports show and copy: one command per line,
 * LF only (a CR carried in from CRLF evidence would show as ^M or leave an empty line in the shell).
 */
export function commandBlock(commands: readonly string[]): string {
  return commands.map((command) => command.replace(/[\r\n]+$/, "").replace(/\r\n?/g, "\n")).join("\n");
}
