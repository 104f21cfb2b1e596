/** Defaults of the readiness check that the CLI needs before loading it. */

/** How old the SPEC and CRUD runs may be (configurable with --max-result-age-days). */
export const DEFAULT_RESULT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
