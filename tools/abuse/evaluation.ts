/**
 * Measures the abuse matcher on a labelled sample (JSON Lines): precision, recall and F1 per
 * language and split, the confusion counts, the misclassified lines. Pure: the command line is
 * `evaluate.ts`, the test reads the same report.
 */
import { readFileSync } from 'node:fs';
import type { AbuseMatcher } from '../../lambda/domain/abuse/matcher';
import { renderTable } from '../text-table';

export const DEFAULT_SAMPLE = 'test/fixtures/abuse-sample.jsonl';

export const LANGUAGES = ['fr', 'en'] as const;
export const SPLITS = ['dev', 'holdout'] as const;
export type Language = (typeof LANGUAGES)[number];
/** `holdout` lines were written before the lexicon and never used to tune it. */
export type Split = (typeof SPLITS)[number];

/** One labelled message. */
export interface SampleLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  readonly abusive: boolean;
  readonly lang: Language;
  readonly split: Split;
  readonly note?: string;
}

/** A sample file that does not have the documented shape. */
export class SampleError extends Error {
  override readonly name = 'SampleError';
}

/** Confusion counts and the scores derived from them (a score with no denominator is 1). */
export interface Scores {
  readonly messages: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

/** A line the matcher got wrong. */
export interface Miss {
  readonly line: number;
  readonly text: string;
  readonly lang: Language;
  readonly split: Split;
  readonly expected: boolean;
  readonly reasons: readonly string[];
  readonly note?: string;
}

/** The whole evaluation. `groups` keys (groups with lines only): all, fr, en, dev, holdout, dev/fr… */
export interface Evaluation {
  readonly sample: string;
  readonly groups: Readonly<Record<string, Scores>>;
  readonly misclassified: readonly Miss[];
}

const SAMPLE_KEYS = new Set(['text', 'abusive', 'lang', 'note', 'split']);

/** Reads a sample: one JSON object per line; blank lines and `#` comments are skipped. */
export function parseSample(content: string, source: string): SampleLine[] {
  const lines: SampleLine[] = [];
  content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fail = (why: string): never => {
      throw new SampleError(`${source}:${line}: ${why}`);
    };
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      fail(`not JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
    const record = value as Record<string, unknown>;
    const extra = Object.keys(record).filter((key) => !SAMPLE_KEYS.has(key));
    if (extra.length > 0) fail(`unknown keys: ${extra.join(', ')}`);
    const { text, abusive, lang, note, split = 'dev' } = record;
    if (typeof text !== 'string') fail('"text" must be a string');
    if (typeof abusive !== 'boolean') fail('"abusive" must be true or false');
    if (!LANGUAGES.includes(lang as Language))
      fail(`"lang" must be one of ${LANGUAGES.join(', ')}`);
    if (!SPLITS.includes(split as Split)) fail(`"split" must be one of ${SPLITS.join(', ')}`);
    if (note !== undefined && typeof note !== 'string') fail('"note" must be a string');
    lines.push({
      line,
      text: text as string,
      abusive: abusive as boolean,
      lang: lang as Language,
      split: split as Split,
      ...(note === undefined ? {} : { note: note as string }),
    });
  });
  return lines;
}

/** Reads and parses a sample file. */
export function readSample(path: string): SampleLine[] {
  return parseSample(readFileSync(path, 'utf8'), path);
}

const ratio = (num: number, den: number): number => (den === 0 ? 1 : num / den);

/** Confusion counts and scores of a list of (expected, got) verdicts. */
export function scores(results: readonly { expected: boolean; got: boolean }[]): Scores {
  const count = (expected: boolean, got: boolean): number =>
    results.filter((r) => r.expected === expected && r.got === got).length;
  const tp = count(true, true);
  const fp = count(false, true);
  const fn = count(true, false);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    messages: results.length,
    truePositives: tp,
    falsePositives: fp,
    trueNegatives: count(false, false),
    falseNegatives: fn,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** Runs the matcher on every line and scores it per group. */
export function evaluate(
  matcher: AbuseMatcher,
  lines: readonly SampleLine[],
  source: string,
): Evaluation {
  const results = lines.map((line) => {
    const verdict = matcher(line.text);
    return { line, expected: line.abusive, got: verdict.abusive, reasons: verdict.reasons };
  });
  const groups: Record<string, Scores> = {};
  const group = (name: string, members: typeof results): void => {
    if (members.length > 0) groups[name] = scores(members);
  };
  group('all', results);
  for (const lang of LANGUAGES)
    group(
      lang,
      results.filter((r) => r.line.lang === lang),
    );
  for (const split of SPLITS) {
    const inSplit = results.filter((r) => r.line.split === split);
    group(split, inSplit);
    for (const lang of LANGUAGES)
      group(
        `${split}/${lang}`,
        inSplit.filter((r) => r.line.lang === lang),
      );
  }
  const misclassified = results
    .filter((r) => r.expected !== r.got)
    .map(({ line, expected, reasons }) => ({
      line: line.line,
      text: line.text,
      lang: line.lang,
      split: line.split,
      expected,
      reasons,
      ...(line.note === undefined ? {} : { note: line.note }),
    }));
  return { sample: source, groups, misclassified };
}

const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Scores per group as an aligned text table (header first), for any labelled evaluation. */
export function scoreTable(groups: Readonly<Record<string, Scores>>): string[] {
  const header = ['group', 'messages', 'TP', 'FP', 'TN', 'FN', 'precision', 'recall', 'F1'];
  const rows = Object.entries(groups).map(([name, s]) => [
    name,
    String(s.messages),
    String(s.truePositives),
    String(s.falsePositives),
    String(s.trueNegatives),
    String(s.falseNegatives),
    percent(s.precision),
    percent(s.recall),
    percent(s.f1),
  ]);
  return renderTable({
    header,
    rows,
    align: ['left', ...header.slice(1).map(() => 'right' as const)],
  });
}

/** The evaluation for a terminal: a table of scores, then the misclassified lines. */
export function textReport(evaluation: Evaluation): string {
  const out = [`Abuse matcher on ${evaluation.sample}`, '', ...scoreTable(evaluation.groups), ''];
  if (evaluation.misclassified.length === 0) {
    out.push('No misclassified line.');
  } else {
    out.push(`Misclassified (${evaluation.misclassified.length}):`);
    for (const miss of evaluation.misclassified) {
      const kind = miss.expected ? 'missed' : `false positive (${miss.reasons.join(', ')})`;
      const note = miss.note === undefined ? '' : `  [${miss.note}]`;
      out.push(
        `  line ${miss.line} ${miss.split}/${miss.lang} ${kind}: ${JSON.stringify(miss.text)}${note}`,
      );
    }
  }
  return out.join('\n');
}
