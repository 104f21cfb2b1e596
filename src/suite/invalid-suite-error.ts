/**
 * A suite definition that cannot run (DESIGN.md exit code 3): every problem found, each naming
 * where it is (`step 7 ("Required Test: …"): unknown comparison "foo" in assertions[2].comparison`),
 * so one run of the loader tells the user everything to fix.
 */
export class InvalidSuiteError extends Error {
  readonly problems: readonly string[];
  readonly path: string | undefined;

  constructor(problems: readonly string[], options: { readonly path?: string; readonly what?: string } = {}) {
    const what = options.what ?? 'suite';
    super(problems.length === 1
      ? `invalid ${what}: ${problems[0] ?? ''}`
      : `invalid ${what}, ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidSuiteError';
    this.problems = problems;
    this.path = options.path;
  }
}
