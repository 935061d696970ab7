/**
 * The normaliser of the abuse matcher: it turns an SMS body into the list of words a person
 * reads, undoing the usual disguises (case, accents, look-alike letters, leetspeak, stretched
 * letters, spaced-out or dotted letters, invisible characters, emoji in between).
 *
 * The matcher works on the token list, not on one string, because what separated two words
 * matters: "sa-lope" (glued by a hyphen) may be read as one word, "il a pu te voir" (two real
 * words) must not become "pute". Each token therefore says what came before it (`before`).
 * `normalise()` gives the same tokens as a string, for tests and for reading.
 */

/** What separated a token from the previous one. */
export type Boundary =
  /** The first token. */
  | 'start'
  /** No space: punctuation, a hyphen, an emoji… ("sa-lope", "con💩nard"). */
  | 'join'
  /** An apostrophe and no space: French elision ("t'es", "l'ope"), a real word boundary. */
  | 'apostrophe'
  /** Whitespace only. */
  | 'space'
  /** Whitespace with punctuation or emoji ("connard. pute", "con 😡 nard"). */
  | 'break';

/** One word as read after normalisation. */
export interface Token {
  /**
   * The word: lower case, no accents, look-alikes mapped to Latin letters, leetspeak read
   * ('1' as 'i'), runs of 3+ identical letters collapsed to one ("connaaaard" → "connard").
   * A word with masked letters keeps one '*' per hidden letter ("p*te").
   */
  readonly text: string;
  /** The other reading of ambiguous characters ('1' as 'l', '|' as 'i', 'v' as 'u'), if any. */
  readonly alt?: string;
  /** The raw word had a run of 3+ identical letters: "connnnnard" collapses to "conard". */
  readonly elongated: boolean;
  /** What separated it from the previous token. */
  readonly before: Boundary;
}

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

/** Leetspeak, read only inside a word that is mostly letters ("c0nn4rd", not "2017", "18h30"). */
const LEET: ReadonlyMap<string, string> = new Map(
  [...'0134579@$€£¢©®!|'].map((ch, i) => [ch, 'oieastgaselccril'[i]!] as const),
);
/** The other reading of the ambiguous ones: "sa1ope", "b|tch", and 'v' for 'u' ("pvte"). */
const LEET_ALT: ReadonlyMap<string, string> = new Map(
  Object.entries({ '1': 'l', '|': 'i', v: 'u' }),
);
/** Symbols that stand for letters inside a word. */
const LEET_SYMBOLS = new Set(['@', '$', '€', '£', '¢', '©', '®', '!', '|']);
/** Usually punctuation: letters only between two letters or digits ("b!tch", "sa|ope"). */
const BETWEEN_LETTERS_ONLY = new Set(['!', '|']);
/** Single-letter words of French and English: "il y a à", "I", "ô". */
const ONE_LETTER_WORDS = new Set(['a', 'y', 'i', 'o']);
/** Two or more asterisks after at most this many letters hide the end of a word ("p***"). */
const MAX_VISIBLE_BEFORE_TRAILING_MASK = 3;
const APOSTROPHES = new Set(["'", '’', '‘', '`', 'ʼ', '′']);
const MASK = '*';

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

type CharClass = 'letter' | 'digit' | 'symbol' | 'mask' | 'space' | 'apostrophe' | 'other';

const isAlnum = (ch: string | undefined): boolean =>
  ch !== undefined && (classify(ch) === 'letter' || classify(ch) === 'digit');

function classify(ch: string): CharClass {
  // ASCII first: almost every character of an SMS, without a Unicode regex.
  if (ch >= 'a' && ch <= 'z') return 'letter';
  if (ch >= '0' && ch <= '9') return 'digit';
  if (ch === ' ') return 'space';
  if (/\p{L}/u.test(ch)) return 'letter';
  if (LEET_SYMBOLS.has(ch)) return 'symbol';
  if (ch === MASK) return 'mask';
  if (/\s/u.test(ch)) return 'space';
  if (APOSTROPHES.has(ch)) return 'apostrophe';
  return 'other';
}

/** What lies between two runs of word characters. */
interface Gap {
  spaces: number;
  apostrophe: boolean;
  /** Punctuation, emoji, symbols. */
  other: boolean;
  /** '*' characters; `onlyMasks` when the gap is nothing else. */
  masks: number;
}

