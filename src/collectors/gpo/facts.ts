/** The `gpo` fact: what rules see of this evidence source. (Shape owned by this source's collectors.) */
export interface GpoFacts {
  [key: string]: unknown;
}
