/**
 * The bench's report: its tables for a terminal (`npm run bench`) and docs/benchmarks.md, the
 * same tables with what they mean, formatted with the project's Prettier settings so that the
 * written page passes `npm run lint`.
 */
import { join } from 'node:path';
import { formatAmount, formatMicros } from '../../lib/config/money';
import type { Align, TextTable } from '../text-table';
import { markdownTable, renderTable } from '../text-table';
import type { Timing } from './handler';
import { PROJECT_ROOT } from './load';
import type { BenchReport } from './run';

export const BENCHMARKS_DOC = join(PROJECT_ROOT, 'docs', 'benchmarks.md');

/** An accepted reply's sequential writes: asserted by test/integration/round-trips.test.ts. */
const ACCEPTED_ROUND_TRIPS = 2;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const usd = (amount: number): string => formatAmount(amount, 'USD');
/** A table whose first column is words, the others figures (or words where told). */
const table = (header: string[], rows: string[][], left: number[] = []): TextTable => ({
  header,
  rows,
  align: header.map((_, c): Align => (c === 0 || left.includes(c) ? 'left' : 'right')),
});

function coldLoadTable({ cold_load }: BenchReport): TextTable {
  const rows = Object.entries(cold_load).map(([name, load]) => [
    ...[name, fixed(load.medianMs, 1), `${fixed(load.minMs, 1)}–${fixed(load.maxMs, 1)}`],
    load.sdkAtLoad.map((p) => p.replace('@aws-sdk/', '')).join(', ') || '—',
    fixed(load.sdkMs, 1),
  ]);
  const header = ['Lambda', 'median ms', 'min–max ms', 'SDK loaded at start', 'its ms'];
  return table(header, rows, [3]);
}

function handlerTable({ handler }: BenchReport): TextTable {
  const rows = Object.values(handler).flatMap((level) => {
    const line = (what: string, t: Timing, ratio: number, cpuMs?: number): string[] => [
      ...[String(level.concurrency), what, count(t.samples), fixed(t.meanMs), fixed(t.p50Ms)],
      ...[fixed(t.p99Ms), `±${fixed(t.rmePercent, 1)} %`, count(t.perSecond)],
      ...[cpuMs === undefined ? '' : fixed(cpuMs), `${fixed(ratio)}×`],
    ];
    const { bare, accepted, repeat } = level;
    return [
      line('bare conditional write', bare, 1),
      line('accepted reply', accepted, level.acceptedPerBare, accepted.cpuMs),
      line('repeat sender', repeat, level.repeatPerBare, repeat.cpuMs),
    ];
  });
  const header = ['containers', 'operation', 'samples', 'mean ms', 'p50 ms', 'p99 ms', 'mean ±'];
  return table([...header, 'per second', 'CPU ms', '÷ bare'], rows, [1]);
}

function moneyTable(report: BenchReport): TextTable {
  const rows = Object.values(report.money.scenarios).map((s) => [
    ...[`${s.scenario} (${s.scale})`, count(s.inbound), count(s.replies)],
    ...[fixed(s.ddbCallsPerInbound), formatMicros(s.spentMicros, s.currency), s.per1000.sms],
    ...[usd(s.per1000.infraUsd.total), s.per1000.cost2017],
  ]);
  const header = ['scenario (scale)', 'inbound', 'replies', 'DynamoDB calls / msg', 'SMS spend'];
  return table([...header, 'per 1,000: SMS', 'infrastructure', '2017'], rows);
}

function targetsTable(report: BenchReport): TextTable {
  const rows = report.targets.map((t) => [
    ...[`${t.name} ${t.target}`, fixed(t.value, t.max === 2 ? 2 : 1)],
    t.met ? 'met' : 'MISSED',
  ]);
  return table(['target', 'measured', ''], rows, [2]);
}

/** Where, when and how the figures were measured. */
function provenance(report: BenchReport): string {
  const m = report.machine;
  return (
    `Measured by \`${report.command}\` on ${report.date.slice(0, 16).replace('T', ' ')} UTC: ` +
    `${m.cpu}, ${m.cpus} cores, ${m.memory_gib} GiB, Node ${m.node}, ${m.platform}; load average ` +
    `${m.load_average_at_start.join(' ')} at the start, ${m.load_average_at_end.join(' ')} at ` +
    `the end; config ${report.config}; ${fixed(report.wall_ms / 1000, 0)} s.` +
    (report.quick ? ' `--quick`: a tiny input, the figures mean nothing.' : '')
  );
}

