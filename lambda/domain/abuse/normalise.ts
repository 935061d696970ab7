/**
 * The normaliser of the abuse matcher: it turns an SMS body into the list of words a person
 * reads, undoing the usual disguises (case, accents, look-alike letters, leetspeak, stretched
 * letters, spaced-out or dotted letters, invisible characters, emoji in between).
 *
 * The matcher works on the token list, not on one string, because what separated two words
 * matters: "sa-lope" (glued by a hyphen) may be read as one word, "il a pu te voir" (two real
 * words) must not become "pute". Each token therefore says what came before it (`before`).
 * `normalise()` gives the same tokens as a string, for tests and for reading.
 *
 * The steps: characters (`canonical.ts`), runs of word characters with masked and spelled-out
 * words put together (`runs.ts`), then here each word read (leetspeak, stretched letters) as a
 * token with its boundary.
 */
import { canonicalChars } from './canonical';
import type { Gap } from './runs';
import {
  classify,
  emptyGap,
  hasLetter,
  joinSpelled,
  mergeGaps,
  mergeMasks,
  splitRuns,
} from './runs';

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
/** Leetspeak, read only inside a word that is mostly letters ("c0nn4rd", not "2017", "18h30"). */
const LEET: ReadonlyMap<string, string> = new Map(
  [...'0134579@$€£¢©®!|'].map((ch, i) => [ch, 'oieastgaselccril'[i]!] as const),
);
/** The other reading of the ambiguous ones: "sa1ope", "b|tch", and 'v' for 'u' ("pvte"). */
const LEET_ALT: ReadonlyMap<string, string> = new Map(
  Object.entries({ '1': 'l', '|': 'i', v: 'u' }),
);

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
