/**
 * Which computer a client file belongs to when the file does not say. The collection convention
 * (README, "Client evidence"): one folder per computer (`clients/WKS-0415/WindowsUpdate.log`), or the
 * computer name before the file's own name (`WKS-0415_WindowsUpdate.log`, `WKS-0415-wu.reg`).
 */

/** Folder names that are not computer names. */
const GENERIC_FOLDER =
  /^(clients?|computers?|machines?|logs?|evidence|bundle|collected|windowsupdate|softwaredistribution|registry|reg|wu|windows|temp|tmp|desktop|export|exports)$/i;
/** File names (without the computer prefix) the client evidence is written under. */
const EVIDENCE_NAME =
  /^(?<computer>.+?)[-_. ]+(?:WindowsUpdate|ReportingEvents|wu|wuau|wureg|wu-?key|wu-?client|windows-?update|susclientid|registry)\b/i;
const PLAIN_NAME = /^(WindowsUpdate|ReportingEvents)\b/i;
/** NetBIOS names: up to 15 characters, no dots or spaces; FQDNs are cut to their host part. */
const COMPUTER = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

export function computerFromPath(path: string): string | undefined {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const fileName = parts.pop() ?? "";
  if (!PLAIN_NAME.test(fileName)) {
    const prefixed = EVIDENCE_NAME.exec(fileName)?.groups?.["computer"];
    if (prefixed && COMPUTER.test(prefixed)) return prefixed.toUpperCase();
  }
  for (const folder of parts.reverse()) {
    if (GENERIC_FOLDER.test(folder)) continue;
    return COMPUTER.test(folder) ? folder.toUpperCase() : undefined;
  }
  return undefined;
}

/** `wks-0415.contoso.local` → `WKS-0415`: the inventory, the IIS logs and the logs agree on the host. */
export function computerFromDnsName(name: string): string | undefined {
  const host = name.trim().split(".")[0] ?? "";
  return COMPUTER.test(host) ? host.toUpperCase() : undefined;
}
