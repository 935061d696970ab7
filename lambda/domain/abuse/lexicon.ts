/**
 * The lexicons' format and its validation. The lexicons are data (`lexicon/fr.json`,
 * `lexicon/en.json`, documented in this folder's README). Their shape is checked when the
 * module loads, so a malformed edit fails every test and the Lambda's cold start, never
 * silently; that every text is in normalised form is checked by the unit tests
 * (`unnormalisedTexts`).
 */
import { normalise } from './normalise';

export const CATEGORIES = ['insult', 'threat', 'slur', 'sexual_harassment'] as const;
/** Why a message is abusive. */
export type Category = (typeof CATEGORIES)[number];

export const MATCH_KINDS = ['word', 'stem', 'phrase'] as const;
/**
 * How an entry matches the normalised words: `word` a whole word, `stem` any word that starts
 * with it ("encul" → enculé, enculer), `phrase` consecutive words ("je vais te tuer").
 */
export type MatchKind = (typeof MATCH_KINDS)[number];

/** One entry of a lexicon, as validated. */
export interface LexiconEntry {
  /** The canonical normalised form; reasons name it (`insult:connard`). */
  readonly form: string;
  readonly match: MatchKind;
  readonly category: Category;
  /** Other spellings with the same meaning ("conard", "connards"); same match kind. */
  readonly variants: readonly string[];
  /** Stems only: innocent words that start with the stem ("salopette"). */
  readonly except: readonly string[];
}

/** A validated lexicon. */
export interface Lexicon {
  readonly language: string;
  readonly entries: readonly LexiconEntry[];
  /** Innocent phrases: a match that overlaps one of them does not count ("pas con"). */
  readonly allow: readonly string[];
  /** Spellings read as another word everywhere, phrases included ("fck" → "fuck", "u" → "you"). */
  readonly aliases: ReadonlyMap<string, string>;
}

/** A lexicon file that does not have the documented shape. */
export class LexiconError extends Error {
  override readonly name = 'LexiconError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}

/** A phrase word ending in '*' matches any word starting with it ("violer*"). */
export const PREFIX_MARK = '*';
/** Shorter stems hit too many innocent words ("con" would hit content, conseil, bacon…). */
export const MIN_STEM_LENGTH = 4;

const ENTRY_KEYS = new Set(['form', 'match', 'category', 'variants', 'except', 'note']);
const ROOT_KEYS = new Set(['language', 'description', 'entries', 'allow', 'aliases']);
const ALLOW_KEYS = new Set(['phrase', 'note']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(value: unknown, where: string, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    problems.push(`${where} must be a list of strings`);
    return [];
  }
  return value;
}

function unknownKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>): string[] {
  return Object.keys(value).filter((key) => !allowed.has(key));
}

/** Checks one text's word count and length for its match kind. */
function checkShape(text: string, kind: MatchKind, where: string, problems: string[]): void {
  const words = text.split(' ');
  if (words.some((w) => w === '')) problems.push(`${where} "${text}" has an empty word`);
  if (kind === 'phrase' && words.length < 2) problems.push(`${where} "${text}" is one word`);
  if (kind !== 'phrase' && words.length !== 1) problems.push(`${where} "${text}" is not one word`);
  if (kind === 'stem' && text.length < MIN_STEM_LENGTH) {
    problems.push(`${where} "${text}" is shorter than ${MIN_STEM_LENGTH} letters`);
  }
}

/**
 * Texts that are not in normalised form (lower case, no accents, one space between words):
 * they could never match, since the matcher only sees normalised words. Run by the unit tests
 * rather than at every cold start: it normalises every text, and the shipped files are static.
 */
export function unnormalisedTexts(lexicon: Lexicon): string[] {
  const texts = [
    ...lexicon.entries.flatMap((e) => [e.form, ...e.variants, ...e.except]),
    ...lexicon.allow,
    ...lexicon.aliases.keys(),
    ...lexicon.aliases.values(),
  ];
  return texts.filter((text) => {
    const plain = text
      .split(' ')
      .map((w, i) => (i > 0 && w.endsWith(PREFIX_MARK) ? w.slice(0, -1) : w))
      .join(' ');
    return normalise(plain) !== plain;
  });
}

