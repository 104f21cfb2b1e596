import type { CappedText } from '../model/result.js';

/** Bodies kept in reports are capped; the marker says how much was cut. */
export const REPORT_BODY_CAP_BYTES = 64 * 1024;

/** Caps text at `maxBytes` UTF-8 bytes without splitting a character. */
export function capText(text: string, maxBytes = REPORT_BODY_CAP_BYTES): CappedText {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return { text, truncatedBytes: 0 };
  const buf = Buffer.from(text).subarray(0, maxBytes);
  // Drop a trailing partial UTF-8 sequence (U+FFFD from a cut character).
  const kept = buf.toString('utf8').replace(/\uFFFD$/, '');
  return { text: kept, truncatedBytes: bytes - Buffer.byteLength(kept) };
}
