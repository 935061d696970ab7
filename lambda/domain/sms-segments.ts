/**
 * A small SMS segment counter for the responder, which must price a reply text set at run time
 * (`antirelou reply set`) without bundling `sms-segments-calculator` (about 36 KB minified with
 * its grapheme splitter). It packs the same way: 140 octets a segment; with more than one
 * segment, a 6-octet header leaves 153 GSM-7 septets or 67 UCS-2 units; a GSM-7 extension
 * character (2 septets) or a surrogate pair (2 units) is never split. It counts code points
 * where the calculator keeps whole grapheme clusters (emoji sequences, combining accents)
 * together, so on such texts it may say one segment less: the CLI stores the larger of the two
 * counts, and the responder prices the larger of the stored count and this one
 * (test/unit/sms-segments.test.ts compares it with the calculator).
 */
import type { SmsText } from './types';

/** GSM 03.38 default alphabet, as `sms-segments-calculator`'s `UnicodeToGSM` (one septet). */
const GSM_BASIC = new Set(
  '\n\r !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz' +
    '¡£¤¥§¿ÄÅÆÇÉÑÖØÜßàäåæèéìñòöøùüΓΔΘΛΞΠΣΦΨΩ',
);
/** Its extension table: an escape septet plus one (two septets). */
const GSM_EXTENSION = new Set('\f[\\]^{|}~€');

/** One SMS is 140 octets; a part of a longer one carries a 6-octet header. */
const SEGMENT_BITS = 140 * 8;
const HEADER_BITS = 6 * 8;
const SEPTET_BITS = 7;
const UCS2_UNIT_BITS = 16;

/** Greedy packing: a character that does not fit starts the next segment. */
function segmentsOf(sizesInBits: readonly number[]): number {
  const total = sizesInBits.reduce((sum, bits) => sum + bits, 0);
  if (total <= SEGMENT_BITS) return 1;
  const room = SEGMENT_BITS - HEADER_BITS;
  let segments = 1;
  let used = 0;
  for (const bits of sizesInBits) {
    if (used + bits > room) {
      segments += 1;
      used = 0;
    }
    used += bits;
  }
  return segments;
}

/** The encoding and segment count of `body` (an empty body is one segment, as the calculator says). */
export function countSegments(body: string): Pick<SmsText, 'encoding' | 'segments'> {
  const chars = [...body];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  if (gsm) {
    const sizes = chars.map((c) => (GSM_EXTENSION.has(c) ? 2 : 1) * SEPTET_BITS);
    return { encoding: 'GSM-7', segments: segmentsOf(sizes) };
  }
  const sizes = chars.map((c) => c.length * UCS2_UNIT_BITS);
  return { encoding: 'UCS-2', segments: segmentsOf(sizes) };
}
