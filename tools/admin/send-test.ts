/**
 * `send-test <number>`: the configured reply to one number, through the responder's own path:
 * the pause switch, the sender's opt-out and block, then the budget reservation (one
 * conditional write on the month's budget item, against the caps in force), then the send; a
 * definite refusal gives the money back. It does not use the number's one reply of the window.
 * The money is always charged to the current hour, day and month (for a local state, those of
 * its simulated clock, as `status` shows them): `--at` is refused, never used to pick a period.
 */
import { randomUUID } from 'node:crypto';
import type { SendResult } from '../../lambda/adapters/sms-gateway';
import { periodKeys } from '../../lambda/domain/calendar';
import { checkSenderNumber, maskNumber, redactNumbers } from '../../lambda/domain/phone';
import type { BudgetLedger, Reservation } from '../../lambda/items/budget-ledger';
import { BUDGET_RETENTION_SECONDS, reservationId } from '../../lambda/items/budget-ledger';
import { budgetVerdict, costMicros, effectiveCaps } from '../../lambda/domain/policy';
import type {
  BudgetCaps,
  ControlState,
  PeriodAmounts,
  ResponderSettings,
} from '../../lambda/domain/types';
import { formatMicros } from '../../lib/config/money';
import { money } from './format';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor, checkAtOption, currentTime } from './context';
import { readControl } from './control';
import { AdminError } from './errors';
import { senderRef } from './senders';
import { itemsOf } from './target';
import type { TextInForce } from './text-in-force';
import { textInForce } from './text-in-force';

const MS_PER_SECOND = 1000;
/** Sends the reply to one number, or refuses with the reason (exit 1). */
export async function sendTest(context: CommandContext, e164: string): Promise<void> {
  checkAtOption('send-test', context.options);
  const { target } = context;
  const settings = await target.settings();
  const recipient = await checkRecipient(context, settings, e164);
  const inForce = textInForce(context, settings, recipient.countryCode, recipient.control);
  const cost = costMicros(inForce.text, recipient.countryCode, settings);
  if (cost === undefined) {
    throw new AdminError(`refused: no price for ${recipient.countryCode} in the config`);
  }
  const { nowMs } = await currentTime(context);
  const { ledger } = itemsOf(target);
  const caps = effectiveCaps(settings, recipient.control);
  const reservation = {
    id: reservationId(`send-test-${randomUUID()}`, nowMs),
    periods: periodKeys(nowMs, settings.budget.timeZone),
    costMicros: cost,
  };
  const spent = await reserveOrRefuse(ledger, reservation, caps, settings.budget.currency, nowMs);
  const who = await actor(context);
  const sms = await target.smsGateway(settings, () => nowMs);
  const result = await sms.send({ to: e164, body: inForce.text.body });
  if (result.status === 'rejected') await ledger.release(reservation);
  await writeAudit(target, who, {
    command: 'send-test',
    args: senderRef(e164, recipient.key),
    before: null,
    after: {
      status: result.status,
      costMicros: result.status === 'rejected' ? 0 : cost,
      ...(result.status === 'sent'
        ? { messageId: result.messageId }
        : { error: redactNumbers(result.error) }),
    },
  });
  reportResult(context, settings, { recipient, inForce, cost, caps, spent, reservation }, result);
}

/** Who the test reply goes to, once checked as the responder would. */
interface Recipient {
  readonly countryCode: string;
  readonly masked: string;
  readonly key: string;
  readonly control: ControlState;
}

/** Refuses a number the responder would not answer: country, pause, opt-out, block. */
async function checkRecipient(
  context: CommandContext,
  settings: ResponderSettings,
  e164: string,
): Promise<Recipient> {
  const { target } = context;
  const check = checkSenderNumber(e164);
  const countryCode = check.ok ? check.country : undefined;
  const masked = maskNumber(e164);
  if (countryCode === undefined || !settings.allowedCountries.includes(countryCode)) {
    throw new AdminError(
      `refused: ${masked} is not a mobile of an allowed country (${settings.allowedCountries.join(', ')}); ` +
        'the responder would never reply to it',
    );
  }
  const control = await readControl(context);
  if (control.paused) {
    throw new AdminError(
      `refused: replies are paused${control.pausedReason ? ` ("${redactNumbers(control.pausedReason)}")` : ''}; ` +
        'run `antirelou resume` first',
    );
  }
  const key = (await target.senderKey())(e164);
  const sender = await itemsOf(target).blocks.readState(key);
  if (sender.optedOut === true) {
    throw new AdminError(
      `refused: ${masked} opted out (STOP): it gets no SMS until it texts START`,
    );
  }
  if (sender.blocked === true) {
    throw new AdminError(`refused: ${masked} is blocked: \`antirelou unblock\` it first`);
  }
  return { countryCode, masked, key, control };
}

