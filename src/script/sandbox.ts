/**
 * Runscope scripts (initial, before-request, post-response) in a `node:vm` context with
 * Runscope's script API: `variables.get/set`, `request`, `response`, chai's `assert` and
 * `expect`, `log`, plus the ordinary JS globals (`JSON`, `Math`, …). A per-script time limit
 * stops endless loops. NOT a security boundary: it is for trusted test files only.
 */
import vm from 'node:vm';
import { assert, expect, AssertionError } from 'chai';
import type { ScriptResult } from '../model/result.js';
import type { Script } from '../model/suite.js';
import type { Redactor } from '../http/redact.js';

export const DEFAULT_SCRIPT_TIMEOUT_MS = 2_000;

/** Runscope's `request` object (documented fields). */
export interface ScriptRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string[]>>;
  readonly body: string;
  readonly params: Readonly<Record<string, string[]>>;
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
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

/** Runs one script; never throws. Logs and messages pass through `redact`. */
export function runScript(script: Script, api: ScriptApi, redact: Redactor, timeoutMs = DEFAULT_SCRIPT_TIMEOUT_MS): ScriptOutcome {
  const logs: string[] = [];
  const log = (...args: unknown[]): void => {
    logs.push(redact(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' ')));
  };
  if (script.code.trim() === '') return { origin: script.origin, ok: true, logs, kind: 'pass' };
  const context = vm.createContext({
    variables: api.variables,
    request: api.request,
    response: api.response,
    assert,
    expect,
    log,
    console: { log, info: log, warn: log, error: log },
  });
  try {
    new vm.Script(script.code, { filename: script.origin }).runInContext(context, { timeout: timeoutMs });
    return { origin: script.origin, ok: true, logs, kind: 'pass' };
  } catch (e) {
    const err = e as { name?: string; message?: string; stack?: string; code?: string };
    if (e instanceof AssertionError || err.name === 'AssertionError') {
      return { origin: script.origin, ok: false, logs, kind: 'fail', error: redact(`assertion failed: ${err.message ?? ''}`) };
    }
    const timedOut = err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    const where = scriptLine(err.stack, script.origin);
    const message = timedOut
      ? `script did not finish within ${timeoutMs} ms (endless loop?)`
      : `${err.name ?? 'Error'}: ${err.message ?? String(e)}${where}`;
    return { origin: script.origin, ok: false, logs, kind: 'error', error: redact(message) };
  }
}

function scriptLine(stack: string | undefined, origin: string): string {
  if (!stack) return '';
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+)(?::(\\d+))?`).exec(stack);
  return m ? ` (line ${m[1]}${m[2] ? `, column ${m[2]}` : ''})` : '';
}

function safeStringify(value: unknown): string {
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}
