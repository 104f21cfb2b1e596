/**
 * One request step, in Runscope's order: render → pre-request scripts (which may edit the
 * rendered request) → send → extract → post-response scripts → assertions
 * (runscope.com/docs/api-testing/scripts). Every assertion is evaluated; nothing here throws.
 */
import { STATUS_CODES } from 'node:http';
import { evaluateAssertion } from '../assert/evaluate.js';
import { stringForm } from '../assert/convert.js';
import type { ResponseView } from '../assert/response-view.js';
import { headerValue, viewResponse } from '../assert/response-view.js';
import { SOURCES } from '../assert/sources/registry.js';
import { parseSharedJson } from '../http/bounded-json.js';
import { recordExchange } from '../http/record-exchange.js';
import type { Redactor } from '../http/redact.js';
import { keepAssertion, keepText } from '../assert/keep.js';
import type { AbortSource, OutgoingRequest, SendOutcome } from '../http/send.js';
import { sendAuthorized } from '../http/oauth-send.js';
import type {
  AssertionResult, ExtractionResult, HeaderList, HttpExchange, ScriptResult, StepResult,
} from '../model/result.js';
import { assertionTitle } from '../model/result.js';
import type { Feature, RequestStep, Suite } from '../model/suite.js';
import { stepClient } from '../model/suite.js';
import type { Verdict } from '../model/verdict.js';
import { failureVerdict, worstVerdict } from '../model/verdict.js';
import type { ScriptResponse } from '../script/sandbox.js';
import { runScript } from '../script/sandbox.js';
import { applyScriptRequest, toScriptRequest } from '../script/script-request.js';
import { placeBaseQuery } from '../scim/base-url.js';
import { completeScimRequest, mayCompleteScimRequest, schemaChecks } from '../scim/schema-validation-run.js';
import { sendBurst } from './burst.js';
import { isoTime } from './duration.js';
import type { EmitEvent } from './events.js';
import type { EngineOptions } from './options.js';
import { missingVariables as missingInTemplate, renderTemplate } from './template.js';
import type { TemplateFunctionContext } from './template-functions.js';
import { encodeUrl, renderUrlTemplate } from './url.js';
import type { TargetHealth } from './target-health.js';
import type { VariableStore } from './variables.js';

export type FeatureStatus = 'supported' | 'unsupported' | 'unknown';

export interface StepContext {
  readonly suite: Suite;
  readonly vars: VariableStore;
  readonly options: EngineOptions;
  /** Built from the secrets known now (a script may add some). */
  readonly redactor: () => Redactor;
  /** Variable name → id of the step that extracts it (static analysis of the suite). */
  readonly producers: ReadonlyMap<string, string>;
  readonly emit: EmitEvent;
  readonly features: (feature: Feature) => FeatureStatus;
  readonly functions: TemplateFunctionContext;
  readonly sleep: (ms: number) => Promise<void>;
  /** Origins that stopped answering in this run (not sent to again). */
  readonly health: TargetHealth;
  /**
   * The step's own signals (run-lifecycle.ts `startStep`), read only when needed; without them,
   * `options.signal` and `options.requestSignal`.
   */
  readonly signals?: { readonly stop: AbortSignal; readonly requests: AbortSource };
}

/** Ends waits: the run stopped, or the step's budget is spent. */
function stopSignal(ctx: StepContext): AbortSignal | undefined {
  return ctx.signals !== undefined ? ctx.signals.stop : ctx.options.signal;
}

/** Aborts the request in flight (interrupt grace, deadline, step budget). */
function requestSignal(ctx: StepContext): AbortSource | undefined {
  return ctx.signals !== undefined ? ctx.signals.requests : ctx.options.requestSignal;
}

interface RenderedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderList;
  readonly body?: string;
}

interface Attempt {
  readonly exchange: HttpExchange;
  readonly outcome: SendOutcome;
  readonly assertions: readonly AssertionResult[];
  readonly extractions: readonly ExtractionResult[];
  readonly scripts: readonly ScriptResult[];
  readonly scriptError?: string;
  /** Why the step does not apply to this server (a `verify` check said so). */
  readonly notApplicable?: string;
  readonly settled: boolean;
}