/** Reserves the reply's cost in the budget, or refuses saying which cap it would pass. */
async function reserveOrRefuse(
  ledger: BudgetLedger,
  reservation: Reservation,
  caps: BudgetCaps,
  currency: string,
  nowMs: number,
): Promise<PeriodAmounts> {
  const cost = reservation.costMicros;
  const reserved = await ledger.reserve({
    reservation,
    caps,
    prunedDays: [],
    expiresAtSeconds: Math.floor(nowMs / MS_PER_SECOND) + BUDGET_RETENTION_SECONDS,
  });
  if (reserved.ok) return reserved.spent;
  const verdict = budgetVerdict(reserved.spent, caps, cost);
  const period = verdict === 'ok' ? undefined : verdict.slice('budget_'.length);
  const detail =
    period === 'hour' || period === 'day' || period === 'month'
      ? `${verdict}: ${formatMicros(reserved.spent[period], currency)} of ` +
        `${formatMicros(caps[`${period}Micros`], currency)} spent this ${period}`
      : 'the budget item changed meanwhile; try again';
  throw new AdminError(
    `refused: over budget (${detail}; this reply costs ${formatMicros(cost, currency)})`,
  );
}

/** What was sent and reserved, for the report. */
interface TestReply {
  readonly recipient: Recipient;
  readonly inForce: TextInForce;
  readonly cost: number;
  readonly caps: BudgetCaps;
  readonly spent: PeriodAmounts;
  readonly reservation: Reservation;
}

/** Prints a sent reply; an unanswered or refused one fails the command. */
function reportResult(
  context: CommandContext,
  settings: ResponderSettings,
  reply: TestReply,
  result: SendResult,
): void {
  const { target } = context;
  const { recipient, inForce, cost, caps, spent } = reply;
  const { text } = inForce;
  const { currency } = settings.budget;
  const { masked } = recipient;
  const what = `the reply (${text.segments} segment(s), ${text.encoding}, ${formatMicros(cost, currency)})`;
  if (result.status === 'sent') {
    const via = target.kind === 'local' ? 'the local SMS sink' : (settings.sendVia ?? 'sns');
    const segmentMicros = settings.segmentPriceMicros[recipient.countryCode] ?? 0;
    context.print(
      `${target.label}: sent ${what} to ${masked} via ${via}` +
        `${result.messageId ? `, message id ${result.messageId}` : ''}; counted in the budget ` +
        `(${reply.reservation.periods.day}: ${money(spent.day, currency)} of ${money(caps.dayMicros, currency)}).\n` +
        describeText(inForce, cost, segmentMicros, currency),
    );
    if (inForce.warning) context.warn(`warning: ${inForce.warning}`);
    return;
  }
  if (result.status === 'unknown') {
    throw new AdminError(
      `no answer from the SMS service for ${what} to ${masked} (${redactNumbers(result.error)}): ` +
        'it may have gone out; it stays counted',
    );
  }
  throw new AdminError(
    `the SMS service refused ${what} to ${masked}: ${redactNumbers(result.error)}; the money was given back`,
  );
}

/** The exact text sent, its encoding, segments and cost, and where the text comes from. */
export function describeText(
  inForce: TextInForce,
  costMicros: number,
  segmentMicros: number,
  currency: string,
): string {
  const { text } = inForce;
  const body = text.body
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n');
  return [
    `Text sent, exactly (${text.body.length} characters, ${text.encoding}, ${text.segments} ` +
      `segment(s) × ${formatMicros(segmentMicros, currency)} = ${formatMicros(costMicros, currency)}):`,
    body,
    `The text in force: ${inForce.source}.`,
  ].join('\n');
}
