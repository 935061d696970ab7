/**
 * The end-to-end item of `verify`: one synthetic inbound message from an AWS destination
 * simulator number, handed to the deployed responder, then its decision, the reply it scheduled
 * or sent, and the money it counted; then everything the test wrote is undone: the schedule
 * deleted before it fires, the exact reservation given back (`release`), the sender item
 * deleted. What it cannot reach (the number → topic leg) is said, not pretended.
 */
import { randomUUID } from 'node:crypto';
import { DeleteScheduleCommand } from '@aws-sdk/client-scheduler';
import { periodKeys } from '../../lambda/domain/calendar';
import { maskNumber } from '../../lambda/domain/phone';
import { scheduleName } from '../../lambda/domain/scheduled-reply';
import type { Outcome, PeriodAmounts, ResponderSettings } from '../../lambda/domain/types';
import { formatMicros } from '../../lib/config/money';
import type { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { AwsCallError, call, errorText, fail, ok, skip, warn } from './checks';
import type { CommandContext } from './context';
import { findReservation, heldInTable } from './reservation-search';
import type { StackOutputs } from './stack-outputs';
import { requireOutput } from './stack-outputs';
import { itemsOf } from './target';
import type { Invocation } from './verify-invoke';
import { invokeResponder, simulatorSender, syntheticEvent } from './verify-invoke';

const MS_PER_MINUTE = 60_000;

/** Why a drop happened, and what to do, for the reasons a healthy stack can give. */
const DROP_HINTS: Partial<Record<string, string>> = {
  paused: 'replies are paused: `npx antirelou resume`',
  budget_hour: 'the hour budget is spent: `npx antirelou status`',
  budget_day: 'the day budget is spent: `npx antirelou status`',
  budget_month: 'the month budget is spent: `npx antirelou status`',
  wrong_topic: "the responder's topic is not the stack's: redeploy",
  wrong_destination: "the responder's number is not the one the event was sent to: redeploy",
  send_failed: 'the SMS service refused the reply (the money was given back by the responder)',
};

/** What the test did, for the clean-up. */
interface Trial {
  readonly settings: ResponderSettings;
  readonly sender: { readonly number: string; readonly key: string };
  readonly inboundId: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly invocation: Invocation;
}

/** The item saying what the test cannot reach: AWS sends no inbound SMS on demand. */
function inboundLegNote(settings: ResponderSettings): Check {
  const french = settings.originationNumber.startsWith('+33');
  return skip(
    'number → topic',
    (french
      ? 'AWS offers no inbound simulator for a French number: '
      : 'AWS documents no way to make a number receive a test SMS: ') +
      'the test invokes the responder directly with the message the topic would carry; ' +
      'text the number from a phone to try that leg',
  );
}

function decisionCheck(trial: Trial): Check {
  const item = 'responder decision';
  const { invocation, settings } = trial;
  if (!invocation.ok) return fail(item, invocation.error);
  const outcome = invocation.outcome;
  const money = (micros: number): string => formatMicros(micros, settings.budget.currency);
  const to = maskNumber(trial.sender.number);
  switch (outcome?.kind) {
    case 'scheduled': {
      const minutes = Math.round((outcome.sendAtMs - trial.toMs) / MS_PER_MINUTE);
      return ok(
        item,
        `${outcome.text} to ${to} (${money(outcome.costMicros)}) scheduled for ${new Date(outcome.sendAtMs).toISOString()} (in about ${minutes} min)`,
      );
    }
    case 'replied':
      return ok(
        item,
        `${outcome.text} sent now to ${to}, AWS's success simulator (${money(outcome.costMicros)}); no phone receives it`,
      );
    case 'send_unknown':
      return warn(
        item,
        `the SMS service gave no definite answer for the reply to ${to} (${money(outcome.costMicros)}): it may have gone out`,
      );
    case 'dropped':
      return fail(
        item,
        `no reply: dropped as ${outcome.reason}${DROP_HINTS[outcome.reason] ? ` (${DROP_HINTS[outcome.reason]})` : ''}`,
      );
    default:
      return fail(item, `unexpected outcome ${JSON.stringify(outcome ?? null)}`);
  }
}

function moneyCheck(
  settings: ResponderSettings,
  before: PeriodAmounts,
  after: PeriodAmounts,
): Check {
  const money = (micros: number): string => formatMicros(micros, settings.budget.currency);
  const added = after.day - before.day;
  return ok(
    'money counted',
    `this day ${money(before.day)} → ${money(after.day)} (+${money(added)}) of ${money(settings.budget.dayMicros)}; ` +
      `this month ${money(before.month)} → ${money(after.month)}` +
      (added !== 0 ? '' : ' (nothing counted)') +
      ' (other traffic meanwhile would show too)',
  );
}

/** Cost the responder reserved for the test's reply, if any. */
function reservedCost(outcome: Outcome | undefined): number | undefined {
  if (outcome === undefined) return undefined;
  return outcome.kind === 'scheduled' ||
    outcome.kind === 'replied' ||
    outcome.kind === 'send_unknown'
    ? outcome.costMicros
    : undefined;
}

/** Deletes the schedule the test created, before it fires. */
async function deleteSchedule(
  clients: AwsClients,
  group: string,
  inboundId: string,
): Promise<string> {
  const name = scheduleName(inboundId);
  try {
    await call('scheduler:DeleteSchedule', () =>
      clients.scheduler.send(new DeleteScheduleCommand({ Name: name, GroupName: group })),
    );
    return `schedule ${name} deleted before it fired`;
  } catch (error) {
    const { name: errorName } = errorText(error instanceof AwsCallError ? error.error : undefined);
    if (errorName !== 'ResourceNotFoundException') throw error;
    return `schedule ${name} already gone`;
  }
}

/** Gives the test's reservation back, exactly, once. */
async function giveBack(
  context: CommandContext,
  trial: Trial,
  costMicros: number,
): Promise<{ done?: string; left?: string }> {
  const { target } = context;
  const money = formatMicros(costMicros, trial.settings.budget.currency);
  const reservation = await call('dynamodb:GetItem', () =>
    findReservation(
      {
        inboundId: trial.inboundId,
        costMicros,
        fromMs: trial.fromMs,
        toMs: trial.toMs,
        timeZone: trial.settings.budget.timeZone,
      },
      heldInTable(itemsOf(target).months),
    ),
  );
  if (reservation === undefined) {
    return {
      left: `${money} stays counted: no held reservation of this message was found (given back already, or the clocks differ by over 2 minutes)`,
    };
  }
  const { ledger } = itemsOf(target);
  const released = await call('dynamodb:UpdateItem', () => ledger.release(reservation));
  return released
    ? { done: `${money} given back (reservation ${reservation.id})` }
    : { left: `${money}: the reservation was given back by someone else meanwhile` };
}

/** Undoes what the test wrote; says what stays. */
async function cleanUp(
  context: CommandContext,
  clients: AwsClients,
  outputs: StackOutputs,
  trial: Trial,
): Promise<Check> {
  const done: string[] = [];
  const left: string[] = [
    'the flood counter, the metrics and the logs count one more inbound message',
  ];
  const outcome = trial.invocation.ok ? trial.invocation.outcome : undefined;
  if (outcome?.kind === 'scheduled') {
    done.push(
      await deleteSchedule(clients, requireOutput(outputs, 'ScheduleGroupName'), trial.inboundId),
    );
  }
  const cost = reservedCost(outcome);
  let moneyLeft = false;
  if (cost !== undefined) {
    const back = await giveBack(context, trial, cost);
    if (back.done) done.push(back.done);
    if (back.left) left.unshift(back.left);
    moneyLeft = back.left !== undefined;
  }
  if (outcome?.kind === 'replied') left.push('AWS may bill the simulated send (undocumented)');
  await call('dynamodb:DeleteItem', () => itemsOf(context.target).blocks.forget(trial.sender.key));
  done.push(`sender item of ${maskNumber(trial.sender.number)} deleted`);
  return (moneyLeft ? warn : ok)('clean-up', `${done.join('; ')}; left: ${left.join('; ')}`);
}

/**
 * A sender item of the simulator number left by an earlier verify that did not finish: deleted,
 * so that the test starts afresh (its window would drop the message).
 */
async function clearEarlierTest(
  context: CommandContext,
  number: string,
  key: string,
): Promise<Check | undefined> {
  const { blocks } = itemsOf(context.target);
  if (!(await call('dynamodb:GetItem', () => blocks.exists(key)))) return undefined;
  await call('dynamodb:DeleteItem', () => blocks.forget(key));
  return warn(
    'earlier test',
    `the simulator number ${maskNumber(number)} had a sender item (an unfinished verify?): deleted first`,
  );
}

/** What the end-to-end test did, for the audit record. */
export interface EndToEndRecord {
  readonly sender: string;
  readonly inboundId: string;
  readonly outcome: Outcome | { readonly error: string } | null;
}

/** Sends one synthetic message through the deployed responder, shows what happened, undoes it. */
export async function endToEnd(
  context: CommandContext,
  clients: AwsClients,
  outputs: StackOutputs,
): Promise<{ checks: Check[]; record?: EndToEndRecord }> {
  const { target } = context;
  const settings = await target.settings();
  const checks = [inboundLegNote(settings)];
  const simulator = simulatorSender(settings);
  if (simulator === undefined) {
    return {
      checks: [
        ...checks,
        skip(
          'end to end',
          `AWS has no destination simulator number we know of for ${settings.allowedCountries.join(', ')} (known: US, FR), or none in replyOnlyTo`,
        ),
      ],
    };
  }
  const key = (await target.senderKey())(simulator.number);
  const earlier = await clearEarlierTest(context, simulator.number, key);
  if (earlier !== undefined) checks.push(earlier);
  const { ledger } = itemsOf(target);
  const spent = (ms: number) =>
    call('dynamodb:GetItem', () => ledger.readSpent(periodKeys(ms, settings.budget.timeZone)));
  const inboundId = randomUUID();
  const fromMs = Date.now();
  const before = await spent(fromMs);
  const topic = requireOutput(outputs, 'InboundTopicArn');
  const event = syntheticEvent(settings, topic, simulator.number, inboundId, fromMs);
  const responder = requireOutput(outputs, 'ResponderFunctionName');
  const invocation = await invokeResponder(clients, responder, event);
  const toMs = Date.now();
  const sender = { number: simulator.number, key };
  const trial: Trial = { settings, sender, inboundId, fromMs, toMs, invocation };
  checks.push(decisionCheck(trial), moneyCheck(settings, before, await spent(toMs)));
  checks.push(await cleanUp(context, clients, outputs, trial));
  const outcome = invocation.ok ? (invocation.outcome ?? null) : { error: invocation.error };
  return { checks, record: { sender: maskNumber(simulator.number), inboundId, outcome } };
}
