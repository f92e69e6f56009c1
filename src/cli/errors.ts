/**
 * Only the entry point exits. Expected problems (bad arguments, a bundle that does not exist,
 * a broken rule file) are UserErrors: one sentence, exit code 2, no stack trace. Anything
 * else is a bug: said so, with the stack only under --debug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/**
 * Errors from the stages that are the user's to fix (an --out at a file, a locked output folder,
 * a logo that is not an image): said like UserErrors. Matched by name so the CLI does not reach
 * into the stages' modules for their classes.
 */
const USER_FIXABLE = new Set(["OutputError", "BrandingError"]);

export function asUserError(error: unknown): UserError | undefined {
  if (error instanceof UserError) return error;
  if (error instanceof Error && USER_FIXABLE.has(error.name)) return new UserError(error.message);
  return undefined;
}
