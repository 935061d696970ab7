/** The bench's tables, for a terminal (`npm run bench`) and for docs/benchmarks.md. */
import { formatAmount, formatMicros } from '../../lib/config/money';
import type { Align, TextTable } from '../text-table';
import { renderTable } from '../text-table';
import type { HandlerTiming, Timing } from './handler';
import type { BenchReport } from './run';

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits = 2): string => n.toFixed(digits);
/** USD through the one money formatter (micro-dollars). */
export const usd = (amount: number): string => formatAmount(amount, 'USD');
/** A table whose first column is words, the others figures (or words where told). */
const table = (header: string[], rows: string[][], left: number[] = []): TextTable => ({
  header,
  rows,
  align: header.map((_, c): Align => (c === 0 || left.includes(c) ? 'left' : 'right')),
});

export interface Section {
  readonly title: string;
  readonly table: TextTable;
}

function coldLoad(report: BenchReport): Section {
  const rows = Object.entries(report.cold_load).map(([name, load]) => [
    name,
    count(load.bytes),
    fixed(load.medianMs, 1),
    `${fixed(load.minMs, 1)}–${fixed(load.maxMs, 1)}`,
    load.sdkAtLoad.map((p) => p.replace('@aws-sdk/', '')).join(', ') || '—',
    fixed(load.sdkMs, 1),
  ]);
  const header = ['Lambda', 'bundle bytes', 'median ms', 'min–max ms', 'SDK loaded at start'];
  return { title: 'Cold load', table: table([...header, 'its ms'], rows, [4]) };
}

function handler(report: BenchReport): Section {
  const rows = Object.values(report.handler).flatMap((level) => {
    const line = (what: string, t: Timing, ratio: number, h?: HandlerTiming): string[] => [
      String(level.concurrency),
      what,
      count(t.samples),
      fixed(t.meanMs),
      fixed(t.p50Ms),
      fixed(t.p99Ms),
      `±${fixed(t.rmePercent, 1)} %`,
      count(t.perSecond),
      h ? fixed(h.ddbCalls) : '1.00',
      h ? fixed(h.cpuMs) : '',
      `${fixed(ratio)}×`,
    ];
    return [
      line('bare conditional write', level.bare, 1),
      line('accepted reply', level.accepted, level.acceptedPerBare, level.accepted),
      line('repeat sender', level.repeat, level.repeatPerBare, level.repeat),
    ];
  });
  const header = ['containers', 'operation', 'samples', 'mean ms', 'p50 ms', 'p99 ms', 'mean ±'];
  const more = ['per second', 'DynamoDB calls', 'CPU ms', '÷ bare'];
  return {
    title: 'The handler against a bare write',
    table: table([...header, ...more], rows, [1]),
  };
}

function money(report: BenchReport): Section {
  const rows = Object.values(report.money.scenarios).map((s) => [
    `${s.scenario} (${s.scale})`,
    count(s.inbound),
    count(s.replies),
    fixed(s.ddbCallsPerInbound),
    formatMicros(s.spentMicros, s.currency),
    s.per1000.sms,
    usd(s.per1000.infraUsd.total),
    s.per1000.cost2017,
  ]);
  const header = ['scenario (scale)', 'inbound', 'replies', 'DynamoDB calls / msg', 'SMS spend'];
  const per1000 = ['per 1,000: SMS', 'infrastructure', '2017'];
  return { title: 'Money per 1,000 messages', table: table([...header, ...per1000], rows) };
}

function targets(report: BenchReport): Section {
  const rows = report.targets.map((t) => [
    `${t.name} ${t.target}`,
    fixed(t.value, t.max === 2 ? 2 : 1),
    t.met ? 'met' : 'MISSED',
  ]);
  return { title: 'Targets', table: table(['target', 'measured', ''], rows, [2]) };
}

export function sections(report: BenchReport): Section[] {
  return [coldLoad(report), handler(report), money(report), targets(report)];
}

/** Where, when and how the figures were measured. */
export function provenance(report: BenchReport): string {
  const m = report.machine;
  return (
    `Measured by \`${report.command}\` on ${report.date.slice(0, 16).replace('T', ' ')} UTC: ` +
    `${m.cpu}, ${m.cpus} cores, ${m.memory_gib} GiB, Node ${m.node}, ${m.platform}; load average ` +
    `${m.load_average_at_start.join(' ')} at the start, ${m.load_average_at_end.join(' ')} at ` +
    `the end; config ${report.config}; ${fixed(report.wall_ms / 1000, 0)} s.` +
    (report.quick ? ' `--quick`: a tiny input, the figures mean nothing.' : '')
  );
}

/** The tables for a terminal. */
export function textReport(report: BenchReport): string {
  const out = ['antirelou benchmarks', provenance(report).replace(/`/g, ''), ''];
  for (const { title, table: t } of sections(report)) out.push(title, ...renderTable(t), '');
  return out.join('\n');
}
