/**
 * Is an SMS body abusive (insults, threats, slurs, sexual harassment, in French or English)?
 * A pure function of the body and the lexicons, compiled once per container: no I/O, no clock,
 * no model. How it reads the body is in `normalise.ts`, the data and the measured quality in
 * this folder's README.
 */
import enData from './lexicon/en.json';
import frData from './lexicon/fr.json';
import type { Category, Lexicon } from './lexicon';
import { parseLexicon, PREFIX_MARK } from './lexicon';
import type { Token } from './normalise';
import { squeeze, tokenise } from './normalise';

/** The decision on one body: `reasons` name the entries that matched (`threat:je vais te tuer`). */
export interface AbuseVerdict {
  readonly abusive: boolean;
  readonly reasons: string[];
}

/** A compiled set of lexicons. */
export type AbuseMatcher = (body: string) => AbuseVerdict;

/** The lexicons shipped with the Lambda, validated when this module loads. */
export const LEXICONS: readonly Lexicon[] = [
  parseLexicon(frData, 'lexicon/fr.json'),
  parseLexicon(enData, 'lexicon/en.json'),
];

/**
 * Words split by spaces are read as one word only when the result is this long ("con nard",
 * "sa lope"): shorter joins of real words make insults out of innocent text ("il a pu te voir").
 */
const MIN_SPACED_JOIN_LENGTH = 6;
/** At most this many tokens are joined into one word ("co nn ard", "sa-lo-pe"). */
const MAX_JOINED_TOKENS = 4;
/** Stems are indexed by their first letters; MIN_STEM_LENGTH keeps every stem longer. */
const STEM_KEY_LENGTH = 3;

