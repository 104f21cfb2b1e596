/**
 * Secrets (SCIMAuth, oktaToken, test passwords) never leave the process: every text that
 * reaches an exchange record, a log or a report passes through a redactor first.
 */
export const REDACTED = '‹redacted›';

/** Shortest value we redact: shorter "secrets" would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

/**
 * The forms a secret can take on the wire: the whole value, the credential after an
 * Authorization scheme (`Bearer abc` → `abc`), and their URL-encoded and base64 forms.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const scheme = /^(?:Bearer|Basic|SSWS|Token|Digest)\s+(.+)$/i.exec(secret.trim());
  if (scheme?.[1]) forms.add(scheme[1]);
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form));
    forms.add(JSON.stringify(form).slice(1, -1));
    forms.add(Buffer.from(form).toString('base64'));
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** Builds a redactor for the given secret values (empty or short ones are ignored). */
export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const forms = new Set<string>();
  for (const s of secrets) if (s) for (const f of secretForms(s)) forms.add(f);
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const f of ordered) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
}

/** Applies a redactor to every string inside a JSON-like value (keys included). */
export function redactDeep(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)]));
  }
  return value;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);

/**
 * Credential headers are redacted wholesale, whatever their value (an export may write a
 * credential literally, or build one with Runscope's basic-auth helper); the scheme is kept
 * so a reader still sees "Bearer" vs "SSWS" vs "Basic".
 */
export function redactHeader(name: string, value: string, redact: Redactor): string {
  if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) return redact(value);
  const scheme = /^(Bearer|Basic|SSWS|Token|Digest|Negotiate)\s+\S/i.exec(value.trim());
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}
