/**
 * The per-computer model: one record per computer, keyed by its upper-case NetBIOS name, to which
 * every evidence source contributes observations with file:line provenance. The WSUS inventory,
 * the domain's computer list, IIS/HTTPERR traffic, Group Policy, NPS and the client's own logs
 * (WindowsUpdate.log, ReportingEvents.log, registry exports) all feed the same records, so the
 * verdict for a computer can cite every line that speaks about it.
 *
 * Contract for other sources: build an identity with `identify()` and call `model.observe()`.
 * Never invent a name: an observation known only by address is attached with `observeAddress()`
 * and joins a computer only when exactly one computer owns that address.
 */

/** Where an observation came from: the bundle-relative file and, when there is one, its line. */
export interface Provenance {
  file: string;
  line?: number;
}

/** The evidence sources that speak about computers. */
export type ObservationSource =
  | "wsus-inventory"
  | "active-directory"
  | "iis"
  | "httperr"
  | "gpo"
  | "nps"
  | "client-log"
  | "client-registry";

/**
 * One thing a source saw about one computer. `kind` is a stable token a verdict rule can match
 * (e.g. "wsus.last-report", "iis.scan", "iis.refused", "gpo.not-linked", "client.report-failed");
 * `text` is the sentence a consultant reads next to the provenance.
 */
export interface Observation {
  source: ObservationSource;
  kind: string;
  /** ISO 8601 UTC time the observation refers to, when it has one. */
  at?: string;
  text: string;
  /** The same finding without what is particular to this computer (its address, times, counts): the
   *  label computers are counted under when this observation is their cause. Defaults to `text`. */
  group?: string;
  provenance: Provenance;
}

/** How a source names a computer: whatever it knows of the name, address and WSUS client ID. */
export interface ComputerIdentity {
  /** Upper-case NetBIOS name (first label of the DNS name): the model's key. */
  key: string;
  /** Lower-case DNS name, when the source knows it. */
  dnsName?: string;
  ip?: string;
  /** SusClientId (WSUS `Id`), lower case. */
  clientId?: string;
}

export interface ComputerRecord {
  key: string;
  /** Every DNS name sources gave for this key, lower case, first seen first. */
  dnsNames: string[];
  ips: string[];
  clientIds: string[];
  /** Organisational unit in canonical form (contoso.com/Stores/Kiosks), from the domain's list. */
  ou?: string;
  observations: Observation[];
}

/** The key of a computer name: the first DNS label, upper case ("kiosk-014.contoso.com" → "KIOSK-014"). */
export function computerKey(name: string): string {
  const trimmed = name.trim().replace(/\$$/, "");
  const dot = trimmed.indexOf(".");
  return (dot > 0 ? trimmed.slice(0, dot) : trimmed).toUpperCase();
}

/** An identity from a computer name (short or DNS) and optional address and client ID. */
export function identify(name: string, extra: { ip?: string; clientId?: string } = {}): ComputerIdentity {
  const trimmed = name.trim().replace(/\$$/, "");
  const identity: ComputerIdentity = { key: computerKey(trimmed) };
  if (trimmed.includes(".")) identity.dnsName = trimmed.toLowerCase();
  if (extra.ip) identity.ip = extra.ip.trim();
  if (extra.clientId) identity.clientId = extra.clientId.trim().toLowerCase();
  return identity;
}

function addOnce(list: string[], value: string | undefined): void {
  if (value && !list.includes(value)) list.push(value);
}

export class ComputerModel {
  private readonly records = new Map<string, ComputerRecord>();
  private readonly byIp = new Map<string, Set<string>>();

  /** The record of a computer, created on first mention. */
  record(identity: ComputerIdentity): ComputerRecord {
    let record = this.records.get(identity.key);
    if (!record) {
      record = { key: identity.key, dnsNames: [], ips: [], clientIds: [], observations: [] };
      this.records.set(identity.key, record);
    }
    addOnce(record.dnsNames, identity.dnsName);
    addOnce(record.clientIds, identity.clientId);
    if (identity.ip && !record.ips.includes(identity.ip)) {
      record.ips.push(identity.ip);
      let owners = this.byIp.get(identity.ip);
      if (!owners) this.byIp.set(identity.ip, (owners = new Set()));
      owners.add(identity.key);
    }
    return record;
  }

  observe(identity: ComputerIdentity, observation: Observation): ComputerRecord {
    const record = this.record(identity);
    record.observations.push(observation);
    return record;
  }

  /**
   * Attach an observation known only by address (IIS, HTTPERR): to the one computer that owns the
   * address. Returns false when no computer or several computers (DHCP reuse, NAT) own it.
   */
  observeAddress(ip: string, observation: Observation): boolean {
    const owners = this.byIp.get(ip);
    if (!owners || owners.size !== 1) return false;
    const [key] = owners;
    this.records.get(key!)!.observations.push(observation);
    return true;
  }

  /** The computers that claim an address (several when DHCP reused it or NAT hides them). */
  ownersOf(ip: string): string[] {
    return [...(this.byIp.get(ip) ?? [])];
  }

  get(key: string): ComputerRecord | undefined {
    return this.records.get(key);
  }

  get size(): number {
    return this.records.size;
  }

  all(): IterableIterator<ComputerRecord> {
    return this.records.values();
  }
}
