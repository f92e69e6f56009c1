/**
 * The `wsusSetup` fact: the WSUS server's own view of its install, from a `reg export` of
 * HKLM\SOFTWARE\Microsoft\Update Services\Server\Setup (knowledge/iis.md §1, §9). Each value keeps
 * the line it was read from, so a verdict resting on it can say where.
 */

export interface SetupValue<T> {
  value: T;
  line: number;
}

export interface WsusSetupFacts {
  file: string;
  /** IISTargetWebsiteIndex: the IIS site id of the WSUS site (its logs are in W3SVC<id>). */
  siteId?: SetupValue<number>;
  /** PortNumber: the WSUS site's HTTP port (8530 or 80). */
  port?: SetupValue<number>;
  /** UsingSSL: clients use the HTTPS port (PortNumber + 1, or 443 beside 80). */
  ssl?: SetupValue<boolean>;
  /** ContentDir: where WSUSContent lives. */
  contentDir?: SetupValue<string>;
  /** SqlServerName: the SUSDB instance (MICROSOFT##WID for the Windows Internal Database). */
  sqlServerName?: SetupValue<string>;
}
