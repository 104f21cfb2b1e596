/**
 * URL and email rules shared by the field checks: https, public host, no credentials, and the
 * normal form used to compare a report's target with the manifest's base URL.
 */

/** Why a URL is unusable for the OIN (Okta's cloud must reach it over https), or undefined. */
export function httpsProblem(text: string, what: string, options: { allowPath?: boolean; allowQuery?: boolean } = {}): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return `${what} is empty.`;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return `${what} ${JSON.stringify(clipText(trimmed, 80))} is not an absolute URL.`;
  }
  if (url.protocol !== 'https:') return `${what} uses ${url.protocol.replace(':', '')}, not https.`;
  if (url.username !== '' || url.password !== '') return `${what} carries credentials in the URL (user:password@); those would be published.`;
  if (isPrivateHost(url.hostname)) return `${what} points to ${url.hostname}, which Okta's cloud cannot reach.`;
  if (options.allowQuery !== true && (url.search !== '' || url.hash !== '')) return `${what} has a query or fragment (${clipText(url.search + url.hash, 40)}).`;
  if (options.allowPath === false && url.pathname !== '/' && url.pathname !== '') return `${what} has a path (${clipText(url.pathname, 40)}); give only https://host.`;
  return undefined;
}

/** Loopback, private, link-local and `.local`/`.internal` names: not reachable from Okta. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return true;
  if (host.includes(':')) return host === '::1' || host === '::' || /^fe[89ab]/.test(host) || /^f[cd]/.test(host);
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return a === 127 || a === 10 || a === 0 || (a === 169 && b === 254) || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31);
}

/**
 * The normal form of a base URL for comparison: lowercase scheme and host, no default port,
 * no trailing slashes, no query or fragment. Undefined when it is not a URL.
 */
export function normalizeBaseUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    const port = url.port === '' ? '' : `:${url.port}`;
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.protocol}//${url.hostname.toLowerCase()}${port}${path}`;
  } catch {
    return undefined;
  }
}

const EMAIL = /^[^\s@<>()[\],;:"]+@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$/;

/** The lowercase domain of a plausible email address, or undefined. */
export function emailDomain(text: string): string | undefined {
  return EMAIL.exec(text.trim())?.[1]?.toLowerCase();
}

/** True when `domain` is `base` or a subdomain of it. */
export function onDomain(domain: string, base: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  const b = base.toLowerCase().replace(/\.$/, '');
  return d === b || d.endsWith(`.${b}`);
}

/**
 * Free personal-mail providers: the OIN team does not review submissions from personal email
 * accounts (submit-oin-app guide), so an address here gets its own message.
 */
export const PERSONAL_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.com', 'gmx.net', 'gmx.de',
  'web.de', 'mail.com', 'yandex.com', 'yandex.ru', 'zohomail.com', 'fastmail.com', 'hey.com', 'qq.com', '163.com',
  'tutanota.com', 'tuta.io',
]);

/** The company's email domain from its website: the host without a leading `www.`. */
export function websiteDomain(website: string): string | undefined {
  try {
    const host = new URL(website.trim()).hostname.toLowerCase();
    return host === '' ? undefined : host.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** Shortens text for a message. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
