import type { CappedText } from '../model/result.js';
import type { Redactor } from './redact.js';

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

/** Redaction sees this much beyond the cut, so a secret that straddles it is found whole. */
const REDACTION_MARGIN_CHARS = 16 * 1024;

/**
 * Redacts and caps a body for a report in work bounded by the cap, not by the body (issue 14):
 * only the part that can be kept (plus a margin, for a secret that straddles the cut) is
 * redacted. `truncatedBytes` counts from the body as received.
 */
export function capRedacted(text: string, redact: Redactor, maxBytes = REPORT_BODY_CAP_BYTES): CappedText {
  // A character is at least one UTF-8 byte: maxBytes characters hold at least maxBytes bytes.
  if (text.length <= maxBytes + REDACTION_MARGIN_CHARS) return capText(redact(text), maxBytes);
  const kept = capText(redact(text.slice(0, maxBytes + REDACTION_MARGIN_CHARS)), maxBytes).text;
  return { text: kept, truncatedBytes: Buffer.byteLength(text) - Buffer.byteLength(kept) };
}
