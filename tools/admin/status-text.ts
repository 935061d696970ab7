/**
 * `status` for a terminal: the hour, day and month first, one line each, money to the cent and
 * counts beside the money they paid; then pause, raid mode and waiting replies; then who is
 * flagged and the stop list. Every time is on the status clock, in the budget's time zone.
 */
import { mainReasons } from './metric-figures';
import { clockTime, count, localTime, money } from './format';
import type { PeriodStatus } from './period-figures';
import type { StatusReport } from './status';
import { renderTable } from '../text-table';
import { receiptsSection } from './receipts-text';

const MAIN_REASONS = 3;

const orUnknown = (n: number | null): string => (n === null ? '?' : count(n));

/** `19:00–20:00`, `2026-10-21`, `2026-10`. */
function periodLabel(period: 'hour' | 'day' | 'month', p: PeriodStatus, timeZone: string): string {
  if (period !== 'hour') return p.key;
  const from = Date.parse(p.from);
  return `${p.key.slice(0, 10)} ${clockTime(from, timeZone)}–${clockTime(from + 3_600_000, timeZone)}`;
}

function dropsText(p: PeriodStatus): string {
  if (p.dropped === null) return '?';
  const main = mainReasons(p.dropped, MAIN_REASONS).map(([reason, n]) => `${reason} ${count(n)}`);
  const others = Object.keys(p.dropped).length - main.length;
  return main.length === 0 ? '-' : `${main.join(', ')}${others > 0 ? `, +${others} more` : ''}`;
}

/** The periods' table and its footnotes. */
function periodSection(report: StatusReport): string[] {
  const { currency } = report.budget;
  const { timeZone } = report.asOf;
  const lowered: string[] = [];
  const rows = (['hour', 'day', 'month'] as const).map((period) => {
    const p = report.budget[period];
    let cap = money(p.capMicros, currency);
    if (p.capSource === 'raise') {
      cap += '*';
      lowered.push(
        `* ${period} cap raised (budget raise); config ${money(p.hardCapMicros, currency)}, ` +
          `ceiling ${money(p.ceilingMicros, currency)}`,
      );
    } else if (p.capSource !== 'config') {
      cap += '*';
      const why = p.capSource === 'raid' ? 'raid mode' : 'an override (budget set)';
      lowered.push(`* ${period} cap lowered by ${why}; config ${money(p.hardCapMicros, currency)}`);
    }
    return [
      period,
      periodLabel(period, p, timeZone),
      money(p.spentMicros, currency),
      cap,
      `${p.usedPercent.toFixed(1)}%`,
      orUnknown(p.replies),
      orUnknown(p.inbound),
      orUnknown(p.droppedTotal),
      dropsText(p),
    ];
  });
  return [
    ...renderTable({
      header: [
        'period',
        '',
        'spent',
        'cap',
        'used',
        'replies',
        'inbound',
        'dropped',
        'main drop reasons',
      ],
      rows,
      align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    }),
    ...lowered.map((line) => `  ${line}`),
    ...footnotes(report),
  ];
}

function footnotes(report: StatusReport): string[] {
  const month = report.budget.month;
  const replies =
    month.repliesSource === 'ledger'
      ? 'replies: paid for in the period (the budget ledger), so they add up to the spend'
      : month.repliesSource === 'unknown'
        ? 'replies: the budget ledger keeps them for 3 days; earlier ones need the metrics, absent here'
        : 'replies: paid for (the budget ledger, its last 3 days); earlier days of the month: sent (the metrics)';
  return [
    `  ${replies}`,
    `  inbound and drops: ${report.metricsSource ?? 'unknown (no metrics)'}`,
    `  every drop reason explained: ${report.dropReasonsDoc}`,
  ];
}

/** The first line: the target and the one clock everything is read on. */
function heading(report: StatusReport): string[] {
  const { asOf } = report;
  const tz = asOf.timeZone;
  const present = localTime(Date.parse(asOf.present), tz);
  const clock = {
    at: `--at; figures to ${clockTime(Date.parse(asOf.figuresUntil), tz)} (the end of its hour); the data runs to ${present}`,
    wall: 'now',
    simulated: "the state's simulated clock: its data ends there; --at to look back",
  }[asOf.clock];
  return [`antirelou status: ${report.target}`, `As of ${asOf.local} ${tz} (${clock})`, ''];
}