function coldLoadText({ cold_load: { responder, dispatcher } }: BenchReport): string {
  return [
    `\`require()\` of each bundle (the stack's esbuild options) in ${responder.runs} fresh Node`,
    "processes with the functions' `NODE_OPTIONS`; the AWS SDK comes from `node_modules`, as from",
    'the runtime in Lambda. "its ms": the SDK loaded at start, alone; the other clients load at',
    'first use (`lambda/aws-wiring.ts`).',
    '',
    `**The responder loads in ${fixed(responder.medianMs, 1)} ms, ${fixed(responder.sdkMs, 1)} ms of`,
    'which are the DynamoDB clients every message needs**: while they load at start, 60 ms is out',
    'of reach here. The rest is the source map (`--enable-source-maps`), Powertools, the phone',
    `rules and the abuse lexicons. The dispatcher loads in ${fixed(dispatcher.medianMs, 1)} ms.`,
    'What was tried against it: [Design](design.md#cold-start-why-the-responder-loads-in-more-than-60-ms).',
  ].join('\n');
}

function handlerText({ handler }: BenchReport): string {
  const c1 = handler.c1!;
  const own = Math.max(0, c1.accepted.meanMs - ACCEPTED_ROUND_TRIPS * c1.bare.meanMs);
  return [
    'The real responder as `npm start` wires it, each container one message at a time as in',
    'Lambda, against dynalite in its own worker thread. "accepted reply": a new sender; "repeat',
    'sender": one already answered (the commonest raid message). "CPU ms": per message.',
    '',
    `**An accepted reply takes ${fixed(c1.acceptedPerBare)}× a bare write (one container)**: it`,
    `makes ${ACCEPTED_ROUND_TRIPS} writes in turn (\`test/integration/round-trips.test.ts\`), the`,
    "sender's claim then the budget's reservation, so that a refused claim never touches money.",
    `Two round trips take two bare writes: under 2× is out of reach. Per round trip it is`,
    `${fixed(c1.acceptedPerBare / ACCEPTED_ROUND_TRIPS)}×, a repeat sender (one write)`,
    `${fixed(c1.repeatPerBare)}×; an accepted reply spends about ${fixed(own)} ms of its own.`,
  ].join('\n');
}

function moneyText({ money }: BenchReport): string {
  const { assumptions: a, measured, rejected_message_usd: rejected } = money;
  const perMillion = (amount: number): string => usd(amount * 1e6);
  return [
    "SMS spend: the simulator's, capped by the config's budgets, so per 1,000 it depends on the",
    `scale. Infrastructure: USD, lib/config/aws-prices.ts (checked ${money.prices_checked}):`,
    `Lambda (${a.memoryMb} MB arm64, billed time = CPU above × ${a.fullVcpuMemoryMb}/${a.memoryMb}`,
    `+ ${a.dynamoRoundTripMs} ms a DynamoDB call + ${a.sendMs} ms a send), the replay's DynamoDB`,
    'request units, SNS and Scheduler, and logs',
    `(${Math.round(measured.replyLogBytes)} bytes a reply, ${Math.round(measured.dropLogBytes)} a`,
    `drop, + ${a.platformLogBytes}). Not counted: the number's lease, inbound SMS, KMS, free tiers.`,
    '',
    `**One rejected raid message:** ${perMillion(rejected.one_write)} per million (one write),`,
    `${perMillion(rejected.two_writes)} if abusive (two). In 2017 each cost EUR 0.16.`,
  ].join('\n');
}

/** The sections, each a title, its table and (on the page) what it means. */
const sections = (report: BenchReport): { title: string; table: TextTable; text?: string }[] => [
  { title: 'Cold load', table: coldLoadTable(report), text: coldLoadText(report) },
  {
    title: 'The handler against a bare write',
    table: handlerTable(report),
    text: handlerText(report),
  },
  { title: 'Money per 1,000 messages', table: moneyTable(report), text: moneyText(report) },
  { title: 'Targets', table: targetsTable(report) },
];

/** The tables for a terminal. */
export function textReport(report: BenchReport): string {
  const out = ['antirelou benchmarks', provenance(report).replace(/`/g, ''), ''];
  for (const { title, table: t } of sections(report)) out.push(title, ...renderTable(t), '');
  return out.join('\n');
}

/** docs/benchmarks.md, formatted as `prettier --check` expects it. */
export async function markdownReport(report: BenchReport): Promise<string> {
  const usage = [
    '```sh',
    'npm run bench              # 2–3 minutes on 2 cores; rewrites this page',
    'npm run bench -- --json    # exactly one JSON object on stdout; this page is left alone',
    'npm run bench -- --quick   # seconds: checks the bench (the test runs it), figures mean nothing',
    '```',
  ].join('\n');
  const page = [
    '# Benchmarks',
    '<!-- Written by `npm run bench` (tools/bench/). Do not edit: run it again. -->',
    provenance(report),
    usage,
    'Not measured again here, the tests assert them: round trips per message ' +
      '(`test/integration/round-trips.test.ts`), bundle bytes (`test/bench/bundle-options.test.ts`).',
    ...sections(report).map((s) =>
      [`## ${s.title}`, markdownTable(s.table), s.text ?? ''].join('\n\n'),
    ),
  ].join('\n\n');
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(BENCHMARKS_DOC)) ?? {};
  return prettier.format(page, { ...options, parser: 'markdown' });
}