/** A run of letters, digits and leet symbols, and the gap before it. */
interface Run {
  chars: string;
  gap: Gap;
}

const emptyGap = (): Gap => ({ spaces: 0, apostrophe: false, other: false, masks: 0 });
const onlyMasks = (gap: Gap): boolean =>
  gap.masks > 0 && gap.spaces === 0 && !gap.apostrophe && !gap.other;
const mergeGaps = (a: Gap, b: Gap): Gap => ({
  spaces: a.spaces + b.spaces,
  apostrophe: a.apostrophe || b.apostrophe,
  other: a.other || b.other,
  masks: a.masks + b.masks,
});
const hasLetter = (chars: string): boolean => /[a-z]/.test(chars) || /\p{L}/u.test(chars);

/** Splits the canonical text into runs of word characters, remembering each gap. */
function splitRuns(text: string): Run[] {
  const runs: Run[] = [];
  let gap = emptyGap();
  let chars = '';
  const flush = (): void => {
    if (chars === '') return;
    runs.push({ chars, gap });
    gap = emptyGap();
    chars = '';
  };
  // "fils de p***": two or more asterisks right after a word hide its end.
  const trailingMasks = (): void => {
    const last = runs[runs.length - 1];
    if (
      last !== undefined &&
      onlyMasks(gap) &&
      gap.masks >= 2 &&
      hasLetter(last.chars) &&
      last.chars.length <= MAX_VISIBLE_BEFORE_TRAILING_MASK
    ) {
      last.chars += MASK.repeat(gap.masks);
      gap.masks = 0;
    }
  };
  const all = [...text];
  all.forEach((ch, i) => {
    const kind = classify(ch);
    // '!' and '|' are letters only between two letters or digits: "b!tch", not "non!!".
    const symbolIsLetter =
      kind === 'symbol' &&
      (!BETWEEN_LETTERS_ONLY.has(ch) || (isAlnum(all[i - 1]) && isAlnum(all[i + 1])));
    if (kind === 'letter' || kind === 'digit' || symbolIsLetter) {
      chars += ch;
      return;
    }
    flush();
    if (kind !== 'mask') trailingMasks();
    if (kind === 'space') gap.spaces += 1;
    else if (kind === 'apostrophe') gap.apostrophe = true;
    else if (kind === 'mask') gap.masks += 1;
    else gap.other = true;
  });
  flush();
  trailingMasks();
  return runs;
}

/**
 * Masked letters: "p*te", "f**k", "enc*lé" become one run with a '*' per hidden letter. Single
 * letters separated by single asterisks ("p*u*t*e") are a spelled word instead: left alone here.
 */
function mergeMasks(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  let i = 0;
  while (i < runs.length) {
    let j = i;
    while (j + 1 < runs.length && onlyMasks(runs[j + 1]!.gap)) j += 1;
    const group = runs.slice(i, j + 1);
    const spelled =
      group.length >= 3 &&
      group.every((r, k) => r.chars.length === 1 && (k === 0 || r.gap.masks === 1));
    if (group.length === 1 || spelled || !group.some((r) => hasLetter(r.chars))) {
      out.push(...group);
    } else {
      const chars = group
        .map((r, k) => (k === 0 ? '' : MASK.repeat(r.gap.masks)) + r.chars)
        .join('');
      out.push({ chars, gap: group[0]!.gap });
    }
    i = j + 1;
  }
  return out;
}

/** How wide a gap is, to tell letter separators from word separators in "f u c k  y o u". */
function gapWidth(gap: Gap): number {
  if (gap.spaces === 0) return 0;
  return gap.spaces === 1 && !gap.other && !gap.apostrophe ? 1 : 2;
}

/**
 * Spelled-out words: a sequence of single characters is one word ("c o n n a r d",
 * "c.o.n.n.a.r.d", "p*u*t*e", "🇨 🇴 🇳"). When the separators differ, the widest ones separate
 * words ("n.i.q.u.e t.a m.e.r.e", "f u c k  y o u"). Needs three characters (two when glued by
 * punctuation: "t.a") and at least two letters, so that "il y a à" and "1 2 3" stay as they are.
 */
