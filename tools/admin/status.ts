/**
 * `status [--json]`: what the responder would decide now, and why. Pause and raid mode from the
 * control item, budgets from the month's budget item against the caps in force, replies and
 * drops of the day, the most reported senders in the evidence of the last 7 days (masked), and
 * the stop list. With `--json`, exactly one JSON object on stdout.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoResponderStore } from '../../lambda/adapters/dynamo-store';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import { maskNumber, redactNumbers } from '../../lambda/domain/phone';
import { effectiveCaps, usedPercent } from '../../lambda/domain/policy';
import type { BudgetCaps, Period } from '../../lambda/domain/types';
import { PERIODS, raidModeOn } from '../../lambda/domain/types';
import { formatMicros } from '../../lib/config/money';
import { MAX_SEND_LATENESS_SECONDS } from '../../lambda/domain/scheduled-reply';
import { senderCensus } from './census';
import type { CommandContext, Evaluation } from './context';
import { evaluationTime } from './context';
import { readControl } from './control';
import { count, localTime } from './format';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** How far back the evidence is read for the most reported senders. */
export const FLAGGED_LOOKBACK_DAYS = 7;
const TOP_FLAGGED = 10;
/** Day boundaries are searched in quarter hours: every time zone's offset is a multiple. */
const QUARTER_HOUR_MS = 15 * MS_PER_MINUTE;

const CAP_FIELD: Readonly<Record<Period, keyof BudgetCaps>> = {
  hour: 'hourMicros',
  day: 'dayMicros',
  month: 'monthMicros',
};

/** One budget period: spent, cap in force and where it comes from. */
export interface PeriodStatus {
  /** `2026-11-23T19`, `2026-11-23`, `2026-11`, in the budget's time zone. */
  readonly key: string;
  readonly spentMicros: number;
  /** The cap in force (config, lowered by an override or raid mode). */
  readonly capMicros: number;
  readonly leftMicros: number;
  readonly usedPercent: number;
  readonly hardCapMicros: number;
  readonly capSource: 'config' | 'override' | 'raid';
}

/** A sender of evidence records, masked. */
export interface FlaggedSender {
  /** Masked: `+336******78`. */
  readonly number: string;
  readonly messages: number;
  /** Kinds of reasons (`insult`, `repeater`, `flagged_sender`…). */
  readonly reasons: readonly string[];
  readonly lastAt: string;
}

/** What `status --json` prints. */
export interface StatusReport {
  readonly target: string;
  readonly asOf: {
    readonly iso: string;
    readonly local: string;
    readonly timeZone: string;
    readonly clock: Evaluation['clock'];
  };
  readonly paused: boolean;
  readonly pausedReason?: string;
  readonly pausedAt?: string;
  readonly pausedBy?: string;
  readonly raid: {
    /** The maintainers' override; `auto` leaves it to flood detection. */
    readonly override: 'on' | 'off' | 'auto';
    /** Whether raid mode is in force (override first). */
    readonly inForce: boolean;
    /** False when the deployed config turns flood detection off. */
    readonly enabled: boolean;
    readonly detected: boolean;
    readonly since?: string;
    readonly lastFlood?: string;
    readonly baselinePerMinute?: number;
    readonly hourCapMicros?: number;
  };
  readonly budget: { readonly currency: string } & Readonly<Record<Period, PeriodStatus>>;
  readonly today: {
    readonly day: string;
    readonly replies: number | null;
    readonly repliesSource: string;
    readonly dropped: Readonly<Record<string, number>> | null;
    readonly droppedSource: string;
  };
  readonly flaggedSenders: {
    readonly since: string;
    readonly records: number;
    readonly top: readonly FlaggedSender[];
  };
  /** The safety delay; absent when replies go out at once. */
  readonly delay?: {
    readonly minSeconds: number;
    readonly maxSeconds: number;
    /** Replies decided and paid for, waiting for their time (or for the sender function). */
    readonly waiting: number;
  };
  readonly stopList: {
    readonly optedOut: number;
    readonly blocked: number;
    readonly flagged: number;
    readonly senders: number;
  };
}