const BACKOFF_START_MS = 50;
const BACKOFF_MAX_MS = 1_000;
/**
 * A direct SCIM read-back that fails is read once more after this long before it fails: a
 * plain GET after a 2xx write is read-your-writes on every server we know of, so a miss is the
 * server's answer, and one short re-read tells a lagging server (warn, with the lag) from a
 * wrong one (fail) without making a failing run slower than a passing one (at most 500 ms,
 * issue 10).
 */
export const CONFIRM_REREAD_MS = 100;

/** What a read-back step knows about the write it reads back. */
export interface ReadBackContext {
  /** Why the server refused that write: then the read-back is not retried. */
  readonly refusedWrite?: string;
  /**
   * The write was a call to the Okta org (assign, update, deactivate…): what the read-back sees
   * is Okta's push to the SCIM server, not the write itself.
   */
  readonly viaOkta?: boolean;
  /**
   * Resolves when every push started so far has completed or failed (the Okta org emulator knows
   * this): the read-back is then judged once, with nothing left to wait for.
   */
  readonly settled?: () => Promise<void>;
  /**
   * The first push that failed since the write, as Okta's task words it: the emulator answers
   * from its own record, a real org from the app user's `syncState` (okta-wire.md §1.13).
   * Polling stops at once when there is one.
   */
  readonly pushFailure?: () => string | undefined | Promise<string | undefined>;
}

/**
 * Runs one request step. `pausedBeforeMs` is the Runscope pause that preceded it: slept
 * already when pauses are kept, otherwise the bound for read-back retries.
 */
