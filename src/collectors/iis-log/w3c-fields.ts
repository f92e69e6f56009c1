/**
 * W3C field names the IIS log aggregator uses, and the default field sets for lines that come
 * without a `#Fields` directive (knowledge/iis.md §2.3).
 */

export const ROLES = [
  "date",
  "time",
  "s-sitename",
  "s-ip",
  "cs-method",
  "cs-uri-stem",
  "s-port",
  "cs-username",
  "c-ip",
  "cs(user-agent)",
  "sc-status",
  "sc-substatus",
  "sc-win32-status",
] as const;
export type Role = (typeof ROLES)[number];

export const R_DATE = 0;
export const R_TIME = 1;
export const R_SITENAME = 2;
export const R_SIP = 3;
export const R_METHOD = 4;
export const R_STEM = 5;
export const R_SPORT = 6;
export const R_USER = 7;
export const R_CIP = 8;
export const R_UA = 9;
export const R_STATUS = 10;
export const R_SUB = 11;
export const R_WIN32 = 12;

/** Map a `#Fields` list to the column index of each role (-1 when absent). */
export function rolesOf(fields: readonly string[]): Int32Array {
  const roles = new Int32Array(ROLES.length).fill(-1);
  fields.forEach((raw, column) => {
    let name = raw.toLowerCase();
    if (name === "cs(referrer)") name = "cs(referer)";
    const role = (ROLES as readonly string[]).indexOf(name);
    if (role >= 0 && roles[role] === -1) roles[role] = column;
  });
  return roles;
}

/** Split a `#Fields:` directive's value (IIS 6 leaves a trailing space). */
export function parseFieldsDirective(value: string): string[] {
  return value.split(/\s+/).filter((name) => name.length > 0);
}

/** IIS 6 default (the guide's example line and KB 969060). */
export const IIS6_DEFAULT_FIELDS = parseFieldsDirective(
  "date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status",
);
/** IIS 7.0/7.5 default, in the order IIS writes it. */
export const IIS7_DEFAULT_FIELDS = parseFieldsDirective(
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
);
/** IIS 8.0 and later default. */
export const IIS8_DEFAULT_FIELDS = parseFieldsDirective(
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
);

/**
 * The default field set a header-less data line fits, by its value count and third value
 * (IIS 6 writes the site name W3SVC<id> there, IIS 7+ the server address).
 */
export function defaultFieldsFor(valueCount: number, thirdValue: string): string[] | undefined {
  if (valueCount === 14 && /^W3SVC/i.test(thirdValue)) return IIS6_DEFAULT_FIELDS;
  if (valueCount === 14) return IIS7_DEFAULT_FIELDS;
  if (valueCount === 15) return IIS8_DEFAULT_FIELDS;
  return undefined;
}
