/** What a customer configuration may change about the rule set (see src/config for the file format). */
import type { Severity, Waiver } from "./types.js";

export interface RuleSetConfig {
  /** Rule ids turned off: outcome "disabled", with the reason shown. */
  disabled?: Record<string, string>;
  /** Severity per rule id. */
  severity?: Record<string, Severity>;
  /** Parameter values per rule id; unknown parameter names are a load error. */
  params?: Record<string, Record<string, unknown>>;
  waivers?: Waiver[];
}