export async function runRequestStep(step: RequestStep, ctx: StepContext, pausedBeforeMs: number, readBack: ReadBackContext = {}): Promise<StepResult> {
  const { refusedWrite } = readBack;
  // Time actually waited: a skipped pause only bounds the read-back retries.
  const sleptBeforeMs = ctx.options.pauses === 'keep' ? pausedBeforeMs : 0;
  const started = new StepStart(step, ctx.suite, sleptBeforeMs);

  const unsupported = step.requires === undefined ? undefined : step.requires.find((f) => ctx.features(f) !== 'supported');
  if (unsupported) {
    const status = ctx.features(unsupported);
    return started.finish({
      verdict: 'n/a', runscopeVerdict: 'skip', attempts: 0, assertions: [], extractions: [], scripts: [],
      reason: `the server ${status === 'unknown' ? 'does not say whether it supports' : 'does not support'} ${unsupported} (/ServiceProviderConfig)`,
    });
  }

  ctx.emit({ kind: 'step:start', step, suite: ctx.suite });

  const missing = missingVariables(step, ctx);
  if (missing.length > 0) {
    return started.finish({
      verdict: 'skip', runscopeVerdict: 'fail', attempts: 0, assertions: [], extractions: [], scripts: [],
      reason: missing.map((name) => describeMissing(name, ctx)).join('; '),
    });
  }

  let request: RenderedRequest;
  try {
    request = renderRequest(step, ctx);
  } catch (e) {
    return started.finish({
      verdict: 'error', runscopeVerdict: 'fail', attempts: 0, assertions: [], extractions: [], scripts: [],
      reason: (e as Error).message,
    });
  }

  // Pre-request scripts run after the templates are rendered and may edit the request; a
  // variable they set reaches later steps, not this one (runscope.com/docs/api-testing/scripts).
  const beforeScripts: ScriptResult[] = [];
  for (const script of step.beforeScripts) {
    const before = toScriptRequest(request);
    const edited = toScriptRequest(request);
    const outcome = runScript(script, { variables: scriptVariables(ctx, step.id), request: edited }, ctx.redactor(), ctx.options.scriptTimeoutMs);
    beforeScripts.push(stripKind(outcome));
    let problem = outcome.kind === 'pass' ? undefined : outcome.error;
    if (!problem) {
      try {
        request = applyScriptRequest(request, before, edited);
      } catch (e) {
        problem = (e as Error).message;
      }
    }
    if (problem) {
      return started.finish({
        verdict: 'error', runscopeVerdict: 'fail', attempts: 0, assertions: [], extractions: [], scripts: beforeScripts,
        reason: ctx.redactor()(`pre-request script failed: ${problem}`),
      });
    }
  }

  // Schema-driven payloads (scim/schema-validation-run.ts): a resource POST/PUT of a native suite
  // gets what the target's /Schemas requires and the user template gives (read once per run).
  if (mayCompleteScimRequest(request, ctx.suite.source.format)) request = await completeScimRequest(request, {
    run: ctx.health, suiteFormat: ctx.suite.source.format, scimBases: scimBases(ctx.vars.lookup),
    ...(ctx.options.userTemplate ? { userTemplate: ctx.options.userTemplate } : {}), token: step.id.replace(/[^a-z0-9]/gi, '').slice(-12) + String(Date.now() % 100000),
    ...(step.schemaPayload === 'all' ? { fillAll: true } : {}),
    get: async (url, headers) => {
      // Bounded like the step's own request (interrupt grace, deadline, step budget: run-lifecycle.ts).
      const signal = requestSignal(ctx);
      const answer = await sendAuthorized({ method: 'GET', url, headers, timeoutMs: ctx.options.timeoutMs, ...(signal ? { signal } : {}) }, ctx.options.auth);
      return answer.ok ? { status: answer.response.status, text: answer.response.text } : undefined;
    },
  });
  // What a schema-filled body held, for the read-back that checks it round-trips.
  if (step.schemaPayload === 'all' && request.body !== undefined) ctx.vars.set('schemaPayloadSent', request.body, { kind: 'extraction', stepId: step.id });

  // Read-backs (ARCHITECTURE.md "Read-backs"): with pauses kept, wait the bound once as Runscope
  // does; else judge once after Okta's push settled (emulator), poll a real Okta org until its
  // bound or until Okta reports the push failed, or judge a direct SCIM read-back at once and
  // confirm a miss with one re-read (`--settle MS`: retry with backoff instead).
  const declaredBound = step.readBack?.boundMs ?? 0;
  const settledBy = step.readBack?.settledBy === 'assertions';
  let waitedMs = 0;
  let mode: 'once' | 'settled-push' | 'poll' | 'confirm' | 'settle' = 'once';
  let retryBoundMs = 0;
  if (ctx.options.pauses === 'keep') {
    waitedMs = Math.max(0, declaredBound - pausedBeforeMs);
    if (waitedMs > 0) await ctx.sleep(waitedMs);
  } else if (step.readBack && refusedWrite === undefined) {
    const okBound = Math.max(declaredBound, pausedBeforeMs);
    const capped = (ms: number): number => (ctx.options.readBackTimeoutMs !== undefined ? Math.min(ms, ctx.options.readBackTimeoutMs) : ms);
    if (readBack.viaOkta && readBack.settled) {
      mode = 'settled-push';
      await waitBounded(readBack.settled(), capped(okBound), stopSignal(ctx));
    } else if (readBack.viaOkta) {
      mode = 'poll';
      retryBoundMs = capped(okBound);
    } else if (ctx.options.settleMs !== undefined && ctx.options.settleMs > 0) {
      mode = 'settle';
      retryBoundMs = ctx.options.settleMs;
    } else {
      mode = 'confirm';
    }
  }

  let attempt: Attempt;
  let attempts = 0;
  let pushFailed: string | undefined;
  let delay = BACKOFF_START_MS;
  let lagMs: number | undefined;
  const deadline = performance.now() + retryBoundMs;
  attempts += 1;
  attempt = await attemptOnce(step, ctx, request, settledBy);
  const firstMissAt = performance.now();
  if (mode === 'settled-push' && !attempt.settled) {
    pushFailed = await readBack.pushFailure?.();
  } else if (mode === 'confirm' && !attempt.settled && attempt.outcome.ok && !stopSignal(ctx)?.aborted) {
    ctx.emit({ kind: 'step:retry', step, attempt: attempts, reason: firstProblem(attempt) ?? 'not yet' });
    await ctx.sleep(CONFIRM_REREAD_MS);
    attempts += 1;
    attempt = await attemptOnce(step, ctx, request, settledBy);
    if (attempt.settled) lagMs = Math.round(performance.now() - firstMissAt);
  } else if (mode === 'poll' || mode === 'settle') {
    // A transport error is not "not yet": retrying an unreachable target only delays the verdict.
    while (!attempt.settled && attempt.outcome.ok && !stopSignal(ctx)?.aborted) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) break;
      pushFailed = await readBack.pushFailure?.();
      if (pushFailed !== undefined) break;
      ctx.emit({ kind: 'step:retry', step, attempt: attempts, reason: firstProblem(attempt) ?? 'not yet' });
      await ctx.sleep(Math.min(delay, remaining));
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      attempts += 1;
      attempt = await attemptOnce(step, ctx, request, settledBy);
    }
  }

  const scripts = beforeScripts.length === 0 ? attempt.scripts : [...beforeScripts, ...attempt.scripts];
  // Runscope's verdict: its own assertions (our schema checks aside), extractions and scripts.
  let runscopeOk = attempt.outcome.ok;
  for (const a of attempt.assertions) if (a.verdict !== 'pass' && a.source !== 'schema') runscopeOk = false;
  for (const x of attempt.extractions) if (!x.ok) runscopeOk = false;
  for (const script of scripts) if (!script.ok) runscopeOk = false;
  const common = {
    exchange: attempt.exchange,
    attempts,
    assertions: attempt.assertions,
    extractions: attempt.extractions,
    scripts,
    pausedMs: sleptBeforeMs + waitedMs,
    runscopeVerdict: runscopeOk ? ('pass' as const) : ('fail' as const),
  };
  if (!attempt.outcome.ok) {
    return started.finish({ ...common, verdict: 'error', reason: attempt.outcome.error.message });
  }
  if (attempt.notApplicable !== undefined) {
    return started.finish({ ...common, verdict: 'n/a', runscopeVerdict: 'skip', reason: attempt.notApplicable });
  }
  const verdict = attempt.assertions.length === 0 && !attempt.scriptError
    ? 'pass'
    : worstVerdict(attempt.scriptError ? verdictsOf(attempt.assertions, 'error') : verdictsOf(attempt.assertions));
  if (lagMs !== undefined && verdict === 'pass') {
    // Okta and Entra look a user up by filter right before creating it: a read that lags a
    // write means duplicate users in production (okta-wire.md §1.3).
    return started.finish({
      ...common,
      verdict: ctx.options.strict ? 'fail' : 'warn',
      reason: `held only on a re-read ${lagMs} ms after the first read missed it: the server is not read-your-writes, so Okta's and Entra's lookup right before a create can miss a user and create a duplicate (if it is eventually consistent on purpose, run with --settle MS)`,
    });
  }
  const problem = firstProblem(attempt);
  const retried = pushFailed !== undefined
    ? ` (${mode === 'settled-push' ? '' : 'not retried further: '}Okta's push failed: ${pushFailed})`
    : mode === 'settled-push'
      ? " (judged after Okta's push completed)"
      : mode === 'confirm' && attempts > 1
        ? ` (still so on a re-read ${CONFIRM_REREAD_MS} ms later)`
        : attempts > 1
          ? ` (still so after ${attempts} attempts over ${Math.round(retryBoundMs)} ms${mode === 'settle' ? ', --settle' : ''})`
          : step.readBack && refusedWrite !== undefined && ctx.options.pauses !== 'keep' ? ` (not retried: ${refusedWrite})` : '';
  // The common members, then the verdict and its reason, without copying them into a new object.
  const end = common as typeof common & { verdict: Verdict; reason?: string };
  end.verdict = verdict;
  if (verdict !== 'pass' && problem) end.reason = keepText(problem + retried + serverSaid(attempt), ctx.redactor());
  return started.finish(end);
}

