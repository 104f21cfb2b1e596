/**
 * Capability discovery (DESIGN.md core decision 9): GET /ServiceProviderConfig once, before
 * suites whose steps `require` an optional feature. Unknown is not supported: a feature the
 * server does not advertise, or a config we cannot read, makes such steps `n/a` with the reason.
 */
import { sendRequest } from '../http/send.js';
import { parseSharedJson } from '../http/bounded-json.js';
import { joinScimUrl } from '../scim/base-url.js';
import type { HeaderList } from '../model/result.js';
import type { Feature, Suite } from '../model/suite.js';
import type { FeatureStatus } from './run-step.js';

export const FEATURES: readonly Feature[] = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'];

export type FeatureMap = Readonly<Record<Feature, FeatureStatus>>;

const UNKNOWN: FeatureMap = { patch: 'unknown', bulk: 'unknown', filter: 'unknown', changePassword: 'unknown', sort: 'unknown', etag: 'unknown' };

/** True when any step of the suites needs a discovered feature. */
export function needsDiscovery(suites: readonly Suite[]): boolean {
  return suites.some((s) => s.steps.some((step) => step.kind === 'request' && (step.requires?.length ?? 0) > 0));
}

/** Reads RFC 7643 §5 `<feature>.supported` flags; anything unreadable stays `unknown`. */
export function featuresFromConfig(config: unknown): FeatureMap {
  if (!config || typeof config !== 'object') return UNKNOWN;
  const out: Record<Feature, FeatureStatus> = { ...UNKNOWN };
  for (const f of FEATURES) {
    const entry = (config as Record<string, unknown>)[f];
    const supported = entry && typeof entry === 'object' ? (entry as { supported?: unknown }).supported : undefined;
    if (typeof supported === 'boolean') out[f] = supported ? 'supported' : 'unsupported';
  }
  return out;
}

/** GET <scimUrl>/ServiceProviderConfig with the run's Authorization header. */
export async function discoverFeatures(scimUrl: string, authorization: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<FeatureMap> {
  const headers: HeaderList = [['Accept', 'application/scim+json'], ...(authorization ? [['Authorization', authorization] as const] : [])];
  // `signal`: an interrupt or the run's deadline aborts it like any step's request (run-lifecycle.ts).
  const res = await sendRequest({ method: 'GET', url: joinScimUrl(scimUrl, '/ServiceProviderConfig'), headers, timeoutMs, ...(signal ? { signal } : {}) });
  if (!res.ok || res.response.status !== 200) return UNKNOWN;
  const parsed = parseSharedJson(res.response.text);
  return parsed.ok ? featuresFromConfig(parsed.value) : UNKNOWN;
}

/**
 * The feature lookup for a run: the caller's, or (when a step needs one) discovered from the
 * SCIM base URL in the plan's variables (SCIMBaseURL or SCIMUrl, with auth or SCIMAuth).
 */
export async function resolveFeatures(
  suites: readonly Suite[],
  variables: Readonly<Record<string, string>>,
  given: ((feature: Feature) => FeatureStatus) | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ lookup?: (feature: Feature) => FeatureStatus; discovered?: FeatureMap }> {
  if (given) return { lookup: given };
  const scimUrl = variables.SCIMBaseURL ?? variables.SCIMUrl;
  if (!scimUrl || !needsDiscovery(suites)) return {};
  const discovered = await discoverFeatures(scimUrl, variables.auth ?? variables.SCIMAuth, timeoutMs, signal);
  return { lookup: (f) => discovered[f], discovered };
}
