/**
 * The `adComputers` fact: the domain's computer list (Get-ADComputer … | Export-Csv,
 * knowledge/wsus-computers.md §15): who should be in WSUS. LastLogonDate is the exporting
 * machine's local time and lags reality by up to ~14 days (lastLogonTimestamp replication).
 */
import type { DateOrder, Stamp } from "../ps-export/dates.js";

export interface AdComputer {
  /** Upper-case NetBIOS name (AD `Name`). */
  key: string;
  name: string;
  /** DNSHostName, lower case; empty on pre-staged accounts that never joined. */
  dnsName?: string;
  /** undefined when the export has no Enabled column. */
  enabled?: boolean;
  distinguishedName?: string;
  /** The container in canonical form (contoso.com/Stores/Kiosks), from the distinguished name. */
  ou?: string;
  os?: string;
  lastLogon?: Stamp;
  ip?: string;
  file: string;
  line: number;
}

export interface AdComputersFile {
  file: string;
  computers: number;
  dateOrder: DateOrder;
  dateNote: string;
  /** Whether the export has a last-logon column at all (without one, "recently active" cannot be judged). */
  hasLastLogon: boolean;
  hasEnabled: boolean;
  newest?: string;
}

export interface AdComputersFacts {
  files: AdComputersFile[];
  computers: AdComputer[];
  newest?: string;
}

export interface AdComputersFragment {
  file: AdComputersFile;
  computers: AdComputer[];
}