/** The status as text, for a terminal. */
export function renderStatus(report: StatusReport): string {
  const lines = [
    ...heading(report),
    ...periodSection(report),
    ...receiptsSection(report),
    '',
    ...stateSection(report),
    '',
    ...flaggedSection(report),
    ...report.notes.map((note) => `Note: ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

function pauseLine(report: StatusReport): string {
  const tz = report.asOf.timeZone;
  if (!report.paused) return 'Replies     running (not paused)';
  const since = report.pausedAt ? ` since ${localTime(Date.parse(report.pausedAt), tz)}` : '';
  const by = report.pausedBy ? ` by ${report.pausedBy}` : '';
  const reason = report.pausedReason ? `: "${report.pausedReason}"` : '';
  const undo = report.asOf.clock === 'at' ? '' : ' (antirelou resume)';
  return `Replies     PAUSED${since}${by}${reason}${undo}`;
}

function raidLine(report: StatusReport): string {
  const { raid } = report;
  const tz = report.asOf.timeZone;
  const at = (value: string): string => localTime(Date.parse(value), tz);
  const state =
    raid.inForce === null
      ? 'unknown (no message reached the check that hour)'
      : raid.inForce
        ? 'ON'
        : 'off';
  const detection = !raid.enabled
    ? 'flood detection is off in the config'
    : raid.detected === null
      ? 'flood detection: hidden by the override'
      : raid.detected
        ? `flood detection: active${raid.since ? ` since ${at(raid.since)}` : ''}` +
          (raid.baselinePerMinute === undefined
            ? ''
            : `, baseline ${raid.baselinePerMinute} SMS/min`)
        : 'flood detection: not active';
  const how = raid.override === 'auto' ? detection : `forced ${raid.override}; ${detection}`;
  const cap =
    raid.inForce && raid.hourCapMicros !== undefined
      ? `; hourly cap ${money(raid.hourCapMicros, report.budget.currency)}`
      : '';
  const today = report.budget.day.raidPeriods ?? [];
  const stretches = today.map(
    (p) => `${clockTime(Date.parse(p.start), tz)}–${clockTime(Date.parse(p.end), tz)}`,
  );
  const day = stretches.length === 0 ? '' : `; raid mode that day: ${stretches.join(', ')}`;
  return `Raid mode   ${state} (${how})${cap}${day}`;
}

function textLines(report: StatusReport): string[] {
  return report.texts.map(
    (t) =>
      `Text        ${t.text} (${t.country}, from ${t.source}): ${t.encoding}, ${t.segments} ` +
      `segment(s), ${t.costMicros === null ? '?' : money(t.costMicros, report.budget.currency)} ` +
      `a reply: ${JSON.stringify(t.body.length > 60 ? `${t.body.slice(0, 57)}...` : t.body)}`,
  );
}

function stateSection(report: StatusReport): string[] {
  const lines = [pauseLine(report), raidLine(report), ...textLines(report)];
  if (report.delay) {
    const minutes = (seconds: number): string => `${+(seconds / 60).toFixed(1)}`;
    const { minSeconds, maxSeconds, waiting } = report.delay;
    const span =
      minSeconds === maxSeconds
        ? `${minutes(minSeconds)} min`
        : `${minutes(minSeconds)}–${minutes(maxSeconds)} min`;
    lines.push(
      waiting === null
        ? `Waiting     not kept for past times (the safety delay is ${span})`
        : `Waiting     ${count(waiting)} repl${waiting === 1 ? 'y' : 'ies'} paid for, waiting for the ${span} safety delay ` +
            '(each is checked again for STOP, block, flag and pause when its time comes)',
    );
  }
  const list = report.waitingList;
  if (list) {
    lines.push(
      list.waiting === null
        ? 'Wait list   not kept for past times'
        : `Wait list   ${count(list.waiting)} sender${list.waiting === 1 ? '' : 's'} waiting for money ` +
            `(up to ${list.maxWaitHours} h; at most ${count(list.maxPerDay)} join a day; nothing reserved until served)`,
    );
  }
  return lines;
}

function flaggedSection(report: StatusReport): string[] {
  const tz = report.asOf.timeZone;
  const at = (value: string): string => localTime(Date.parse(value), tz);
  const flagged = report.flaggedSenders;
  const lines: string[] = [];
  if (flagged.top.length === 0) {
    lines.push(`Flagged     no evidence records since ${at(flagged.since)}`);
  } else {
    lines.push(
      `Flagged     ${count(flagged.records)} evidence record(s) since ${at(flagged.since)}; most reported senders:`,
    );
    lines.push(
      ...renderTable({
        rows: flagged.top.map((s) => [
          s.number,
          `${count(s.messages)} msg`,
          `last ${at(s.lastAt)}`,
          s.reasons.join(', '),
        ]),
        align: ['left', 'right', 'left', 'left'],
        indent: 2,
      }),
    );
  }
  const stop = report.stopList;
  lines.push(
    stop === null
      ? 'Stop list   kept for the present only: run status without --at'
      : `Stop list   ${count(stop.optedOut)} opted out (STOP); ${count(stop.blocked)} blocked, ` +
          `${count(stop.flagged)} flagged, of ${count(stop.senders)} senders`,
  );
  return lines;
}
