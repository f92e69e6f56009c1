/** The `eventlog` fact: what rules see of this evidence source. (Shape owned by this source's collectors.) */
export interface EventLogFacts {
  [key: string]: unknown;
}