/** One try of `step`; `settledByAssertions`: settled once its declared assertions pass (verify checks aside). */
async function attemptOnce(step: RequestStep, ctx: StepContext, request: RenderedRequest, settledByAssertions: boolean): Promise<Attempt> {
  const unresponsive = ctx.health.unresponsive(request.url);
  const signal = requestSignal(ctx);
  const outgoing: { -readonly [K in keyof OutgoingRequest]: OutgoingRequest[K] } = {
    method: request.method,
    url: request.url,
    headers: request.headers,
    timeoutMs: ctx.options.timeoutMs,
  };
  if (request.body !== undefined) outgoing.body = request.body;
  // Aborted only after the interrupt's grace period (so what it created is usually known and
  // cleaned up), at the run's deadline, or when the step's budget is spent (run-lifecycle.ts).
  if (signal) outgoing.signal = signal;
  // OAuth runs: the Authorization stand-in becomes the current token (http/oauth-send.ts).
  let outcome: SendOutcome;
  if (unresponsive !== undefined) {
    outcome = { ok: false, error: { code: 'ENOTSENT', message: unresponsive }, totalMs: 0 };
  } else if (step.burst !== undefined) {
    const burst = await sendBurst(outgoing, step.burst, (r) => sendAuthorized(r, ctx.options.auth), ctx.sleep, stopSignal(ctx));
    outcome = burst.outcome;
    const origin = { kind: 'extraction', stepId: step.id } as const;
    ctx.vars.set('burst.requestsPerSecond', String(burst.stats.requestsPerSecond), origin);
    ctx.vars.set('burst.sent', String(burst.stats.sent), origin);
    ctx.vars.set('burst.notOk', String(burst.stats.notOk), origin);
    ctx.vars.set('burst.statuses', JSON.stringify(burst.stats.statuses), origin);
  } else {
    outcome = await sendAuthorized(outgoing, ctx.options.auth);
  }
  if (unresponsive === undefined) ctx.health.note(request.url, outcome);
  const exchange = recordExchange(request, outcome, ctx.redactor());
  if (!outcome.ok) {
    return { exchange, outcome, assertions: [], extractions: [], scripts: [], settled: false };
  }
  const view = viewResponse({
    status: outcome.response.status,
    headers: outcome.response.headers,
    text: outcome.response.text,
    timeMs: outcome.totalMs,
    sizeBytes: outcome.response.sizeBytes,
    truncatedBytes: outcome.response.truncatedBytes,
  });

  const extractions: ExtractionResult[] = [];
  for (const x of step.extractions) extractions.push(extract(x, view, ctx, step.id));

  const scripts: ScriptResult[] = [];
  let scriptError: string | undefined;
  let scriptFailures: AssertionResult[] = [];
  for (const script of step.scripts) {
    const outcomeS = runScript(
      script,
      { variables: scriptVariables(ctx, step.id), request: toScriptRequest(request), response: scriptResponse(view) },
      ctx.redactor(),
      ctx.options.scriptTimeoutMs,
    );
    scripts.push(stripKind(outcomeS));
    if (outcomeS.kind === 'error' && !scriptError) scriptError = outcomeS.error;
    if (outcomeS.kind === 'fail') {
      scriptFailures = [...scriptFailures, {
        title: `${script.origin}`, source: 'script', level: step.level,
        verdict: failureVerdict(step.level, ctx.options.strict), expected: 'script assertions pass',
        actual: outcomeS.error ?? 'assertion failed', message: outcomeS.error ?? 'assertion failed',
      }];
    }
  }

  const lookup = ctx.vars.lookup;
  const judging = { level: step.level, strict: ctx.options.strict };
  const assertions: AssertionResult[] = [];
  for (const a of step.assertions) {
    const rendered = a.value === null ? undefined : renderTemplate(a.value, lookup, ctx.functions);
    if (rendered !== undefined && rendered.errors.length > 0) {
      assertions.push({
        title: assertionTitle(a), source: a.source, ...(a.property ? { property: a.property } : {}), comparison: a.comparison,
        level: a.level ?? step.level, verdict: 'error' as const, expected: rendered.text, actual: { missing: true }, message: rendered.errors.join('; '),
      });
    } else {
      assertions.push(evaluateAssertion(a, rendered === undefined ? null : rendered.text, view, judging));
    }
  }
  const declared = assertions.length;
  const verified = runVerify(step, view, ctx);
  for (const r of verified.results) assertions.push(r);
  for (const f of scriptFailures) assertions.push(f);
  if (scriptError) {
    assertions.push({
      title: 'post-response script', source: 'script', level: step.level, verdict: 'error',
      expected: 'the script runs', actual: scriptError, message: scriptError,
    });
  }
  // Settled: the assertions judged (the declared ones only, when settled by them) pass and every extraction worked.
  let settled = true;
  const judged = settledByAssertions ? declared : assertions.length;
  for (let i = 0; i < judged; i += 1) if (assertions[i]!.verdict !== 'pass') settled = false;
  for (const x of extractions) if (!x.ok) settled = false;
  // Schema findings (scim/schema-validation-run.ts) come after the settled judgement: waiting
  // does not change them, so a read-back is never retried for one.
  if (verified.notApplicable === undefined) {
    const findings = schemaChecks({
      run: ctx.health, suiteId: ctx.suite.id, suiteFormat: ctx.suite.source.format, stepId: step.id, url: request.url,
      scimBases: scimBases(lookup), status: view.status, json: view.json.ok ? view.json.value : undefined, strict: ctx.options.strict,
    });
    for (const f of findings) assertions.push(f);
  }
  // Redact at the source: a server may echo a credential back in a body we quote. Each value is
  // capped as it is kept (assert/keep.ts), so a huge body costs the report nothing more.
  const redact = ctx.redactor();
  for (let i = 0; i < assertions.length; i += 1) assertions[i] = keepAssertion(assertions[i]!, redact);
  const attempt: { -readonly [K in keyof Attempt]: Attempt[K] } = { exchange, outcome, assertions, extractions, scripts, settled };
  if (scriptError) attempt.scriptError = scriptError;
  if (verified.notApplicable !== undefined) attempt.notApplicable = keepText(verified.notApplicable, redact);
  return attempt;
}

