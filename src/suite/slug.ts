/**
 * Kebab-case slugs for stable, path-like ids (DESIGN.md core decision 7):
 * "Okta SCIM 2.0 SPEC Test" → `okta-scim-2-0-spec-test`.
 */
const MAX_SLUG_LENGTH = 60;

/** Lowercase ASCII letters and digits joined by single dashes; at most 60 characters, cut at a dash. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const dash = cut.lastIndexOf('-');
  return (dash > 20 ? cut.slice(0, dash) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}
