/**
 * The processes the guide's Process Monitor filter looks at (knowledge/procmon.md §1): the IIS
 * worker that runs the WSUS web services, the WSUS service, and SQL Server (SUSDB; the Windows
 * Internal Database runs as sqlservr.exe too). A capture without any event of these was not taken
 * where and while WSUS worked, so it cannot show WSUS being denied.
 */
export const WSUS_PROCESSES = ["w3wp.exe", "WsusService.exe", "sqlservr.exe"] as const;

const BY_KEY = new Map<string, string>(WSUS_PROCESSES.map((name) => [name.toLowerCase(), name]));

/** The canonical name of a WSUS process (case-insensitive: Windows image names are), else undefined. */
export function wsusProcessName(process: string): string | undefined {
  return BY_KEY.get(process.toLowerCase());
}
