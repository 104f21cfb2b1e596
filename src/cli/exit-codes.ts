/** The exit-code table (DESIGN.md CLI contract), documented in --help and tested end to end. */
export const EXIT = {
  /** Run complete; every required check passed (warnings allowed unless --strict). */
  ok: 0,
  /** Run complete; a required check failed. */
  failed: 1,
  /** Usage or configuration error; nothing was sent. */
  usage: 2,
  /** Invalid suite or Runscope export; nothing was sent. */
  invalidSuite: 3,
  /** Could not run: target unreachable, an `error` verdict, interrupted, or an internal error. */
  couldNotRun: 4,
} as const;

export const EXIT_CODE_HELP = [
  'Exit codes:',
  '  0  every required check passed (warnings allowed unless --strict)',
  '  1  a required check failed',
  '  2  usage or configuration error (nothing sent)',
  '  3  invalid suite or Runscope export (nothing sent)',
  '  4  could not run: target unreachable, an error verdict, interrupted, internal error',
].join('\n');

/** A problem the user must fix before anything is sent; carries its exit code. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}