function runVerify(step: RequestStep, view: ResponseView, ctx: StepContext): { results: AssertionResult[]; notApplicable?: string } {
  if (!step.verify) return { results: [] };
  try {
    const checks = step.verify({
      status: view.status,
      headers: joinedHeaders(view.headers),
      text: view.text,
      json: view.json.ok ? view.json.value : undefined,
      vars: (name) => ctx.vars.get(name),
    });
    const results: AssertionResult[] = [];
    let notApplicable: (typeof checks)[number] | undefined;
    for (const c of checks) {
      const level = c.level ?? step.level;
      const result: { -readonly [K in keyof AssertionResult]: AssertionResult[K] } = {
        title: c.title, source: 'verify', level, expected: c.expected, actual: c.actual,
        verdict: c.ok ? 'pass' : failureVerdict(level, ctx.options.strict),
      };
      if (!c.ok) result.message = `expected ${c.expected}`;
      results.push(result);
      if (notApplicable === undefined && c.notApplicable === true) notApplicable = c;
    }
    return notApplicable === undefined ? { results } : { results, notApplicable: `not applicable: ${stringForm(notApplicable.actual)}` };
  } catch (e) {
    return {
      results: [{
        title: 'verify', source: 'verify', level: step.level, verdict: 'error', expected: 'the check runs',
        actual: String((e as Error).message), message: `check crashed: ${(e as Error).message}`,
      }],
    };
  }
}

