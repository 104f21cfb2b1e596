/**
 * Runscope scripts (initial, pre-request, post-response) in a `node:vm` context with Runscope's
 * script API (runscope.com/docs/api-testing/scripts, "Script Engine Overview"):
 *
 * - `variables.get(name)` / `variables.set(name, value)`;
 * - `request` (pre-request and post-response): method, url, headers (name → array), body,
 *   params, form, scheme, host, path, size_bytes — a pre-request script may edit it;
 * - `response` (post-response only): status, reason, headers (name → array, looked up
 *   case-insensitively), body, response_time_ms, size_bytes, content_type; and, not Runscope's,
 *   `json`: the body as the engine parsed it (shared, read-only; undefined when not JSON);
 * - chai's `assert` and `expect`, and `chai` itself (`chai.config.truncateThreshold = 0`);
 * - helpers `log(…)`, `encode_base64`, `decode_base64`, `btoa`, `atob`, `runscope_bucket`,
 *   `get_secret(key)`; the ordinary JS globals (`JSON`, `Math`, `Date`, `RegExp`, …).
 *
 * Not provided: the bundled third-party libraries (Underscore `_`, Moment, CryptoJS, marknote,
 * chai-json-schema, chai-fuzzy) and chai's `should` style (it patches Object.prototype of
 * another realm). A script that uses one fails as `error` with its line.
 *
 * Outcomes: a chai assertion that fails → `fail`; anything else thrown (syntax error, TypeError,
 * `throw "x"`, time limit) → `error` with the message and line. Runscope's limit is 20 s per
 * script; ours is the engine's `scriptTimeoutMs`, enforced for the script and the promise jobs
 * it queues. NOT a security boundary: it is for trusted test files only.
 */
import vm from 'node:vm';
import * as chai from 'chai';
import type { ScriptResult } from '../model/result.js';
import type { Script } from '../model/suite.js';
import type { Redactor } from '../http/redact.js';
import { parseSharedJson } from '../http/bounded-json.js';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 2_000;

/** Runscope's `request` object (documented fields). Pre-request scripts may change it. */
export interface ScriptRequest {
  method: string;
  url: string;
  /** Name → values; a script may also assign a plain string. */
  headers: Record<string, string[] | string>;
  body: string;
  /** Query parameters, name → values (a script may also assign an array of {name, value}). */
  params: Record<string, string[] | string> | { name: string; value: string }[];
  /** Form parameters of an `application/x-www-form-urlencoded` body, name → values. */
  form: Record<string, string[] | string>;
  scheme: string;
  host: string;
  path: string;
  readonly size_bytes: number;
}

/** Runscope's `response` object (documented fields). */
export interface ScriptResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: string;
  readonly response_time_ms: number;
  readonly size_bytes: number;
  readonly content_type: string;
}

export interface ScriptVariables {
  get(name: string): string | undefined;
  set(name: string, value: unknown): void;
}

export interface ScriptApi {
  readonly variables: ScriptVariables;
  readonly request?: ScriptRequest;
  readonly response?: ScriptResponse;
}

export interface ScriptOutcome extends ScriptResult {
  /** `fail` when a chai assertion failed, `error` when the script itself broke. */
  readonly kind: 'pass' | 'fail' | 'error';
}

function existingKey(target: object, key: string): string | undefined {
  if (Object.hasOwn(target, key)) return key;
  const lower = key.toLowerCase();
  return Object.keys(target).find((k) => k.toLowerCase() === lower);
}

/** Header lookup as HTTP does it: exact name first, then case-insensitively. */
function caseInsensitiveHeaders<T extends object>(headers: T): T {
  return new Proxy(headers, {
    get(target, key, receiver) {
      const name = typeof key === 'string' ? existingKey(target, key) ?? key : key;
      return Reflect.get(target, name, receiver);
    },
    has(target, key) {
      if (typeof key !== 'string') return Reflect.has(target, key);
      return existingKey(target, key) !== undefined || Reflect.has(target, key);
    },
    // Setting `authorization` when `Authorization` exists replaces it rather than adding a twin.
    set(target, key, value) {
      const name = typeof key === 'string' ? existingKey(target, key) ?? key : key;
      return Reflect.set(target, name, value);
    },
    deleteProperty(target, key) {
      const name = typeof key === 'string' ? existingKey(target, key) ?? key : key;
      return Reflect.deleteProperty(target, name);
    },
  });
}

function utf8ToBase64(text: unknown): string {
  return Buffer.from(String(text), 'utf8').toString('base64');
}