/** The first instant of the calendar day `nowMs` falls in, in the time zone. */
export function dayStartMs(nowMs: number, timeZone: string): number {
  const day = periodKeys(nowMs, timeZone).day;
  let start = nowMs - (nowMs % QUARTER_HOUR_MS);
  while (periodKeys(start - QUARTER_HOUR_MS, timeZone).day === day) start -= QUARTER_HOUR_MS;
  return start;
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** Gathers the status (reads only). */
export async function gatherStatus(context: CommandContext): Promise<StatusReport> {
  const { target } = context;
  const settings = await target.settings();
  const { timeZone, currency } = settings.budget;
  const census = await senderCensus(target, timeZone);
  const evaluation = await evaluationTime(context, census);
  const { nowMs } = evaluation;
  const store = new DynamoResponderStore(target.documentClient, target.tableName);
  const [control, raw] = await Promise.all([
    readControl(context),
    target.documentClient.send(
      new GetCommand({ TableName: target.tableName, Key: CONTROL_KEY, ConsistentRead: true }),
    ),
  ]);
  const item = raw.Item ?? {};
  const periods = periodKeys(nowMs, timeZone);
  const spent = await store.readSpent(periods);
  const caps = effectiveCaps(settings, control);
  const percent = usedPercent(spent, caps);
  const periodStatus = (period: Period): PeriodStatus => {
    const field = CAP_FIELD[period];
    const hard = settings.budget[field];
    const cap = caps[field];
    return {
      key: periods[period],
      spentMicros: spent[period],
      capMicros: cap,
      leftMicros: Math.max(0, cap - spent[period]),
      usedPercent: Math.round(percent[period] * 10) / 10,
      hardCapMicros: hard,
      capSource:
        cap === hard ? 'config' : control.budgetOverride[field] === cap ? 'override' : 'raid',
    };
  };

  const dayStart = dayStartMs(nowMs, timeZone);
  const traffic = await target.traffic(dayStart, nowMs, census.repliesByDay.get(periods.day) ?? 0);

  const evidenceSinceMs = nowMs - FLAGGED_LOOKBACK_DAYS * MS_PER_DAY;
  const records = await new EvidenceStore(target.documentClient, target.tableName).query({
    sinceMs: evidenceSinceMs,
    untilMs: nowMs + 1,
  });
  const bySender = new Map<string, { messages: number; reasons: Set<string>; lastAt: string }>();
  for (const record of records) {
    const entry = bySender.get(record.from) ?? { messages: 0, reasons: new Set(), lastAt: '' };
    entry.messages += 1;
    // The kind of reason only (`insult:…` → `insult`): the words matched stay in the export.
    for (const reason of record.reasons) entry.reasons.add(reason.split(':')[0] ?? reason);
    if (record.receivedAt > entry.lastAt) entry.lastAt = record.receivedAt;
    bySender.set(record.from, entry);
  }
  const top = [...bySender.entries()]
    .sort(
      ([a, x], [b, y]) =>
        y.messages - x.messages || y.lastAt.localeCompare(x.lastAt) || a.localeCompare(b),
    )
    .slice(0, TOP_FLAGGED)
    .map(([from, entry]) => ({
      number: maskNumber(from),
      messages: entry.messages,
      reasons: [...entry.reasons].sort(),
      lastAt: entry.lastAt,
    }));

  return {
    target: target.label,
    asOf: {
      iso: new Date(nowMs).toISOString(),
      local: localTime(nowMs, timeZone),
      timeZone,
      clock: evaluation.clock,
    },
    paused: control.paused,
    // Free texts: masked again, for items written before the CLI masked them.
    ...(control.pausedReason === undefined
      ? {}
      : { pausedReason: redactNumbers(control.pausedReason) }),
    ...(typeof item.pausedAtMs === 'number' ? { pausedAt: iso(item.pausedAtMs) } : {}),
    ...(typeof item.pausedBy === 'string' ? { pausedBy: redactNumbers(item.pausedBy) } : {}),
    raid: {
      override: control.raidOverride ?? 'auto',
      inForce: raidModeOn(control),
      enabled: settings.raid !== undefined,
      detected: control.raid.active,
      ...(control.raid.sinceMs === undefined ? {} : { since: iso(control.raid.sinceMs) }),
      ...(control.raid.lastFloodMs === undefined
        ? {}
        : { lastFlood: iso(control.raid.lastFloodMs) }),
      ...(control.raid.baselinePerMinute === undefined
        ? {}
        : { baselinePerMinute: control.raid.baselinePerMinute }),
      ...(settings.raid === undefined ? {} : { hourCapMicros: settings.raid.hourMicros }),
    },
    budget: {
      currency,
      hour: periodStatus('hour'),
      day: periodStatus('day'),
      month: periodStatus('month'),
    },
    today: {
      day: periods.day,
      replies: traffic.replies ?? null,
      repliesSource: traffic.repliesSource,
      dropped: traffic.dropped ?? null,
      droppedSource: traffic.droppedSource,
    },
    flaggedSenders: {
      since: new Date(evidenceSinceMs).toISOString(),
      records: records.length,
      top,
    },
    ...(settings.replyDelay
      ? {
          delay: {
            ...settings.replyDelay,
            // Older unsettled claims are replies the scheduler gave up on (dead letters).
            waiting: census.unsettledReplyAtMs.filter(
              (atMs) =>
                atMs > nowMs - (settings.replyDelay!.maxSeconds + MAX_SEND_LATENESS_SECONDS) * 1000,
            ).length,
          },
        }
      : {}),
    stopList: {
      optedOut: census.optedOut,
      blocked: census.blocked,
      flagged: census.flagged,
      senders: census.senders,
    },
  };
}

const pad = (text: string, width: number): string => text.padEnd(width);
const padLeft = (text: string, width: number): string => text.padStart(width);

/** The status as text, for a terminal. */
export function renderStatus(report: StatusReport): string {
  const { timeZone } = report.asOf;
  const at = (value: string | undefined): string =>
    value === undefined ? '?' : `${localTime(Date.parse(value), timeZone)}`;
  const money = (micros: number): string => formatMicros(micros, report.budget.currency);
  const clock = {
    at: '--at',
    wall: 'now',
    simulated: "the state's simulated clock: its last message; --at to choose",
  }[report.asOf.clock];
  const lines: string[] = [];
  lines.push(`antirelou: ${report.target}, as of ${report.asOf.local} ${timeZone} (${clock})`);
  lines.push('');
  lines.push(
    report.paused
      ? `Replies     PAUSED${report.pausedAt ? ` since ${at(report.pausedAt)}` : ''}` +
          `${report.pausedBy ? ` by ${report.pausedBy}` : ''}` +
          `${report.pausedReason ? `: "${report.pausedReason}"` : ''} (antirelou resume)`
      : 'Replies     running (not paused)',
  );
  const { raid } = report;
  const detected = raid.detected
    ? `active since ${at(raid.since)}` +
      (raid.baselinePerMinute === undefined ? '' : `, baseline ${raid.baselinePerMinute} SMS/min`) +
      (raid.lastFlood === undefined ? '' : `, last flood minute ${at(raid.lastFlood)}`)
    : 'not active';
  const mode =
    raid.override === 'auto'
      ? `auto: flood detection ${raid.enabled ? detected : 'is off in the config'}`
      : `forced ${raid.override} (antirelou raid auto to undo); flood detection: ${detected}`;
  lines.push(
    `Raid mode   ${raid.inForce ? 'ON' : 'off'}, ${mode}` +
      (raid.inForce && raid.hourCapMicros !== undefined
        ? `; hourly cap ${money(raid.hourCapMicros)}`
        : ''),
  );
  lines.push('');
  const rows = PERIODS.map((period) => {
    const p = report.budget[period];
    const source =
      p.capSource === 'config'
        ? ''
        : ` (${p.capSource === 'override' ? 'override' : 'raid mode'}; config ${money(p.hardCapMicros)})`;
    return [
      period,
      p.key,
      money(p.spentMicros),
      money(p.capMicros),
      money(p.leftMicros),
      `${p.usedPercent.toFixed(1)}%`,
      source,
    ];
  });
  const widths = [0, 1, 2, 3, 4, 5].map((i) =>
    Math.max(
      ...rows.map((row) => row[i]!.length),
      ['budget', '', 'spent', 'cap', 'left', 'used'][i]!.length,
    ),
  );
  lines.push(
    `${pad('Budget', widths[0]! + 2)}${pad('', widths[1]!)}  ${padLeft('spent', widths[2]!)}  ` +
      `${padLeft('cap', widths[3]!)}  ${padLeft('left', widths[4]!)}  ${padLeft('used', widths[5]!)}`,
  );
  for (const row of rows) {
    lines.push(
      `  ${pad(row[0]!, widths[0]!)}${pad(row[1]!, widths[1]!)}  ${padLeft(row[2]!, widths[2]!)}  ` +
        `${padLeft(row[3]!, widths[3]!)}  ${padLeft(row[4]!, widths[4]!)}  ${padLeft(row[5]!, widths[5]!)}${row[6]}`,
    );
  }
  lines.push('');
  const { today } = report;
  const drops = today.dropped
    ? Object.entries(today.dropped).sort(([, a], [, b]) => b - a)
    : undefined;
  const dropTotal = drops?.reduce((sum, [, count]) => sum + count, 0) ?? 0;
  lines.push(`Today       ${today.day}`);
  lines.push(
    `  replies   ${today.replies === null ? 'unknown' : count(today.replies)} (${today.repliesSource})`,
  );
  if (drops === undefined) {
    lines.push(`  dropped   unknown (${today.droppedSource})`);
  } else {
    const byReason = drops.map(([reason, n]) => `${reason} ${count(n)}`).join(', ');
    lines.push(`  dropped   ${count(dropTotal)}${byReason ? `: ${byReason}` : ''}`);
    lines.push(`            (${today.droppedSource})`);
  }
  lines.push('');
  const flagged = report.flaggedSenders;
  if (flagged.top.length === 0) {
    lines.push(`Flagged     no evidence records since ${at(flagged.since)}`);
  } else {
    lines.push(
      `Flagged     ${count(flagged.records)} evidence record(s) since ${at(flagged.since)}; most reported senders:`,
    );
    const width = Math.max(...flagged.top.map((s) => s.number.length));
    for (const sender of flagged.top) {
      lines.push(
        `  ${pad(sender.number, width)}  ${padLeft(count(sender.messages), 6)} msg, last ${at(sender.lastAt)}  ${sender.reasons.join(', ')}`,
      );
    }
  }
  lines.push('');
  if (report.delay) {
    const minutes = (seconds: number): string => `${+(seconds / 60).toFixed(1)}`;
    const { minSeconds, maxSeconds, waiting } = report.delay;
    const span =
      minSeconds === maxSeconds
        ? `${minutes(minSeconds)} min`
        : `${minutes(minSeconds)}–${minutes(maxSeconds)} min`;
    lines.push(
      `Delay       replies wait ${span}; ${count(waiting)} paid for and waiting to go out ` +
        '(each is checked again for STOP, block, flag and pause when its time comes)',
    );
  }
  const stop = report.stopList;
  lines.push(
    `Stop list   ${count(stop.optedOut)} opted out (STOP); ${count(stop.blocked)} blocked, ` +
      `${count(stop.flagged)} flagged, of ${count(stop.senders)} senders`,
  );
  return `${lines.join('\n')}\n`;
}

/** `status [--json]`. */
export async function status(context: CommandContext, json: boolean): Promise<void> {
  const report = await gatherStatus(context);
  context.print(json ? `${JSON.stringify(report)}\n` : renderStatus(report));
}