function parseEntry(raw: unknown, where: string, problems: string[]): LexiconEntry | undefined {
  if (!isRecord(raw)) {
    problems.push(`${where} is not an object`);
    return undefined;
  }
  const extra = unknownKeys(raw, ENTRY_KEYS);
  if (extra.length > 0) problems.push(`${where} has unknown keys: ${extra.join(', ')}`);
  const { form, match, category } = raw;
  if (typeof form !== 'string' || form === '') {
    problems.push(`${where}.form must be a non-empty string`);
    return undefined;
  }
  const at = `${where} ("${form}")`;
  if (!MATCH_KINDS.includes(match as MatchKind)) {
    problems.push(`${at}.match must be one of ${MATCH_KINDS.join(', ')}`);
    return undefined;
  }
  if (!CATEGORIES.includes(category as Category)) {
    problems.push(`${at}.category must be one of ${CATEGORIES.join(', ')}`);
    return undefined;
  }
  if (raw.note !== undefined && typeof raw.note !== 'string') {
    problems.push(`${at}.note must be a string`);
  }
  const kind = match as MatchKind;
  const variants = stringList(raw.variants, `${at}.variants`, problems);
  const except = stringList(raw.except, `${at}.except`, problems);
  for (const text of [form, ...variants]) checkShape(text, kind, at, problems);
  if (kind !== 'stem' && except.length > 0) problems.push(`${at}.except is for stems only`);
  for (const word of except) {
    checkShape(word, 'word', `${at}.except`, problems);
    if (![form, ...variants].some((stem) => word.startsWith(stem))) {
      problems.push(`${at}.except "${word}" does not start with the stem`);
    }
  }
  if (kind === 'phrase') {
    for (const text of [form, ...variants]) {
      if (text.split(' ')[0]!.endsWith(PREFIX_MARK)) {
        problems.push(`${at} "${text}": the first word of a phrase cannot be a prefix`);
      }
    }
  }
  return { form, match: kind, category: category as Category, variants, except };
}

function parseAllow(raw: unknown, where: string, problems: string[]): string | undefined {
  if (!isRecord(raw) || typeof raw.phrase !== 'string') {
    problems.push(`${where} must be an object with a "phrase"`);
    return undefined;
  }
  const extra = unknownKeys(raw, ALLOW_KEYS);
  if (extra.length > 0) problems.push(`${where} has unknown keys: ${extra.join(', ')}`);
  checkShape(raw.phrase, 'phrase', where, problems);
  return raw.phrase;
}

function parseAliases(raw: unknown, problems: string[]): Map<string, string> {
  const aliases = new Map<string, string>();
  if (raw === undefined) return aliases;
  if (!isRecord(raw)) {
    problems.push('aliases must be an object { "word": ["spelling", …] }');
    return aliases;
  }
  for (const [word, spellings] of Object.entries(raw)) {
    checkShape(word, 'word', 'aliases', problems);
    for (const spelling of stringList(spellings, `aliases.${word}`, problems)) {
      checkShape(spelling, 'word', `aliases.${word}`, problems);
      if (aliases.has(spelling)) problems.push(`aliases: "${spelling}" is listed twice`);
      aliases.set(spelling, word);
    }
  }
  return aliases;
}

/** Validates a lexicon file's shape; throws a `LexiconError` listing every problem. */
export function parseLexicon(data: unknown, source: string): Lexicon {
  const problems: string[] = [];
  if (!isRecord(data)) throw new LexiconError(source, ['the file is not a JSON object']);
  const extra = unknownKeys(data, ROOT_KEYS);
  if (extra.length > 0) problems.push(`unknown keys: ${extra.join(', ')}`);
  if (typeof data.language !== 'string') problems.push('language must be a string');
  if (!Array.isArray(data.entries)) problems.push('entries must be a list');
  if (data.allow !== undefined && !Array.isArray(data.allow)) problems.push('allow must be a list');

  const entries: LexiconEntry[] = [];
  const seen = new Set<string>();
  (Array.isArray(data.entries) ? data.entries : []).forEach((raw: unknown, i) => {
    const entry = parseEntry(raw, `entries[${i}]`, problems);
    if (entry === undefined) return;
    for (const text of [entry.form, ...entry.variants]) {
      if (seen.has(text)) problems.push(`entries[${i}]: "${text}" is listed twice`);
      seen.add(text);
    }
    entries.push(entry);
  });
  const allow = (Array.isArray(data.allow) ? data.allow : [])
    .map((raw: unknown, i) => parseAllow(raw, `allow[${i}]`, problems))
    .filter((phrase): phrase is string => phrase !== undefined);
  const aliases = parseAliases(data.aliases, problems);

  if (problems.length > 0) throw new LexiconError(source, problems);
  return { language: data.language as string, entries, allow, aliases };
}
