/**
 * The catalog logo: a PNG, JPG or GIF (by magic bytes) under 1 MB. Only the first bytes are
 * read, so an oversized file costs nothing.
 */
import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LOGO_TYPE_LABELS, SNIFF_BYTES, sniffImageType } from './image-type.js';
import { failed, passed, type RequirementResult, type RequirementRule } from './requirement.js';

/**
 * "Less than one MB" (OIN Wizard): read strictly as fewer than 1 000 000 bytes, so a logo we
 * accept is accepted under either reading of "MB".
 */
export const MAX_LOGO_BYTES = 1_000_000;

export const LOGO_RULE = {
  id: 'catalog.logo', section: 'catalog', field: 'catalog.logo',
  title: 'Logo is a PNG, JPG or GIF file under 1 MB',
  fix: 'Give the path (relative to the manifest) of a PNG, JPG or GIF logo smaller than 1 MB; see Okta\'s logo guidelines.',
} as const satisfies RequirementRule;

function formatSize(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB (${bytes} bytes)` : `${(bytes / 1000).toFixed(1)} kB`;
}

/** Checks the logo file at `path` (resolved against `baseDir`). */
export async function checkLogo(path: string, baseDir: string): Promise<RequirementResult> {
  if (path.trim() === '') return failed(LOGO_RULE, 'catalog.logo is empty.');
  const full = resolve(baseDir, path);
  let handle;
  try {
    handle = await open(full, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return failed(LOGO_RULE, code === 'ENOENT' ? `No file at ${path} (looked in ${baseDir}).` : `${path} cannot be read (${code ?? 'error'}).`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return failed(LOGO_RULE, `${path} is a directory, not an image file.`);
    if (stat.size === 0) return failed(LOGO_RULE, `${path} is empty.`);
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    const type = sniffImageType(head.subarray(0, bytesRead));
    if (type === undefined) {
      return failed(LOGO_RULE, `${path} is not a PNG, JPG or GIF image (its content is not an image type we recognise).`,
        'Export the logo as PNG (preferred), JPG or GIF; renaming a file does not change its type.');
    }
    if ('other' in type) {
      return failed(LOGO_RULE, `${path} is a ${LOGO_TYPE_LABELS[type.other]} image; the OIN Wizard takes PNG, JPG or GIF.`,
        `Convert the logo from ${LOGO_TYPE_LABELS[type.other]} to PNG (preferred), JPG or GIF.`);
    }
    if (stat.size >= MAX_LOGO_BYTES) {
      return failed(LOGO_RULE, `${path} is ${formatSize(stat.size)}; the OIN Wizard takes logos under 1 MB.`,
        'Make the logo smaller than 1 MB (resize it, reduce colours, or compress it).');
    }
    return passed(LOGO_RULE, `${LOGO_TYPE_LABELS[type.accepted]}, ${formatSize(stat.size)}.`);
  } finally {
    await handle.close();
  }
}