/** Header values by lower-case name, a repeated name's values joined with ", " (as {@link headerValue} gives them). */
function joinedHeaders(headers: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const header of headers) {
    const name = header[0].toLowerCase();
    const before = Object.hasOwn(out, name) ? out[name] : undefined;
    const value = before === undefined ? header[1] : `${before}, ${header[1]}`;
    // A header a server names `__proto__` is a key like any other, not the record's prototype.
    if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    else out[name] = value;
  }
  return out;
}

function extract(x: RequestStep['extractions'][number], view: ResponseView, ctx: StepContext, stepId: string): ExtractionResult {
  const source = SOURCES[x.source];
  let actual;
  try {
    actual = source.read(view, x.property);
  } catch (e) {
    return { name: x.name, ok: false, message: (e as Error).message };
  }
  if (actual.kind === 'missing') return x.optional ? { name: x.name, ok: true, message: `nothing to extract: ${actual.why}` } : { name: x.name, ok: false, message: actual.why };
  const value = stringForm(actual.value);
  ctx.vars.set(x.name, value, { kind: 'extraction', stepId });
  return { name: x.name, ok: true, value: keepText(value, ctx.redactor()) };
}

function renderRequest(step: RequestStep, ctx: StepContext): RenderedRequest {
  const lookup = ctx.vars.lookup;
  const body = step.request.body === undefined ? undefined : renderOrThrow(step.request.body, ctx);
  const url = renderUrlTemplate(step.request.url, lookup, ctx.functions);
  if (url.errors.length) throw new Error(url.errors.join('; '));
  const rendered: { -readonly [K in keyof RenderedRequest]: RenderedRequest[K] } = {
    method: step.request.method,
    url: encodeUrl(placeBaseQuery(url.text, scimBases(lookup)), ctx.options.queryEncoding),
    headers: renderHeaders(step.request.headers, ctx),
  };
  if (body !== undefined && !(body === '' && step.request.method === 'GET')) rendered.body = body;
  return rendered;
}

