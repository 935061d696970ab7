/**
 * The second step of the normaliser (`normalise.ts`): the canonical text cut into runs of word
 * characters (letters, digits, leet symbols), each with the gap before it, then masked letters
 * ("p*te") and spelled-out words ("c o n n a r d", "c.o.n.n.a.r.d") put back together.
 */

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

type CharClass = 'letter' | 'digit' | 'symbol' | 'mask' | 'space' | 'apostrophe' | 'other';

const isAlnum = (ch: string | undefined): boolean =>
  ch !== undefined && (classify(ch) === 'letter' || classify(ch) === 'digit');

export function classify(ch: string): CharClass {
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
export interface Gap {
  spaces: number;
  apostrophe: boolean;
  /** Punctuation, emoji, symbols. */
  other: boolean;
  /** '*' characters; `onlyMasks` when the gap is nothing else. */
  masks: number;
}

/** A run of letters, digits and leet symbols, and the gap before it. */
export interface Run {
  chars: string;
  gap: Gap;
}

export const emptyGap = (): Gap => ({ spaces: 0, apostrophe: false, other: false, masks: 0 });
const onlyMasks = (gap: Gap): boolean =>
  gap.masks > 0 && gap.spaces === 0 && !gap.apostrophe && !gap.other;
export const mergeGaps = (a: Gap, b: Gap): Gap => ({
  spaces: a.spaces + b.spaces,
  apostrophe: a.apostrophe || b.apostrophe,
  other: a.other || b.other,
  masks: a.masks + b.masks,
});
export const hasLetter = (chars: string): boolean => /[a-z]/.test(chars) || /\p{L}/u.test(chars);

/** Splits the canonical text into runs of word characters, remembering each gap. */
export function splitRuns(text: string): Run[] {
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
export function mergeMasks(runs: readonly Run[]): Run[] {
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
export function joinSpelled(runs: readonly Run[]): Run[] {
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