function base64ToUtf8(text: unknown): string {
  return Buffer.from(String(text), 'base64').toString('utf8');
}

/** Runs one script; never throws. Logs and messages pass through `redact`. */
export function runScript(script: Script, api: ScriptApi, redact: Redactor, timeoutMs = DEFAULT_SCRIPT_TIMEOUT_MS): ScriptOutcome {
  const logs: string[] = [];
  const log = (...args: unknown[]): void => {
    logs.push(redact(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' ')));
  };
  if (script.code.trim() === '') return { origin: script.origin, ok: true, logs, kind: 'pass' };
  const response = api.response ? { ...api.response, headers: caseInsensitiveHeaders({ ...api.response.headers }) } : undefined;
  if (response) {
    // Not Runscope's: the body as the engine parsed it (undefined when it is not JSON), shared
    // and READ-ONLY, for our own suites' scripts, so a 10^6-resource answer is not parsed again
    // by every script that reads it (issue 14). Non-enumerable: `log(response)` does not print it.
    const body = response.body;
    Object.defineProperty(response, 'json', {
      enumerable: false,
      get: () => {
        const parsed = parseSharedJson(body);
        return parsed.ok ? parsed.value : undefined;
      },
    });
  }
  const request = api.request;
  if (request) request.headers = caseInsensitiveHeaders(request.headers);
  const context = vm.createContext({
    variables: api.variables,
    request,
    response,
    assert: chai.assert,
    expect: chai.expect,
    chai,
    log,
    console: { log, info: log, warn: log, error: log, debug: log },
    encode_base64: utf8ToBase64,
    decode_base64: base64ToUtf8,
    btoa: (text: unknown) => Buffer.from(String(text), 'latin1').toString('base64'),
    atob: (text: unknown) => Buffer.from(String(text), 'base64').toString('latin1'),
    runscope_bucket: api.variables.get('runscope_bucket') ?? '',
    get_secret: (key: unknown) => {
      const v = api.variables.get(String(key));
      if (v === undefined) throw new Error(`secret ${JSON.stringify(String(key))} is not defined (pass it as a variable: --var ${String(key)}=…)`);
      return v;
    },
  });
  // Runscope scripts are synchronous. Promise jobs would run after vm's time limit has stopped
  // watching (and `microtaskMode: 'afterEvaluate'`, which would watch them, crashes Node's async
  // hooks when the limit fires), so the context has no Promise constructor or microtask queue.
  // An `async` function's own awaits are not covered: trusted files only.
  vm.runInContext(
    '(() => { const no = () => { throw new Error("Promise is not available: Runscope scripts run synchronously"); };'
    + ' globalThis.Promise = new Proxy(function Promise() {}, { get: no, apply: no, construct: no });'
    + ' globalThis.queueMicrotask = no; })();',
    context,
  );
  try {
    new vm.Script(script.code, { filename: script.origin }).runInContext(context, { timeout: timeoutMs });
    return { origin: script.origin, ok: true, logs, kind: 'pass' };
  } catch (e) {
    return { origin: script.origin, ok: false, logs, ...describeFailure(e, script, timeoutMs, redact) };
  }
}

function describeFailure(e: unknown, script: Script, timeoutMs: number, redact: Redactor): { kind: 'fail' | 'error'; error: string } {
  if (e === null || (typeof e !== 'object' && typeof e !== 'function')) {
    return { kind: 'error', error: redact(`the script threw ${safeStringify(e)}`) };
  }
  const err = e as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown };
  const message = typeof err.message === 'string' ? err.message : safeStringify(e);
  const where = scriptLine(typeof err.stack === 'string' ? err.stack : undefined, script.origin);
  if (e instanceof chai.AssertionError || err.name === 'AssertionError') {
    return { kind: 'fail', error: redact(`assertion failed: ${message}${where}`) };
  }
  if (err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
    return { kind: 'error', error: `script did not finish within ${timeoutMs} ms (endless loop?)` };
  }
  const name = typeof err.name === 'string' ? err.name : 'Error';
  return { kind: 'error', error: redact(`${name}: ${message}${where}`) };
}

/** `(line 3, column 7)` from a V8 stack (or a SyntaxError's first line) naming the script. */
function scriptLine(stack: string | undefined, origin: string): string {
  if (!stack) return '';
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A stack frame `at origin:3:7` has the column; vm's display header `origin:3` only the line.
  const m = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack) ?? new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return m ? ` (line ${m[1]}${m[2] ? `, column ${m[2]}` : ''})` : '';
}

function safeStringify(value: unknown): string {
  try {
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return String(value);
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
