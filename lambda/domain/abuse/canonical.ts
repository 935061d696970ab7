/**
 * The first step of the normaliser (`normalise.ts`): characters without the disguises that do
 * not depend on context. The look-alike tables (Cyrillic, Greek, small capitals, emoji letters)
 * and `canonicalChars`, which `confusables.ts` and the canned-text fingerprint build on.
 */

/**
 * Look-alike letters (Cyrillic, Greek, small capitals, IPA) and letters that NFD does not
 * decompose. Applied after NFKC (which already handles fullwidth forms, mathematical
 * alphanumerics, circled letters and ligatures) and before lower-casing, so that an upper-case
 * Greek Eta still reads as "h". Each pair: the characters, then the letters they stand for.
 */
const LOOK_ALIKE_PAIRS: readonly (readonly [from: string, to: string])[] = [
  ['авекмнопрстухьіјѕԁԛԝһӏ', 'abekmhonpctyxbijsdqwhl'], // Cyrillic
  ['АВЕКМНОРСТУХІЈЅ', 'abekmhopctyxijs'],
  ['αβγεηικμνορτυχω', 'abyenikuvoptuxw'], // Greek
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', 'abezhikmnoptyx'],
  ['ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢıȷɑɡ', 'abcdefghijklmnoprstuvwyzijag'], // small capitals, IPA
  ['øØłŁđĐðÐ', 'oolldddd'],
];
const LOOK_ALIKES: ReadonlyMap<string, string> = new Map([
  ...LOOK_ALIKE_PAIRS.flatMap(([from, to]) => [...from].map((ch, i) => [ch, to[i]!] as const)),
  ...Object.entries({ ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', þ: 'th', Þ: 'th' }),
]);

/** Emoji letters without a compatibility decomposition: 🇦 (regional indicators), 🅐, 🅰. */
const LETTER_BLOCKS: readonly (readonly [first: number, last: number])[] = [
  [0x1f1e6, 0x1f1ff],
  [0x1f150, 0x1f169],
  [0x1f170, 0x1f189],
];

/**
 * Characters, without the disguises that do not depend on context: NFKC (fullwidth, 𝐦𝐚𝐭𝐡,
 * ligatures), accents and other marks (NFD then strip), invisible format characters (zero-width
 * space and joiner, soft hyphen, BOM), look-alike letters, lower case.
 */
export function canonicalChars(text: string): string {
  // Plain ASCII (most SMS) has nothing to decompose or map.
  if (ASCII.test(text)) return text.toLowerCase();
  const stripped = text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\p{M}\p{Cf}]/gu, '');
  let out = '';
  for (const ch of stripped) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      out += ch;
      continue;
    }
    const block = cp >= 0x1f150 ? LETTER_BLOCKS.find(([a, b]) => cp >= a && cp <= b) : undefined;
    if (block !== undefined) out += String.fromCharCode(0x61 + cp - block[0]);
    else out += LOOK_ALIKES.get(ch) ?? ch;
  }
  return out.toLowerCase();
}

const ASCII = /^[ -~\t\n\r]*$/;
