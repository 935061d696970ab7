/**
 * The matching steps of the matcher (`matcher.ts`) over one body's tokens: each token read
 * against the index (`view`, with masked words filled in), the phrases that start at a token,
 * and the words cut into pieces that joining neighbouring tokens puts back together.
 */
import type { LexiconIndex, PhraseRule, PhraseWord } from './lexicon-index';
import { stemRule, wordRule } from './lexicon-index';
import type { Token } from './normalise';
import { squeeze } from './normalise';

/**
 * Words split by spaces are read as one word only when the result is this long ("con nard",
 * "sa lope"): shorter joins of real words make insults out of innocent text ("il a pu te voir").
 */
const MIN_SPACED_JOIN_LENGTH = 6;
/** At most this many tokens are joined into one word ("co nn ard", "sa-lo-pe"). */
const MAX_JOINED_TOKENS = 4;

/** A match over tokens [start, end). */
export interface Hit {
  readonly reason: string;
  readonly start: number;
  readonly end: number;
}
/** A token as the matcher reads it. */
export interface View {
  /** The readings to look up: the text, its other leet reading, what aliases make of them. */
  readonly forms: readonly string[];
  /** Every letter run collapsed ("conard"), for a stretched word only. */
  readonly squeezed?: string;
  /** The word, or the readings of a masked word, for joining with its neighbours. */
  readonly texts: readonly string[];
  readonly before: Token['before'];
  /** Letters only: may be joined with its neighbours. */
  readonly joinable: boolean;
}

const MASKED = /\*/;
const LETTER = /\p{L}/u;

/** Readings of a masked word kept at most ("sh*t": shit, shut…). */
const MAX_UNMASKED = 4;

/**
 * "p*te" → ["pute"], "sh*t" → ["shut", "shit"]: the lexicon's words that fit the visible letters
 * (a stem fits the start: "enc*le" → "encule"); the word without its asterisks if none does.
 */
function unmask(index: LexiconIndex, text: string): string[] {
  const fits = (candidate: string): boolean => {
    for (let i = 0; i < candidate.length; i += 1) {
      const ch = text[i];
      if (ch === '*' ? !LETTER.test(candidate[i]!) : ch !== candidate[i]) return false;
    }
    return true;
  };
  const found = new Set<string>();
  for (const { word, stem } of index.vocabulary) {
    if (word.length < 3 || found.size >= MAX_UNMASKED) continue;
    if (
      stem ? text.length >= word.length && fits(word) : text.length === word.length && fits(word)
    ) {
      found.add(word + text.slice(word.length).replace(/\*/g, ''));
    }
  }
  return found.size > 0 ? [...found] : [text.replace(/\*/g, '')];
}

export function view(index: LexiconIndex, token: Token): View {
  const texts = MASKED.test(token.text) ? unmask(index, token.text) : [token.text];
  const readings = token.alt === undefined ? texts : [...texts, token.alt];
  const forms = [...readings];
  for (const reading of readings) {
    const alias = index.aliases.get(reading);
    if (alias !== undefined) forms.push(alias);
  }
  const text = texts[0]!;
  return {
    forms,
    texts,
    squeezed: token.elongated ? squeeze(text) : undefined,
    before: token.before,
    joinable: texts.every((t) => /^\p{L}+$/u.test(t)),
  };
}

function wordMatches(v: View, w: PhraseWord): boolean {
  if (w.prefix) {
    return (
      v.forms.some((f) => f.startsWith(w.word)) || (v.squeezed?.startsWith(w.squeezed) ?? false)
    );
  }
  return v.forms.includes(w.word) || v.squeezed === w.squeezed;
}

/** Phrases of `map` that start at token `i`, as [start, end) spans. */
export function phraseHits(
  views: readonly View[],
  i: number,
  map: Map<string, PhraseRule[]>,
  squeezedMap: Map<string, PhraseRule[]> | undefined,
): { rule: PhraseRule; end: number }[] {
  const first = views[i]!;
  // Duplicates (a rule found twice) give the same reason twice; `assess` keeps one.
  const candidates: PhraseRule[] = [];
  for (const form of first.forms) candidates.push(...(map.get(form) ?? []));
  if (squeezedMap !== undefined && first.squeezed !== undefined) {
    candidates.push(...(squeezedMap.get(first.squeezed) ?? []));
  }
  const hits: { rule: PhraseRule; end: number }[] = [];
  for (const rule of candidates) {
    const end = i + rule.words.length;
    if (end > views.length) continue;
    if (rule.words.every((w, k) => k === 0 || wordMatches(views[i + k]!, w)))
      hits.push({ rule, end });
  }
  return hits;
}

/**
 * Words cut into pieces: glued by punctuation ("sa-lope", "con.nard": any entry) or by spaces
 * ("con nard": whole words of MIN_SPACED_JOIN_LENGTH letters or more, or pieces of one or two
 * letters such as "pu t e").
 */
export function joinedHits(index: LexiconIndex, views: readonly View[], i: number): Hit[] {
  const hits: Hit[] = [];
  // Most words start no lexicon word: nothing to join.
  if (!views[i]!.joinable || !views[i]!.texts.some((t) => mayGrow(index, t))) return hits;
  let texts = views[i]!.texts;
  let stretched = views[i]!.squeezed !== undefined;
  let glued = true;
  let short = texts[0]!.length <= 2;
  let single = texts[0]!.length === 1;
  for (let end = i + 1; end < Math.min(views.length, i + MAX_JOINED_TOKENS); end += 1) {
    const next = views[end]!;
    if (!next.joinable || (next.before !== 'join' && next.before !== 'space')) break;
    glued &&= next.before === 'join';
    texts = texts.flatMap((head) => next.texts.map((tail) => head + tail));
    const growing = texts.filter((text) => mayGrow(index, text));
    stretched ||= next.squeezed !== undefined;
    short &&= next.texts[0]!.length <= 2;
    single ||= next.texts[0]!.length === 1;
    for (const text of texts) {
      const spacedOk = text.length >= MIN_SPACED_JOIN_LENGTH || (short && single);
      if (!glued && !spacedOk) continue;
      const rule = wordRule(index, [text], stretched ? squeeze(text) : undefined, glued);
      if (rule !== undefined) hits.push({ reason: rule.reason, start: i, end: end + 1 });
    }
    if (growing.length === 0) break;
    texts = growing;
  }
  return hits;
}

/** Whether `text`, or a longer join that starts with it, can be a lexicon word or stem. */
function mayGrow(index: LexiconIndex, text: string): boolean {
  if (index.prefixes.has(text) || stemRule(index.stems, text) !== undefined) return true;
  const squeezed = squeeze(text);
  if (squeezed.length === text.length) return false;
  return index.prefixes.has(squeezed) || stemRule(index.squeezedStems, squeezed) !== undefined;
}
