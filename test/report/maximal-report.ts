/**
 * A RunReport with every optional field present, typed so that the compiler insists on it:
 * `DeepRequired<RunReport>` makes every optional property required at every depth. It is also
 * assignable to RunReport, so it cannot hold a field the model does not have. Tests walk it
 * beside the schema to prove that schema and type name the same properties.
 */
import type { RunReport } from '../../src/model/report.js';

type DeepRequired<T> = T extends string | number | boolean | null
  ? T
  : T extends readonly [infer A, infer B]
    ? readonly [DeepRequired<A>, DeepRequired<B>]
    : T extends readonly (infer U)[]
      ? readonly DeepRequired<U>[]
      : T extends object
        ? { readonly [K in keyof T]-?: DeepRequired<Exclude<T[K], undefined>> }
        : T;

const exchange = {
  request: {
    method: 'POST',
    url: 'https://scim.example/scim/v2/Users',
    headers: [['Content-Type', 'application/scim+json']],
    body: { text: '{"userName":"scimconf-a@example.com"}', truncatedBytes: 0 },
  },
  response: {
    status: 201,
    headers: [['Content-Type', 'application/scim+json'], ['ETag', 'W/"1"']],
    body: { text: '{"id":"1"}', truncatedBytes: 12 },
    sizeBytes: 22,
  },
  timing: { totalMs: 12.5 },
  transportError: { code: 'ECONNRESET', message: 'socket hang up' },
} as const;

export const maximalReport: DeepRequired<RunReport> = {
  formatVersion: 1,
  meta: {
    runId: '20240601T101530Z-max',
    tool: { name: 'scim-conformance', version: '0.1.0' },
    node: 'v20.18.0',
    startedAt: '2024-06-01T10:15:30.000Z',
    finishedAt: '2024-06-01T10:15:31.000+02:00',
    durationMs: 1000,
    target: { scimUrl: 'https://scim.example/scim/v2', oktaOrgUrl: 'https://org.okta.example', okta: 'real' },
    suites: ['okta-spec'],
    options: {
      pauses: 'keep', strict: true, grep: ['okta-spec'], queryEncoding: 'plus', timeoutMs: 30000, seedUser: true, keepTestData: true, maxDurationMs: 300000, settleMs: 2000,
    },
    features: { patch: 'supported', bulk: 'unsupported', sort: 'unknown' },
    auth: {
      kind: 'oauth', grant: 'refresh_token', tokenUrl: 'https://login.example/oauth2/token',
      tokenExchanges: [{ at: '2024-06-01T10:15:30.500Z', grant: 'refresh_token', cause: 'rejected', reason: 'the SCIM server answered 401 to GET /Users', exchange, problem: 'the token endpoint answered 400 invalid_grant' }],
    },
  },
  suites: [{
    suiteId: 'okta-spec',
    name: 'Okta SCIM 2.0 SPEC test',
    source: { format: 'runscope', path: 'okta/spec.json', sha256: '0'.repeat(64) },
    verdict: 'fail',
    runscopeVerdict: 'fail',
    counts: { pass: 0, warn: 0, fail: 1, error: 0, skip: 0, 'n/a': 0 },
    steps: [{
      kind: 'request',
      stepId: 'create-user-returns-201',
      client: 'okta',
      title: 'Create a user',
      requirement: 'POST /Users MUST return 201.',
      fix: 'Return 201 Created.',
      level: 'required',
      refs: ['RFC7644-3.3'],
      verdict: 'fail',
      reason: 'expected 201, got 200',
      exchange,
      attempts: 2,
      assertions: [{
        title: 'response_status equal "201"',
        source: 'response_status',
        property: 'status',
        comparison: 'equal',
        level: 'required',
        verdict: 'fail',
        expected: '201',
        actual: { nested: [1, 'two', null, { three: true }] },
        message: 'expected 201, got 200',
      }],
      extractions: [{ name: 'idUserOne', ok: true, value: '1', message: 'extracted' }],
      scripts: [{ origin: 'step 1 post-response script', ok: false, logs: ['hello'], error: 'ReferenceError: x is not defined' }],
      pausedMs: 0,
      startedAt: '2024-06-01T10:15:30.100Z',
      durationMs: 15,
      runscopeVerdict: 'fail',
      sourceIndex: 1,
    }],
    cleanup: [{ title: 'DELETE SCIM user 1', ok: true, status: 204, message: 'deleted' }],
    provisioning: [exchange],
  }],
  summary: {
    verdict: 'fail',
    runscopeVerdict: 'fail',
    counts: { pass: 0, warn: 0, fail: 1, error: 0, skip: 0, 'n/a': 0 },
    line: 'FAIL okta-spec: 0 passed, 1 failed, 0 warnings, 0 errors, 0 skipped (1.00 s)',
  },
  complete: true,
  integrity: 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
  load: {
    clients: ['okta', 'entra'],
    durationMs: 10000,
    concurrency: 8,
    ratePerSecond: 50,
    requests: 480,
    throughputPerSecond: 47.5,
    latencyMs: { p50: 12.5, p90: 30, p99: 80.2, max: 95 },
    errors: 1,
    errorRate: 0.0021,
    rateLimited: 4,
    rateLimitedRate: 0.0083,
    retryAfterWaitedMs: 4000,
    usersCreated: 96,
    usersVerified: 95,
    operations: [{ client: 'okta', operation: 'create', requests: 48, errors: 1, rateLimited: 0, latencyMs: { p50: 12.5, p90: 30, p99: 80.2, max: 95 } }],
    timeline: [{ second: 0, requests: 48, rateLimited: 4, errors: 1, latencyMs: { p50: 12.5, p90: 30, p99: 80.2, max: 95 } }],
  },
};

/** A deep, mutable copy (for mutation tables). */
export function copyOf<T>(value: T): T {
  return structuredClone(value) as T;
}
