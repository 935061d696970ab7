/** The simulator's report for a terminal: headline numbers, budgets, real people, drops. */
import type { LearnedCatchUp } from './billed';
import { billedRows, catchUpSentence } from './billed-report';
import { delayText } from './html-report';
import {
  perDayRows,
  planNotes,
  planRows,
  refusalSentences,
  shorterReplySentence,
} from './money-report';
import type { Summary } from './run';

const n = (value: number): string => value.toLocaleString('en-US');
const pct = (part: number, whole: number): string =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(part === whole ? 0 : 1)}%`;

function duration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return [days ? `${days}d` : '', hours ? `${hours}h` : '', `${minutes}min`]
    .filter(Boolean)
    .join(' ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('   ')
      .trimEnd(),
  );
}

export interface ReportMeta {
  readonly description?: string;
  readonly htmlPath?: string;
  /** When the price learned from receipts caught up (the replay's `billing.catchUp`). */
  readonly catchUp?: LearnedCatchUp;
}

/** Rounded to the cent, with thousands separators: `EUR 8,459.36`. */
function money(micros: number, currency: string): string {
  return `${currency} ${(micros / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Who a cap refused and when, each day against its cap, the budget plan, a shorter reply. */
function moneyLines(summary: Summary, eur: (micros: number) => string): string[] {
  const lines: string[] = [''];
  const refusals = refusalSentences(summary, eur);
  lines.push(
    refusals.length === 0
      ? 'Not served for money: nobody, no cap refused anyone.'
      : 'Not served for money:',
    ...refusals.map((sentence) => `  ${sentence}.`),
  );
  if (summary.per_day.length > 0) {
    lines.push('', "Per day (the budget's time zone):", ...table(perDayRows(summary, eur)));
  }
  if (summary.budget_plan.length > 0) {
    lines.push(
      '',
      'Budget plan: caps that would have served these shares of the real senders ' +
        '(arrival order, one reply each; docs/simulator.md):',
      ...table(planRows(summary, summary.legit_senders, eur)),
      ...planNotes(summary).map((note) => `  ${note}`),
    );
  }
  const shorter = shorterReplySentence(summary);
  if (shorter !== undefined) lines.push('', shorter);
  return lines;
}

export function textReport(summary: Summary, meta: ReportMeta = {}): string {
  const eur = (micros: number): string => money(micros, summary.currency);
  const lines: string[] = [];
  const title = summary.scenario ? `scenario ${summary.scenario}` : 'trace';
  lines.push(
    `antirelou local simulation: ${title}${summary.seed !== undefined ? ` (seed ${summary.seed})` : ''}`,
  );
  if (meta.description) lines.push(meta.description);
  lines.push(
    `Replayed ${duration(summary.simulated_seconds)} of traffic in ${(summary.wall_ms / 1000).toFixed(1)} s ` +
      `with the real handler, ${summary.concurrency} concurrent containers, a local DynamoDB (dynalite).`,
    '',
  );
  lines.push(
    ...table([
      ['', 'antirelou', '2017 service'],
      ['inbound SMS', n(summary.inbound), n(summary.inbound)],
      ['SMS paid for', n(summary.replies), n(summary.inbound)],
      ['cost', eur(summary.spent_micros), money(summary.cost_2017_micros, 'EUR')],
    ]),
    '',
  );
  const b = summary.budget_micros;
  const p = summary.peak_spent_micros;
  lines.push(
    ...table([
      ['budget', 'cap', 'most spent in one', 'of the cap'],
      ['hour', eur(b.hour), eur(p.hour), pct(p.hour, b.hour)],
      ['day', eur(b.day), eur(p.day), pct(p.day, b.day)],
      ['month', eur(b.month), eur(p.month), pct(p.month, b.month)],
    ]),
    '',
  );
  const unserved = Object.entries(summary.legit_senders_unserved)
    .sort(([, x], [, y]) => y - x)
    .map(([reason, count]) => `${reason} ${n(count)}`)
    .join(', ');
  lines.push(
    `Real senders: ${n(summary.legit_senders)} people sent ${n(summary.legit_inbound)} SMS; ` +
      `${n(summary.legit_senders_served)} got their reply (${pct(summary.legit_senders_served, summary.legit_senders)})` +
      (unserved ? `; not served: ${unserved}.` : '.'),
    `Money to real people: ${eur(summary.legit_spent_micros)} of ${eur(summary.spent_micros)} spent (${pct(summary.legit_spent_micros, summary.spent_micros)}).`,
    `Abusive SMS: ${n(summary.abusive_inbound)}, of which ${n(summary.abusive_replied)} got a reply; evidence kept: ${n(summary.evidence_kept)} messages.`,
    summary.scheduled_replies === 0
      ? 'Safety delay: none, replies went out at once.'
      : `Safety delay ${delayText(summary.reply_delay_seconds)}: ${n(summary.scheduled_replies)} replies scheduled, ` +
          `${n(summary.replies)} sent, cancelled in between: ${
            Object.entries(summary.cancelled_replies)
              .map(([reason, count]) => `${reason} ${n(count)}`)
              .join(', ') || 'none'
          }.`,
    waitingLine(summary.waiting_list),
    `Dropped: ${
      Object.entries(summary.dropped)
        .map(([reason, count]) => `${reason} ${n(count)}`)
        .join(', ') || 'none'
    }.`,
    `Opt-outs ${n(summary.opted_out)}, replies after STOP ${summary.replies_after_stop}, ` +
      `most replies to one sender in a window ${summary.max_replies_per_sender}, handler errors ${summary.errors}.`,
  );
  lines.push(...moneyLines(summary, eur));
  lines.push(...billedLines(summary, meta.catchUp, eur));
  if (meta.htmlPath) lines.push('', `HTML report: ${meta.htmlPath}`);
  return `${lines.join('\n')}\n`;
}

/** Estimated vs billed, the counters after the true-ups, when the learned price caught up. */
function billedLines(
  summary: Summary,
  catchUp: LearnedCatchUp | undefined,
  eur: (micros: number) => string,
): string[] {
  const rows = billedRows(summary, eur);
  if (rows.length === 0) return ['', 'Billed money: no receipt moved money in this replay.'];
  const precise = (micros: number): string => `${summary.currency} ${(micros / 1e6).toFixed(6)}`;
  const sentence = catchUpSentence(catchUp, precise);
  return [
    '',
    'Billed money (receipts; docs/simulator.md, "Billed money"):',
    ...table(rows.slice(0, 2)),
    ...table(rows.slice(2)),
    ...(sentence === undefined ? [] : [`  ${sentence}`]),
  ];
}

/** What the waiting list did. */
function waitingLine(list: Summary['waiting_list']): string {
  if (list.joined === 0) return 'Waiting list: nobody waited.';
  return (
    `Waiting list: ${n(list.joined)} refused for the hour's or the day's money waited; ` +
    `${n(list.served)} served later, ${n(list.expired)} expired, ${n(list.cancelled)} cancelled.`
  );
}
