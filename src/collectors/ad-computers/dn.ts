/** Distinguished names → canonical container paths (knowledge/wsus-computers.md §15.4). */

/** The RDNs of a DN, split on unescaped commas: `CN=A\, B,OU=X` → ["CN=A\, B", "OU=X"]. */
export function rdns(dn: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i]!;
    if (ch === "\\" && i + 1 < dn.length) {
      current += ch + dn[++i];
      continue;
    }
    if (ch === ",") {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, "$1");
}

/**
 * The canonical path of the object's container, as Group Policy reports links (SOMPath):
 * `CN=KIOSK-014,OU=Kiosks,OU=Stores,DC=contoso,DC=com` → `contoso.com/Stores/Kiosks`.
 * Containers such as CN=Computers keep their name (`contoso.com/Computers`).
 */
export function containerOf(dn: string): string | undefined {
  const parts = rdns(dn).slice(1);
  const domain: string[] = [];
  const path: string[] = [];
  for (const part of parts) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    const type = part.slice(0, eq).trim().toUpperCase();
    const value = unescape(part.slice(eq + 1).trim());
    if (type === "DC") domain.push(value);
    else path.unshift(value);
  }
  if (domain.length === 0) return undefined;
  return [domain.join("."), ...path].join("/");
}
