/**
 * What a one-segment reply would buy: when the reply (to the cheapest allowed country, the one
 * the month's reply count is priced at) takes more than one segment, the replies a month the
 * caps allow with it as it is and with one segment (up to 160 GSM-7 characters, 70 in UCS-2).
 * Every segment is billed at the same price, so one segment costs `cost / segments`.
 */
import { textCosts } from './resolve';
import type { AntirelouConfig } from './schema';
import { repliesAt } from './sms-month';

/** `shorter_reply` of `cost --json`: present only when the reply takes more than one segment. */
export interface ShorterReplyMonth {
  readonly country: string;
  readonly segments_now: number;
  readonly replies_per_month_now: number;
  readonly replies_per_month_one_segment: number;
  /** How many more people the month's money would answer. */
  readonly people_added: number;
}

/** The month with a one-segment reply, or undefined when the reply already takes one. */
export function shorterReplyMonth(config: AntirelouConfig): ShorterReplyMonth | undefined {
  const replies = textCosts(config).filter((cost) => cost.name === 'reply' && cost.costMicros > 0);
  const cheapest = replies.reduce((a, b) => (b.costMicros < a.costMicros ? b : a), replies[0]!);
  const segments = cheapest.analysis.segments;
  if (segments <= 1) return undefined;
  const now = repliesAt(config, cheapest.costMicros).perMonth;
  const short = repliesAt(config, cheapest.costMicros / segments).perMonth;
  return {
    country: cheapest.country,
    segments_now: segments,
    replies_per_month_now: now,
    replies_per_month_one_segment: short,
    people_added: short - now,
  };
}

/** The sentence synth and `npx antirelou cost` print, when the reply is longer than one segment. */
export function shorterReplySentence(shorter: ShorterReplyMonth | undefined): string | undefined {
  if (shorter === undefined) return undefined;
  return (
    `shorter reply: the reply to ${shorter.country} takes ${shorter.segments_now} segments; ` +
    `one segment (up to 160 GSM-7 characters) would buy ${shorter.replies_per_month_one_segment} ` +
    `replies a month at the caps instead of ${shorter.replies_per_month_now}: ` +
    `${shorter.people_added} more people answered for the same money`
  );
}