interface Rule {
  readonly reason: string;
}
interface StemRule extends Rule {
  readonly stem: string;
  readonly except: ReadonlySet<string>;
}
interface PhraseWord {
  readonly word: string;
  readonly squeezed: string;
  readonly prefix: boolean;
}
interface PhraseRule {
  /** Undefined for the allow list. */
  readonly reason?: string;
  readonly words: readonly PhraseWord[];
}
/** A match over tokens [start, end). */
interface Hit {
  readonly reason: string;
  readonly start: number;
  readonly end: number;
}
/** A token as the matcher reads it. */
interface View {
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

class Index {
  readonly words = new Map<string, Rule>();
  readonly squeezedWords = new Map<string, Rule>();
  readonly stems = new Map<string, StemRule[]>();
  readonly squeezedStems = new Map<string, StemRule[]>();
  readonly phrases = new Map<string, PhraseRule[]>();
  readonly squeezedPhrases = new Map<string, PhraseRule[]>();
  readonly allow = new Map<string, PhraseRule[]>();
  readonly aliases = new Map<string, string>();
  /** Every prefix of every word and stem (and of their squeezed forms): joins stop early. */
  readonly prefixes = new Set<string>();
  /** Candidate words for masked tokens ("p*te"), whole words first. */
  readonly vocabulary: { readonly word: string; readonly stem: boolean }[] = [];
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
};

const phraseRule = (text: string, reason?: string): PhraseRule => ({
  reason,
  words: text.split(' ').map((w) => {
    const prefix = w.endsWith(PREFIX_MARK);
    const word = prefix ? w.slice(0, -1) : w;
    return { word, squeezed: squeeze(word), prefix };
  }),
});

function compile(lexicons: readonly Lexicon[]): Index {
  const index = new Index();
  const stems: { word: string; stem: boolean }[] = [];
  const phraseWords = new Set<string>();
  for (const lexicon of lexicons) {
    for (const [spelling, word] of lexicon.aliases) index.aliases.set(spelling, word);
    for (const text of lexicon.allow) {
      const rule = phraseRule(text);
      push(index.allow, rule.words[0]!.word, rule);
    }
    for (const entry of lexicon.entries) {
      const reason: `${Category}:${string}` = `${entry.category}:${entry.form}`;
      for (const text of [entry.form, ...entry.variants]) {
        if (entry.match === 'word') {
          if (!index.words.has(text)) index.words.set(text, { reason });
          if (!index.squeezedWords.has(squeeze(text)))
            index.squeezedWords.set(squeeze(text), { reason });
          index.vocabulary.push({ word: text, stem: false });
        } else if (entry.match === 'stem') {
          const except = new Set(entry.except);
          push(index.stems, text.slice(0, STEM_KEY_LENGTH), { reason, stem: text, except });
          const squeezedStem = squeeze(text);
          push(index.squeezedStems, squeezedStem.slice(0, STEM_KEY_LENGTH), {
            reason,
            stem: squeezedStem,
            except: new Set(entry.except.map(squeeze)),
          });
          stems.push({ word: text, stem: true });
        } else {
          const rule = phraseRule(text, reason);
          push(index.phrases, rule.words[0]!.word, rule);
          push(index.squeezedPhrases, rule.words[0]!.squeezed, rule);
          for (const w of rule.words) if (!w.prefix) phraseWords.add(w.word);
        }
      }
    }
  }
  for (const word of phraseWords) index.vocabulary.push({ word, stem: false });
  index.vocabulary.push(...stems);
  for (const word of [...index.words.keys(), ...stems.map((stem) => stem.word)]) {
    for (const form of [word, squeeze(word)]) {
      for (let n = 1; n <= form.length; n += 1) index.prefixes.add(form.slice(0, n));
    }
  }
  return index;
}

function stemRule(map: Map<string, StemRule[]>, word: string): Rule | undefined {
  for (const rule of map.get(word.slice(0, STEM_KEY_LENGTH)) ?? []) {
    if (word.startsWith(rule.stem) && !rule.except.has(word)) return rule;
  }
  return undefined;
}

/** The entry a single word (or a joined word) matches, if any. */
function wordRule(
  index: Index,
  forms: readonly string[],
  squeezed: string | undefined,
  withStems: boolean,
): Rule | undefined {
  for (const form of forms) {
    const rule = index.words.get(form) ?? (withStems ? stemRule(index.stems, form) : undefined);
    if (rule !== undefined) return rule;
  }
  if (squeezed === undefined) return undefined;
  return (
    index.squeezedWords.get(squeezed) ??
    (withStems ? stemRule(index.squeezedStems, squeezed) : undefined)
  );
}

const MASKED = /\*/;
const LETTER = /\p{L}/u;

/** Readings of a masked word kept at most ("sh*t": shit, shut…). */
const MAX_UNMASKED = 4;

/**
 * "p*te" → ["pute"], "sh*t" → ["shut", "shit"]: the lexicon's words that fit the visible letters
 * (a stem fits the start: "enc*le" → "encule"); the word without its asterisks if none does.
 */
function unmask(index: Index, text: string): string[] {
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

function view(index: Index, token: Token): View {
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
function phraseHits(
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
function joinedHits(index: Index, views: readonly View[], i: number): Hit[] {
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
function mayGrow(index: Index, text: string): boolean {
  if (index.prefixes.has(text) || stemRule(index.stems, text) !== undefined) return true;
  const squeezed = squeeze(text);
  if (squeezed.length === text.length) return false;
  return index.prefixes.has(squeezed) || stemRule(index.squeezedStems, squeezed) !== undefined;
}

function assess(index: Index, body: string): AbuseVerdict {
  const views = tokenise(body).map((token) => view(index, token));
  const allowed = new Array<boolean>(views.length).fill(false);
  const hits: Hit[] = [];
  views.forEach((v, i) => {
    for (const { end } of phraseHits(views, i, index.allow, undefined)) allowed.fill(true, i, end);
    const rule = wordRule(index, v.forms, v.squeezed, true);
    if (rule !== undefined) hits.push({ reason: rule.reason, start: i, end: i + 1 });
    for (const { rule: phrase, end } of phraseHits(
      views,
      i,
      index.phrases,
      index.squeezedPhrases,
    )) {
      hits.push({ reason: phrase.reason!, start: i, end });
    }
    hits.push(...joinedHits(index, views, i));
  });
  const counted = hits.filter((hit) => !allowed.slice(hit.start, hit.end).includes(true));
  // "fils de pute" says more than "pute": a hit inside a longer one (or after another one over
  // the same words) is not repeated.
  const kept = counted.filter(
    (hit, k) =>
      !counted.some(
        (other, o) =>
          other.start <= hit.start &&
          other.end >= hit.end &&
          (other.end - other.start > hit.end - hit.start || o < k),
      ),
  );
  const reasons = [...new Set(kept.sort((a, b) => a.start - b.start).map((hit) => hit.reason))];
  return { abusive: reasons.length > 0, reasons };
}

/** Compiles lexicons into a matcher; do it once (module scope), not per message. */
export function compileMatcher(lexicons: readonly Lexicon[]): AbuseMatcher {
  const index = compile(lexicons);
  return (body) => assess(index, body);
}

const defaultMatcher = compileMatcher(LEXICONS);

/** Whether an inbound SMS body is abusive by its content, and why, with the shipped lexicons. */
export function assessBody(body: string): AbuseVerdict {
  return defaultMatcher(body);
}
