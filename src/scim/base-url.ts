/**
 * SCIM base URLs with a query. Entra lets a tenant URL carry a feature flag
 * (`https://example.com/scim?aadOptscim062020`) and then sends it on every request, after the
 * resource path: `https://example.com/scim/Users?filter=…&aadOptscim062020`. Templates and
 * clients that write `<base>/Users` would put the path inside the query, so every SCIM URL is
 * joined here.
 */

/** `<base>` + `rest` (a path starting with `/`, with or without its own query), the base's query last. */
export function joinScimUrl(base: string, rest: string): string {
  const q = base.indexOf('?');
  if (q < 0) return `${base.replace(/\/+$/, '')}${rest}`;
  const path = base.slice(0, q).replace(/\/+$/, '');
  const baseQuery = base.slice(q + 1);
  if (rest === '') return `${path}?${baseQuery}`;
  const r = rest.indexOf('?');
  const restPath = r < 0 ? rest : rest.slice(0, r);
  const restQuery = r < 0 ? '' : rest.slice(r + 1);
  return `${path}${restPath}?${[restQuery, baseQuery].filter((part) => part !== '').join('&')}`;
}

/**
 * A rendered request URL that starts with one of `bases` (as `{{SCIMBaseURL}}/Users…` renders)
 * and that base has a query: the same URL joined properly. Anything else is returned as is.
 */
export function placeBaseQuery(url: string, bases: readonly (string | undefined)[]): string {
  for (const base of bases) {
    if (base === undefined || !base.includes('?') || !url.startsWith(base)) continue;
    const rest = url.slice(base.length);
    if (rest === '' || rest.startsWith('/')) return joinScimUrl(base, rest);
  }
  return url;
}
