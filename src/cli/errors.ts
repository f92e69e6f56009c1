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
