/**
 * Image type by magic bytes (never by file name): the OIN Wizard takes PNG, JPG or GIF logos.
 * A few other common types are recognised only to name them in the message.
 */

export type LogoType = 'png' | 'jpeg' | 'gif';
export type OtherImageType = 'svg' | 'webp' | 'bmp' | 'ico' | 'tiff' | 'avif/heic' | 'pdf';

/** Bytes {@link sniffImageType} needs to see. */
export const SNIFF_BYTES = 32;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The accepted logo type of these first bytes, an other known type, or undefined. */
export function sniffImageType(bytes: Uint8Array): { accepted: LogoType } | { other: OtherImageType } | undefined {
  if (startsWith(bytes, PNG)) return { accepted: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { accepted: 'jpeg' };
  const head6 = ascii(bytes, 0, 6);
  if (head6 === 'GIF87a' || head6 === 'GIF89a') return { accepted: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return { other: 'webp' };
  if (ascii(bytes, 4, 8) === 'ftyp') return { other: 'avif/heic' };
  if (ascii(bytes, 0, 2) === 'BM') return { other: 'bmp' };
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return { other: 'ico' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { other: 'tiff' };
  if (ascii(bytes, 0, 5) === '%PDF-') return { other: 'pdf' };
  const text = ascii(bytes, 0, bytes.length).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (text.startsWith('<svg') || text.startsWith('<?xml')) return { other: 'svg' };
  return undefined;
}

export const LOGO_TYPE_LABELS: Readonly<Record<LogoType | OtherImageType, string>> = {
  png: 'PNG', jpeg: 'JPEG', gif: 'GIF', svg: 'SVG', webp: 'WebP', bmp: 'BMP', ico: 'ICO', tiff: 'TIFF', 'avif/heic': 'AVIF/HEIC', pdf: 'PDF',
};
