/**
 * The lexicons compiled for the matcher (`matcher.ts`): words, stems and phrases indexed for
 * lookup (each also by its squeezed form), the allow list, aliases, every prefix (so that joins
 * stop early) and the vocabulary that fills masked words; and the lookup of one word.
 */
import type { Category, Lexicon } from './lexicon';
import { PREFIX_MARK } from './lexicon';
import { squeeze } from './normalise';

/** Stems are indexed by their first letters; MIN_STEM_LENGTH keeps every stem longer. */
const STEM_KEY_LENGTH = 3;

export interface Rule {
  readonly reason: string;
}
export interface StemRule extends Rule {
  readonly stem: string;
  readonly except: ReadonlySet<string>;
}
export interface PhraseWord {
  readonly word: string;
  readonly squeezed: string;
  readonly prefix: boolean;
}
export interface PhraseRule {
  /** Undefined for the allow list. */
  readonly reason?: string;
  readonly words: readonly PhraseWord[];
}

/** The lexicons as lookup tables (`compileIndex`). */
export class LexiconIndex {
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

/** Indexes every entry, alias and allowed phrase of `lexicons`. */
export function compileIndex(lexicons: readonly Lexicon[]): LexiconIndex {
  const index = new LexiconIndex();
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

export function stemRule(map: Map<string, StemRule[]>, word: string): Rule | undefined {
  for (const rule of map.get(word.slice(0, STEM_KEY_LENGTH)) ?? []) {
    if (word.startsWith(rule.stem) && !rule.except.has(word)) return rule;
  }
  return undefined;
}

/** The entry a single word (or a joined word) matches, if any. */
export function wordRule(
  index: LexiconIndex,
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
