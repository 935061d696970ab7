/**
 * `npm run stop:eval -- [--json] [--corpus FILE]`: precision and recall of the opt-out detection
 * (`classifyIntent(body) === 'stop'`) on the labelled STOP corpus, reported like `abuse:eval`.
 * Exit codes: 0 done, 1 unreadable corpus, 2 usage.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { classifyIntent } from '../../lambda/domain/keywords';
import { readMessage, stopReason } from '../../lambda/domain/stop';
import type { Scores } from './evaluation';
import { SampleError, scores, scoreTable } from './evaluation';

export const DEFAULT_CORPUS = 'test/fixtures/stop-corpus.jsonl';

/** `any`: a form that is no language in particular ("🛑", "ＳＴＯＰ"). */
export const CORPUS_LANGUAGES = ['fr', 'en', 'any'] as const;
export type CorpusLanguage = (typeof CORPUS_LANGUAGES)[number];

/** One labelled message: `stop` is what a person reading it would decide. */
export interface CorpusLine {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  readonly stop: boolean;
  readonly lang: CorpusLanguage;
  readonly note?: string;
}

const CORPUS_KEYS = new Set(['text', 'stop', 'lang', 'note']);

function parseLine(trimmed: string, line: number, source: string): CorpusLine {
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
  const extra = Object.keys(record).filter((key) => !CORPUS_KEYS.has(key));
  if (extra.length > 0) fail(`unknown keys: ${extra.join(', ')}`);
  const { text, stop, lang = 'any', note } = record;
  if (typeof text !== 'string') fail('"text" must be a string');
  if (typeof stop !== 'boolean') fail('"stop" must be true or false');
  if (!CORPUS_LANGUAGES.includes(lang as CorpusLanguage)) {
    fail(`"lang" must be one of ${CORPUS_LANGUAGES.join(', ')}`);
  }
  if (note !== undefined && typeof note !== 'string') fail('"note" must be a string');
  const parsed = { line, text: text as string, stop: stop as boolean };
  return { ...parsed, lang: lang as CorpusLanguage, ...(note ? { note: note as string } : {}) };
}

/** Reads a corpus: one JSON object per line; blank lines and `#` comments are skipped. */
export function parseCorpus(content: string, source: string): CorpusLine[] {
  return content.split('\n').flatMap((raw, i) => {
    const trimmed = raw.trim();
    return trimmed === '' || trimmed.startsWith('#') ? [] : [parseLine(trimmed, i + 1, source)];
  });
}

/** A line the detection got wrong, with the rule that opted it out (false positives). */
export interface StopMiss {
  readonly line: number;
  readonly text: string;
  readonly expected: boolean;
  readonly reason?: string;
  readonly note?: string;
}

/** Scores per group (all, fr, en, any) and the misclassified lines. */
export interface StopEvaluation {
  readonly corpus: string;
  readonly groups: Readonly<Record<string, Scores>>;
  readonly misclassified: readonly StopMiss[];
}

/** Runs the real `classifyIntent` on every line. */
export function evaluateStop(lines: readonly CorpusLine[], source: string): StopEvaluation {
  const results = lines.map((line) => ({
    line,
    expected: line.stop,
    got: classifyIntent(line.text) === 'stop',
  }));
  const groups: Record<string, Scores> = { all: scores(results) };
  for (const lang of CORPUS_LANGUAGES) {
    const members = results.filter((r) => r.line.lang === lang);
    if (members.length > 0) groups[lang] = scores(members);
  }
  const misclassified = results
    .filter((r) => r.expected !== r.got)
    .map(({ line, expected }) => {
      const reason = stopReason(readMessage(line.text));
      return {
        line: line.line,
        text: line.text,
        expected,
        ...(reason === undefined ? {} : { reason }),
        ...(line.note === undefined ? {} : { note: line.note }),
      };
    });
  return { corpus: source, groups, misclassified };
}

/** The evaluation for a terminal: the table of scores, then the misclassified lines. */
export function stopReport(evaluation: StopEvaluation): string {
  const out = [`Opt-out detection on ${evaluation.corpus}`, '', ...scoreTable(evaluation.groups)];
  out.push('', `Misclassified (${evaluation.misclassified.length}):`);
  for (const miss of evaluation.misclassified) {
    const kind = miss.expected ? 'missed' : `opted out (${miss.reason ?? '?'})`;
    const note = miss.note === undefined ? '' : `  [${miss.note}]`;
    out.push(`  line ${miss.line} ${kind}: ${JSON.stringify(miss.text)}${note}`);
  }
  return out.join('\n');
}

/** Where the command writes (a test passes its own). */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs the command; returns the exit code. */
export function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): number {
  const program = new Command('stop:eval')
    .description('Precision and recall of the opt-out detection on the labelled STOP corpus.')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--corpus <file>', 'the labelled corpus (JSON Lines)', DEFAULT_CORPUS)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const options = program.opts<{ json?: boolean; corpus: string }>();
  try {
    const lines = parseCorpus(readFileSync(options.corpus, 'utf8'), options.corpus);
    const evaluation = evaluateStop(lines, options.corpus);
    io.stdout.write(`${options.json ? JSON.stringify(evaluation) : stopReport(evaluation)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof SampleError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr.write(`stop:eval: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
