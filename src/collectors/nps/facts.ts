/** The `nps` fact: what rules see of this evidence source. (Shape owned by this source's collectors.) */
export interface NpsFacts {
  [key: string]: unknown;
}
