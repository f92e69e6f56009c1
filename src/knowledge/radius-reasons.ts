/**
 * NPS reason codes (Reason-Code, IAS attribute 4142; event 6273's "Reason Code"), as data.
 * Sources (knowledge/nps.md section 2): Microsoft's "NPS Reason Codes" tables for Windows Server
 * 2008 / 2008 R2 — dd197464 (0–37), dd197521 (38–257), dd197582 (258–282), dd197508 (283–303) under
 * https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/ —
 * and the IAS_* symbols (sdoias.h, as listed by bakerds/NPS-Log-Parsing Reason-Code.csv). The texts
 * here are short restatements; a consultant quotes the code, the table explains it.
 *
 * None of these codes is a NAP health verdict: a restricted (quarantined) NAP client is *accepted*
 * with Reason-Code 0 (knowledge/nps.md section 11), so a reject never says "unhealthy".
 */

/** What a reject's reason is about: it decides the words of the remediation, never a health finding. */
export type RadiusReasonArea =
  "success" | "server" | "request" | "account" | "credentials" | "policy" | "certificate" | "proxy" | "other";

export interface RadiusReason {
  code: number;
  symbol?: string;
  text: string;
  area: RadiusReasonArea;
}

const TABLE: readonly RadiusReason[] = [
  { code: 0, symbol: "IAS_SUCCESS", area: "success", text: "authenticated and authorised" },
  { code: 1, symbol: "IAS_INTERNAL_ERROR", area: "server", text: "NPS internal error" },
  {
    code: 2,
    symbol: "IAS_ACCESS_DENIED",
    area: "server",
    text: "insufficient access rights to process the request",
  },
  {
    code: 3,
    symbol: "IAS_MALFORMED_REQUEST",
    area: "request",
    text: "the RADIUS Access-Request was malformed",
  },
  {
    code: 4,
    symbol: "IAS_GLOBAL_CATALOG_UNAVAILABLE",
    area: "server",
    text: "NPS could not reach the global catalog",
  },
  {
    code: 5,
    symbol: "IAS_DOMAIN_UNAVAILABLE",
    area: "server",
    text: "NPS could not reach a domain controller of the account's domain",
  },
  {
    code: 6,
    symbol: "IAS_SERVER_UNAVAILABLE",
    area: "server",
    text: "the NPS server is unavailable (memory, domain controller name, SAM or NTDS failure)",
  },
  { code: 7, symbol: "IAS_NO_SUCH_DOMAIN", area: "account", text: "the domain in User-Name does not exist" },
  {
    code: 8,
    symbol: "IAS_NO_SUCH_USER",
    area: "account",
    text: "the account in User-Name does not exist in the domain",
  },
  { code: 9, area: "server", text: "a third-party extension DLL discarded the request" },
  { code: 10, area: "server", text: "a third-party extension DLL failed" },
  {
    code: 16,
    symbol: "IAS_AUTH_FAILURE",
    area: "credentials",
    text: "authentication failed: credentials mismatch (unknown account or wrong password)",
  },
  {
    code: 17,
    symbol: "IAS_CHANGE_PASSWORD_FAILURE",
    area: "credentials",
    text: "the password change failed",
  },
  {
    code: 18,
    symbol: "IAS_UNSUPPORTED_AUTH_TYPE",
    area: "policy",
    text: "the authentication method is not allowed by the matching network policy",
  },
  {
    code: 19,
    area: "credentials",
    text: "no reversibly encrypted password is stored for the account (CHAP)",
  },
  { code: 20, area: "policy", text: "LAN Manager authentication is not enabled" },
  { code: 21, area: "server", text: "an NPS extension DLL rejected the request" },
  { code: 22, area: "policy", text: "the server cannot process the client's EAP type" },
  { code: 23, area: "other", text: "unexpected error: server or client configuration" },
  {
    code: 32,
    symbol: "IAS_LOCAL_USERS_ONLY",
    area: "account",
    text: "only local accounts may authenticate (NPS is not in a domain)",
  },
  {
    code: 33,
    symbol: "IAS_PASSWORD_MUST_CHANGE",
    area: "account",
    text: "the account's password must be changed",
  },
  { code: 34, symbol: "IAS_ACCOUNT_DISABLED", area: "account", text: "the account is disabled" },
  { code: 35, symbol: "IAS_ACCOUNT_EXPIRED", area: "account", text: "the account has expired" },
  { code: 36, symbol: "IAS_ACCOUNT_LOCKED_OUT", area: "account", text: "the account is locked out" },
  {
    code: 37,
    symbol: "IAS_INVALID_LOGON_HOURS",
    area: "account",
    text: "logon outside the account's permitted hours",
  },
  {
    code: 38,
    symbol: "IAS_ACCOUNT_RESTRICTION",
    area: "account",
    text: "an account restriction was not met",
  },
  { code: 48, symbol: "IAS_NO_POLICY_MATCH", area: "policy", text: "no network policy matched the request" },
  { code: 49, area: "policy", text: "no connection request policy matched the request" },
  {
    code: 64,
    symbol: "IAS_DIALIN_LOCKED_OUT",
    area: "account",
    text: "remote access account lockout: too many failed attempts",
  },
  {
    code: 65,
    symbol: "IAS_DIALIN_DISABLED",
    area: "policy",
    text: "network access permission is denied (the account's dial-in setting or the matching policy's Deny access)",
  },
  {
    code: 66,
    symbol: "IAS_INVALID_AUTH_TYPE",
    area: "policy",
    text: "the authentication method does not match the network policy's",
  },
  {
    code: 67,
    symbol: "IAS_INVALID_CALLING_STATION",
    area: "policy",
    text: "the calling station id does not match the account's allowed one",
  },
  {
    code: 68,
    symbol: "IAS_INVALID_DIALIN_HOURS",
    area: "policy",
    text: "connection outside the policy's permitted hours",
  },
  {
    code: 69,
    symbol: "IAS_INVALID_CALLED_STATION",
    area: "policy",
    text: "the called station id does not match the policy",
  },
  {
    code: 70,
    symbol: "IAS_INVALID_PORT_TYPE",
    area: "policy",
    text: "the NAS port type does not match the policy",
  },
  {
    code: 71,
    symbol: "IAS_INVALID_RESTRICTION",
    area: "policy",
    text: "a dial-in restriction of the policy was not met",
  },
  { code: 72, area: "policy", text: "password change is not enabled in the matching policy" },
  { code: 73, area: "certificate", text: "the certificate's Enhanced Key Usage is missing or not valid" },
  { code: 80, symbol: "IAS_NO_RECORD", area: "server", text: "no record of the account was found" },
  { code: 96, symbol: "IAS_SESSION_TIMEOUT", area: "request", text: "the session timed out" },
  { code: 97, symbol: "IAS_UNEXPECTED_REQUEST", area: "request", text: "unexpected request" },
  { code: 112, area: "proxy", text: "the remote RADIUS server did not process the request" },
  { code: 113, area: "proxy", text: "the remote RADIUS server group does not exist" },
  {
    code: 115,
    area: "proxy",
    text: "the proxy did not forward a message that is neither accounting nor a connection request",
  },
  { code: 116, area: "proxy", text: "the proxy could not send the request (Windows sockets error)" },
  { code: 117, area: "proxy", text: "the remote RADIUS server did not respond" },
  { code: 118, area: "proxy", text: "the remote RADIUS server sent a malformed message" },
  { code: 256, area: "certificate", text: "the client's certificate is revoked" },
  {
    code: 257,
    area: "certificate",
    text: "NPS cannot reach the certificate revocation list (missing DLL or function)",
  },
  { code: 258, area: "certificate", text: "the revocation of the certificate could not be checked" },
  { code: 259, area: "certificate", text: "the CA that publishes the revocation list is not available" },
  { code: 260, area: "request", text: "the EAP message was altered" },
  { code: 261, area: "server", text: "NPS cannot contact Active Directory or the local account database" },
  { code: 262, area: "request", text: "the message was incomplete; the signature was not verified" },
  { code: 263, area: "credentials", text: "NPS did not receive complete credentials" },
  { code: 264, area: "certificate", text: "the clocks of NPS and the client are not synchronised" },
  { code: 265, area: "certificate", text: "the certificate chains to a root CA that NPS does not trust" },
  { code: 266, area: "request", text: "the message was unexpected or badly formatted" },
  { code: 267, area: "certificate", text: "the certificate lacks the Client Authentication purpose" },
  { code: 268, area: "certificate", text: "the certificate has expired" },
  { code: 269, area: "certificate", text: "NPS and the client have no common algorithm" },
  { code: 270, area: "policy", text: "the policy requires a smart card" },
  { code: 271, area: "server", text: "NPS was shutting down or restarting" },
  { code: 272, area: "certificate", text: "the certificate maps to several accounts" },
  { code: 273, area: "certificate", text: "trust verification: provider not recognised" },
  { code: 274, area: "certificate", text: "trust verification: action not supported" },
  { code: 275, area: "certificate", text: "trust verification: form not supported" },
  { code: 276, area: "certificate", text: "trust verification: the EAP binary is not trusted" },
  { code: 277, area: "certificate", text: "trust verification: the EAP binary is not signed" },
  { code: 278, area: "certificate", text: "the certificate has expired" },
  { code: 279, area: "certificate", text: "the validity periods of the certificate chain do not nest" },
  { code: 280, area: "certificate", text: "the certificate was not issued by a valid CA" },
  { code: 281, area: "certificate", text: "the certificate chain's path length constraint is exceeded" },
  { code: 282, area: "certificate", text: "the certificate has an unrecognised critical extension" },
  {
    code: 283,
    area: "certificate",
    text: "the certificate lacks the Client Authentication application policy",
  },
  {
    code: 284,
    area: "certificate",
    text: "the certificate's issuer and its parent in the chain do not match",
  },
  { code: 285, area: "certificate", text: "the certificate cannot be found or is incomplete" },
  { code: 286, area: "certificate", text: "the certificate's CA is not trusted by NPS" },
  {
    code: 287,
    area: "certificate",
    text: "the certificate does not chain to an enterprise root CA that NPS trusts",
  },
  { code: 288, area: "certificate", text: "unspecified trust failure" },
  { code: 289, area: "certificate", text: "the certificate is revoked" },
  { code: 290, area: "certificate", text: "a test certificate whose root is not trusted" },
  { code: 291, area: "certificate", text: "the certificate revocation list cannot be reached" },
  { code: 292, area: "certificate", text: "User-Name does not match the certificate's common name" },
  { code: 293, area: "certificate", text: "the certificate lacks the Client Authentication purpose" },
  { code: 294, area: "certificate", text: "the certificate is explicitly marked untrusted" },
  { code: 295, area: "certificate", text: "the certificate's CA is not trusted by NPS" },
  { code: 296, area: "certificate", text: "the certificate lacks the Client Authentication purpose" },
  { code: 297, area: "certificate", text: "the certificate has no valid name" },
  { code: 298, area: "certificate", text: "no valid UPN in the certificate, or User-Name does not match it" },
  { code: 299, area: "request", text: "wrong sequence of information during message verification" },
  { code: 300, area: "certificate", text: "the certificate is malformed: EAP cannot find its credentials" },
  {
    code: 301,
    area: "request",
    text: "invalid cryptobinding TLV from the client (possible man-in-the-middle)",
  },
  { code: 302, area: "request", text: "the client sent no required cryptobinding TLV" },
];

const BY_CODE = new Map(TABLE.map((reason) => [reason.code, reason]));

/** The table entry of a code; codes outside the published tables keep their number. */
export function radiusReason(code: number): RadiusReason {
  return (
    BY_CODE.get(code) ?? { code, area: "other", text: "reason code not in Microsoft's published tables" }
  );
}

/** "16 IAS_AUTH_FAILURE: authentication failed: …" — the words evidence rows carry. */
export function describeRadiusReason(code: number): string {
  const reason = radiusReason(code);
  return `${code}${reason.symbol ? ` ${reason.symbol}` : ""}: ${reason.text}`;
}

/** RADIUS Packet-Type values (IAS attribute 4136; knowledge/nps.md section 2). */
export const PACKET_TYPE = {
  accessRequest: 1,
  accessAccept: 2,
  accessReject: 3,
  accountingRequest: 4,
  accountingResponse: 5,
  accessChallenge: 11,
} as const;