/** The step's headers with their values rendered (by index: no array pattern per header). */
function renderHeaders(headers: HeaderList, ctx: StepContext): HeaderList {
  const out: (readonly [string, string])[] = new Array(headers.length);
  for (let i = 0; i < headers.length; i += 1) {
    const header = headers[i]!;
    out[i] = [header[0], renderOrThrow(header[1], ctx)];
  }
  return out;
}

function renderOrThrow(template: string, ctx: StepContext): string {
  const r = renderTemplate(template, ctx.vars.lookup, ctx.functions);
  if (r.errors.length) throw new Error(r.errors.join('; '));
  return r.text;
}

type StepEnd = Omit<StepResult, 'kind' | 'stepId' | 'title' | 'requirement' | 'fix' | 'level' | 'refs' | 'startedAt' | 'sourceIndex' | 'client' | 'durationMs' | 'pausedMs'> & { pausedMs?: number };

/** When and how a request step started; {@link finish} makes its result (the fields in the report's order). */
class StepStart {
  readonly #step: RequestStep;
  readonly #suite: Suite;
  readonly #sleptBeforeMs: number;
  readonly #startedAt = Date.now();
  readonly #t0 = performance.now();

  constructor(step: RequestStep, suite: Suite, sleptBeforeMs: number) {
    this.#step = step;
    this.#suite = suite;
    this.#sleptBeforeMs = sleptBeforeMs;
  }

