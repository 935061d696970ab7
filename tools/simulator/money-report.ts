/**
 * The reports' money part, for the text and the HTML report: who a cap refused and when, each
 * day's spend against its cap, the budget plan, and what a one-segment reply would do.
 */
import { budgetOptionValue } from './budget-override';
import { CAP_NAMES, MONEY_REASONS } from './money-fate';
import type { MoneySummary } from './money-summary';

/** Shares and counts: `95%`, `2,940`. */
const n = (value: number): string => value.toLocaleString('en-US');
const pct = (part: number, whole: number): string =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;

/** One sentence per money cap that refused someone: which cap, how many people, when. */
export function refusalSentences(
  summary: MoneySummary,
  money: (micros: number) => string,
): string[] {
  return MONEY_REASONS.flatMap((reason) => {
    const line = summary.money_refusals[reason];
    if (line === undefined) return [];
    const days = line.days.length <= 4 ? line.days.join(', ') : `${line.days.length} days`;
    return [
      `the ${CAP_NAMES[reason]} (${money(line.cap_micros)}) refused ${n(line.messages)} SMS from ` +
        `${n(line.senders)} people (${n(line.legit_senders)} real)` +
        (line.waiting > 0
          ? `, ${n(line.waiting)} of the SMS then waited on the waiting list`
          : '') +
        `, in ${line.hours} hour(s) on ` +
        `${days}; most in the hour ${line.busiest_hour.hour.replace('T', ' ')}h ` +
        `(${n(line.busiest_hour.messages)} SMS)`,
    ];
  });
}

/** The per-day table's rows, a header first. */
export function perDayRows(summary: MoneySummary, money: (micros: number) => string): string[][] {
  return [
    ['day', 'spent', 'cap', 'of the cap', 'refused for money', 'people', 'then waited'],
    ...summary.per_day.map((day) => [
      day.full_day ? day.date : `${day.date} (part)`,
      money(day.spent_micros),
      money(day.cap_micros),
      pct(day.spent_micros, day.cap_micros),
      n(day.refused_for_money),
      n(day.refused_senders),
      n(day.waiting),
    ]),
  ];
}

/** The budget plan's rows, a header first; the last column is the `--budget` value to try. */
export function planRows(
  summary: MoneySummary,
  legitSenders: number,
  money: (micros: number) => string,
): string[][] {
  return [
    ['to serve', 'hour', 'day', 'month', 'served (model)', 'try'],
    ...summary.budget_plan.map((entry) => [
      `${Math.round(entry.served_share * 100)}%${entry.reachable ? '' : ' (not reachable)'}`,
      money(entry.hour),
      money(entry.day),
      money(entry.month),
      `${n(entry.senders_served)} of ${n(legitSenders)}`,
      entry.config_error === undefined
        ? `--budget ${budgetOptionValue(entry)}`
        : 'the config would refuse these caps (below)',
    ]),
  ];
}

/** A sentence per plan the config would refuse, and why. */
export function planNotes(summary: MoneySummary): string[] {
  return summary.budget_plan.flatMap((entry) =>
    entry.config_error === undefined
      ? []
      : [`${Math.round(entry.served_share * 100)}%: ${entry.config_error}`],
  );
}

/** The shorter reply's sentence, when the reply takes more than one segment. */
export function shorterReplySentence(summary: MoneySummary): string | undefined {
  const shorter = summary.shorter_reply;
  if (shorter === undefined) return undefined;
  return (
    `Shorter reply: the reply takes ${shorter.segments_now} segments; a one-segment reply ` +
    `(up to 160 GSM-7 characters) would have served ${n(shorter.people_added)} more real ` +
    `senders with the same caps (model: ${n(shorter.modelled_served_now)} → ` +
    `${n(shorter.modelled_served_one_segment)}).`
  );
}

/** The HTML section: refusals by cap, the per-day table, the budget plan, a shorter reply. */
export function moneyHtml(
  summary: MoneySummary & { legit_senders: number },
  money: (micros: number) => string,
  escape: (text: string) => string,
): string {
  const table = (rows: string[][], id: string): string => {
    const [head, ...body] = rows;
    const cells = (row: string[], tag: string): string =>
      `<tr>${row.map((cell) => `<${tag}>${escape(cell)}</${tag}>`).join('')}</tr>`;
    return `<table id="${id}"><thead>${cells(head!, 'th')}</thead><tbody>${body.map((row) => cells(row, 'td')).join('')}</tbody></table>`;
  };
  const refusals = refusalSentences(summary, money);
  const shorter = shorterReplySentence(summary);
  return [
    '<section id="money">',
    '<h2>Who was not served for money, and why</h2>',
    refusals.length === 0
      ? '<p>No cap refused anyone.</p>'
      : `<ul id="money-refusals">${refusals.map((s) => `<li>${escape(`${s[0]!.toUpperCase()}${s.slice(1)}.`)}</li>`).join('')}</ul>`,
    summary.per_day.length === 0
      ? ''
      : `<h3>Per day (the budget's time zone)</h3>${table(perDayRows(summary, money), 'per-day')}`,
    summary.budget_plan.length === 0
      ? ''
      : '<h3>Budget plan: caps that would have served these shares of the real senders</h3>' +
        '<p>Served in arrival order, one reply each at the configured cost (docs/simulator.md, "Budget plan").</p>' +
        table(planRows(summary, summary.legit_senders, money), 'budget-plan') +
        planNotes(summary)
          .map((note) => `<p class="plan-note">${escape(note)}</p>`)
          .join(''),
    shorter === undefined ? '' : `<p id="shorter-reply">${escape(shorter)}</p>`,
    '</section>',
  ].join('\n');
}
