/** `history` for a terminal: one line per day, oldest first, money to the cent. */
import { renderTable } from '../text-table';
import { count, localTime, money } from './format';
import type { HistoryDay, HistoryReport } from './history';
import { mainReasons } from './metric-figures';

const MAIN_REASONS = 3;

const orUnknown = (n: number | null): string => (n === null ? '?' : count(n));

function drops(day: HistoryDay): string {
  if (day.dropped === null) return '?';
  const main = mainReasons(day.dropped, MAIN_REASONS).map(([reason, n]) => `${reason} ${count(n)}`);
  return main.length === 0 ? '-' : main.join(', ');
}

function row(day: HistoryDay, currency: string): string[] {
  const mark = { config: '', override: '*', raise: '^' }[day.capSource];
  const cap = `${money(day.capMicros, currency)}${mark}`;
  return [
    day.date,
    `${orUnknown(day.replies)}${day.repliesSource === 'metrics' ? '†' : ''}`,
    money(day.spentMicros, currency),
    cap,
    orUnknown(day.inbound),
    orUnknown(day.droppedTotal),
    drops(day),
    day.raidMinutes === null ? '?' : day.raidMinutes === 0 ? '-' : count(day.raidMinutes),
    count(day.flagged),
  ];
}

/** The history as text. */
export function renderHistory(report: HistoryReport): string {
  const lines = [
    `antirelou history: ${report.target}, last ${report.days.length} day(s) in ${report.timeZone} ` +
      `(to ${localTime(Date.parse(report.present), report.timeZone)})`,
    '',
    ...renderTable({
      header: [
        'day',
        'replies',
        'spent',
        'day cap',
        'inbound',
        'dropped',
        'main drop reasons',
        'raid min',
        'flagged',
      ],
      rows: report.days.map((day) => row(day, report.currency)),
      align: ['left', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'right'],
    }),
    '',
    '  replies: paid for that day (the budget ledger keeps them 3 days), so they add up to the spend;',
    '    † replies sent that day (the metrics), for older days',
  ];
  if (report.days.some((day) => day.capSource === 'override')) {
    lines.push('  * day cap lowered by an override (budget set) at the end of that day');
  }
  if (report.days.some((day) => day.capSource === 'raise')) {
    lines.push('  ^ day cap raised (budget raise) at the end of that day');
  }
  lines.push(
    `  inbound, drops, raid-mode minutes: ${report.metricsSource ?? 'unknown (no metrics)'}`,
    '  flagged: messages kept as evidence that day; drop reasons: docs/operate.md#drop-reasons',
  );
  return `${lines.join('\n')}\n`;
}