  finish(rest: StepEnd): StepResult {
    const step = this.#step;
    // Members in the report's order, assigned rather than spread (one object per step, not four).
    const out = {
      kind: 'request',
      stepId: step.id,
      title: step.title,
      requirement: step.requirement,
      fix: step.fix,
      level: step.level,
      refs: step.refs,
      startedAt: isoTime(this.#startedAt),
    } as { -readonly [K in keyof StepResult]: StepResult[K] };
    if (step.sourceIndex !== undefined) out.sourceIndex = step.sourceIndex;
    const client = stepClient(step, this.#suite);
    if (client !== undefined) out.client = client;
    out.pausedMs = this.#sleptBeforeMs;
    Object.assign(out, rest);
    out.durationMs = Math.round(performance.now() - this.#t0);
    return out;
  }
}

/** The SCIM base URLs a template may start with (Okta's two names for it). */
export function scimBases(lookup: (name: string) => string | undefined): (string | undefined)[] {
  return [lookup('SCIMBaseURL'), lookup('SCIMUrl')];
}

/** Variables the step needs (URL, headers, body, expected values) that are not defined. */
function missingVariables(step: RequestStep, ctx: StepContext): string[] {
  let missing = addMissing(step.request.url, ctx, undefined);
  missing = addMissing(step.request.body, ctx, missing);
  for (const header of step.request.headers) missing = addMissing(header[1], ctx, missing);
  for (const a of step.assertions) missing = addMissing(a.value, ctx, missing);
  return missing === undefined ? [] : [...missing];
}

/** `missing` with the variables `template` needs and has not; the set is made on the first one (most steps have none). */
function addMissing(template: string | null | undefined, ctx: StepContext, missing: Set<string> | undefined): Set<string> | undefined {
  if (template === null || template === undefined) return missing;
  const found = missingInTemplate(template, ctx.vars.lookup, ctx.functions);
  if (found.length === 0) return missing;
  const out = missing ?? new Set<string>();
  for (const m of found) out.add(m);
  return out;
}

function describeMissing(name: string, ctx: StepContext): string {
  const producer = ctx.producers.get(name);
  return producer
    ? `needs {{${name}}}, which step ${producer} did not produce`
    : `needs {{${name}}}, which no input, initial script or earlier step defines`;
}


function scriptVariables(ctx: StepContext, stepId: string) {
  return {
    get: (name: string): string | undefined => ctx.vars.get(name),
    set: (name: string, value: unknown): void => {
      ctx.vars.set(String(name), stringForm(value), { kind: 'script', stepId });
    },
  };
}

function headerRecord(headers: HeaderList): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [n, v] of headers) (out[n] ??= []).push(v);
  return out;
}

function scriptResponse(v: ResponseView): ScriptResponse {
  return {
    // undici does not expose the status line's reason phrase; the standard phrase stands in.
    status: v.status, reason: STATUS_CODES[v.status] ?? '', headers: headerRecord(v.headers), body: v.text,
    response_time_ms: Math.round(v.timeMs), size_bytes: v.sizeBytes,
    content_type: headerValue(v.headers, 'content-type') ?? '',
  };
}

function stripKind(o: ScriptResult & { kind?: unknown }): ScriptResult {
  return { origin: o.origin, ok: o.ok, logs: o.logs, ...(o.error ? { error: o.error } : {}) };
}

/**
 * What an error answer said about itself: a SCIM Error's scimType and detail (RFC7644-3.12) or
 * an Okta error's errorCode and errorSummary, so a failed step's reason carries the server's
 * own explanation. Empty for 2xx/3xx answers and bodies without either.
 */
function serverSaid(a: Attempt): string {
  const response = a.exchange.response;
  if (response === undefined || response.status < 400) return '';
  const parsed = parseSharedJson(response.body.text);
  const body = parsed.ok ? parsed.value : undefined;
  if (typeof body !== 'object' || body === null) return '';
  const field = (name: string): string | undefined => {
    const value = (body as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const okta = field('errorSummary') !== undefined;
  const [code, text] = okta ? [field('errorCode'), field('errorSummary')] : [field('scimType'), field('detail')];
  if (text === undefined) return '';
  // Okta puts the specifics ("login: An object with this field already exists") in errorCauses.
  const causes = okta ? (body as { errorCauses?: unknown }).errorCauses : undefined;
  const cause = Array.isArray(causes) ? (causes[0] as { errorSummary?: unknown } | undefined)?.errorSummary : undefined;
  const said = `${code !== undefined ? `${code}: ` : ''}${text}${typeof cause === 'string' && cause.trim() !== '' ? ` (${cause.trim()})` : ''}`;
  return ` — the server said ${JSON.stringify(said.length > 200 ? `${said.slice(0, 200)}…` : said)}`;
}

/** The verdicts of `results`, and `extra` after them when given. */
function verdictsOf(results: readonly AssertionResult[], extra?: Verdict): Verdict[] {
  const out: Verdict[] = [];
  for (const r of results) out.push(r.verdict);
  if (extra !== undefined) out.push(extra);
  return out;
}

function firstProblem(a: Attempt): string | undefined {
  if (!a.outcome.ok) return a.outcome.error.message;
  const bad = a.assertions.find((x) => x.verdict !== 'pass');
  if (bad) return `${bad.title}: ${bad.message ?? 'failed'}`;
  const x = a.extractions.find((e) => !e.ok);
  return x ? `could not extract {{${x.name}}}: ${x.message ?? ''}` : undefined;
}

/** Waits for `work`, at most `boundMs` and never past `signal`. */
async function waitBounded(work: Promise<unknown>, boundMs: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      work.then(() => undefined, () => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, Math.min(boundMs, 2_147_483_647)));
        onAbort = () => resolve();
        if (signal?.aborted) resolve();
        else signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