function joinSpelled(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  let i = 0;
  while (i < runs.length) {
    let j = i;
    while (j + 1 < runs.length && runs[j]!.chars.length === 1 && runs[j + 1]!.chars.length === 1) {
      j += 1;
    }
    if (j === i) {
      out.push(runs[i]!);
      i += 1;
      continue;
    }
    const group = runs.slice(i, j + 1);
    const inner = group.slice(1).map((r) => gapWidth(r.gap));
    const narrowest = Math.min(...inner);
    let start = 0;
    for (let k = 1; k <= group.length; k += 1) {
      if (k < group.length && inner[k - 1] === narrowest) continue;
      out.push(...spelledWord(group.slice(start, k), narrowest));
      start = k;
    }
    i = j + 1;
  }
  return out;
}

function spelledWord(group: readonly Run[], width: number): Run[] {
  const letters = group.filter((r) => hasLetter(r.chars)).length;
  const glued = width === 0 && group.slice(1).every((r) => !r.gap.apostrophe);
  const long = group.length >= 3 || (group.length === 2 && glued);
  const realWords = width > 0 && group.every((r) => ONE_LETTER_WORDS.has(r.chars));
  if (!long || letters < 2 || realWords) return [...group];
  return [{ chars: group.map((r) => r.chars).join(''), gap: group[0]!.gap }];
}

/** Leetspeak, then the collapse of stretched letters. */
function readWord(chars: string, before: Boundary): Token | undefined {
  if (!hasLetter(chars)) {
    // A number stays a number ("2017", "06"); a lone symbol is punctuation.
    const digits = chars.replace(/[^0-9]/g, '');
    return digits === '' ? undefined : { text: digits, elongated: false, before };
  }
  let text = chars;
  let alt = chars;
  if (!PLAIN_WORD.test(chars) && isLeet(chars)) {
    text = '';
    alt = '';
    for (const ch of chars) {
      text += LEET.get(ch) ?? ch;
      alt += LEET_ALT.get(ch) ?? LEET.get(ch) ?? ch;
    }
  } else if (chars.includes('v')) {
    alt = chars.replaceAll('v', 'u');
  }
  const collapsed = collapseStretched(text);
  const token: Token = { text: collapsed, elongated: collapsed.length !== text.length, before };
  return alt === text ? token : { ...token, alt: collapseStretched(alt) };
}

/** Lower-case ASCII letters only: no leetspeak to read. */
const PLAIN_WORD = /^[a-z]+$/;

/** Leetspeak has at least as many letters as digits and symbols ("c0nn4rd"; not "18h30"). */
function isLeet(chars: string): boolean {
  let letters = 0;
  for (const ch of chars) if (classify(ch) === 'letter') letters += 1;
  return 2 * letters >= [...chars].length;
}

/** Runs of 3+ identical letters become one letter: "connaaaard" → "connard", "kill" stays. */
function collapseStretched(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    const ch = word[i]!;
    let j = i + 1;
    while (word[j] === ch) j += 1;
    // Digits and masks keep their count ("2000", "p***").
    out += j - i >= 3 && ch !== '*' && !(ch >= '0' && ch <= '9') ? ch : word.slice(i, j);
    i = j;
  }
  return out;
}

/** Every run of identical letters becomes one: "connard" → "conard", "kiiill" → "kil". */
export function squeeze(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i += 1) if (word[i] !== word[i - 1]) out += word[i];
  return out;
}

function boundaryOf(gap: Gap, first: boolean): Boundary {
  if (first) return 'start';
  if (gap.spaces === 0) return gap.apostrophe ? 'apostrophe' : 'join';
  return gap.other || gap.apostrophe ? 'break' : 'space';
}

/** The body as a list of normalised words (see `Token`). */
export function tokenise(body: string): Token[] {
  const runs = joinSpelled(mergeMasks(splitRuns(canonicalChars(body))));
  const tokens: Token[] = [];
  let pending = emptyGap();
  for (const run of runs) {
    const gap = mergeGaps(pending, run.gap);
    const token = readWord(run.chars, boundaryOf(gap, tokens.length === 0));
    if (token === undefined) {
      pending = mergeGaps(gap, { ...emptyGap(), other: true });
      continue;
    }
    pending = emptyGap();
    tokens.push(token);
  }
  return tokens;
}

/** The normalised words joined by single spaces: "C.O.N.N.A.R.D !!" → "connard". */
export function normalise(body: string): string {
  return tokenise(body)
    .map((t) => t.text)
    .join(' ');
}
