/** The `procmon` fact: what rules see of this evidence source. (Shape owned by this source's collectors.) */
export interface ProcmonFacts {
  [key: string]: unknown;
}
