/**
 * Active Directory container names as Group Policy writes them (canonical: corp.example/Clients/Berlin)
 * and as the GroupPolicy PowerShell module takes them (-Target "OU=Berlin,OU=Clients,DC=corp,DC=example").
 */

/** The distinguished name of a domain or OU given by its canonical path; undefined for sites and "Local". */
export function canonicalToDistinguishedName(canonical: string): string | undefined {
  const [domain, ...ous] = canonical.split("/");
  if (!domain || !domain.includes(".")) return undefined;
  const dc = domain.split(".").map((part) => `DC=${part}`);
  const ou = ous.reverse().map((name) => `OU=${name.replace(/([,+"\\<>;=])/g, "\\$1")}`);
  return [...ou, ...dc].join(",");
}
