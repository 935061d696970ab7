/**
 * What the responder would do with a sender's next ordinary message, computed with the
 * responder's own pure decisions (`planReply`, `senderVerdict`, `budgetVerdict` in
 * `lambda/domain/policy.ts`) on the state it would read: the control item, the sender's item and
 * the budget ledger. The chat prints it after every message, so that nothing it says about the
 * next reply is a guess. The content of that message is not known yet: an abusive one, STOP or
 * HELP gets its own treatment, and the chat says so.
 */
import type { WaitableReason } from '../../lambda/domain/waiting';
import { isWaitable, nextChanceMs, raidNear, waitingOf } from '../../lambda/domain/waiting';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { senderItemKey } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import { parseRecord } from '../../lambda/domain/inbound';
import type { SenderState } from '../../lambda/domain/policy';
import { budgetVerdict, planReply, senderVerdict } from '../../lambda/domain/policy';
import type { DropReason } from '../../lambda/domain/types';
import { raidModeOn } from '../../lambda/domain/types';
import type { LocalEnvironment } from '../local/environment';
import { inboundJson, localSnsRecord } from '../local/sns-record';

/** The next ordinary message's fate. */
export type NextReply =
  | {
      readonly kind: 'reply';
      readonly costMicros: number;
      readonly segments: number;
      readonly delaySeconds?: { min: number; max: number };
    }
  | { readonly kind: 'none'; readonly reason: DropReason; readonly untilMs?: number }
  /** Refused for the hour's or the day's money: the sender waits for the next period. */
  | { readonly kind: 'wait'; readonly reason: WaitableReason; readonly fromMs: number };

const MS_PER_SECOND = 1000;

async function senderState(env: LocalEnvironment, from: string): Promise<SenderState | undefined> {
  const { Item } = await env.dynamo.documentClient.send(
    new GetCommand({
      TableName: env.tableName,
      Key: senderItemKey(env.senderKey(from)),
      ConsistentRead: true,
    }),
  );
  return Item as SenderState | undefined;
}

/** The verdict on the sender, as the responder's claim and its record-and-judge step reach it. */
function judgeSender(
  env: LocalEnvironment,
  state: SenderState | undefined,
  windowStartMs: number,
  raidNewOnly: boolean,
  nowMs: number,
): DropReason | 'eligible' {
  const verdict = senderVerdict(state, windowStartMs, raidNewOnly ? nowMs : undefined);
  if (verdict === 'eligible') return verdict;
  // A refused sender's message is recorded first (its count goes up), then judged: past the
  // limit, a heavy repeater is flagged (lambda/responder: recordAndJudge).
  const abuse = env.settings.abuse;
  if (abuse && verdict !== 'flagged' && verdict !== 'blocked') {
    if ((state?.msgCount ?? 0) + 1 > abuse.maxMessagesPerWindow) return 'repeater';
  }
  return verdict;
}

/** What the responder would do with `from`'s next ordinary message at `nowMs`. */
export async function nextReply(
  env: LocalEnvironment,
  from: string,
  nowMs: number,
): Promise<NextReply> {
  const { settings } = env;
  const parsed = parseRecord(
    localSnsRecord(inboundJson({ from, to: settings.originationNumber, body: 'Bonjour' }), nowMs),
    settings,
  );
  if (!parsed.ok) return { kind: 'none', reason: parsed.reason };
  const control = await env.items.control.read();
  const plan = planReply(parsed.sms, 'reply', control, settings, nowMs);
  if (plan.kind === 'drop') return { kind: 'none', reason: plan.reason };
  const raidNewOnly = raidModeOn(control) && settings.raid?.newSendersOnly === true;
  const state = await senderState(env, from);
  const verdict = judgeSender(env, state, plan.windowStartMs, raidNewOnly, nowMs);
  if (verdict !== 'eligible') {
    const untilMs =
      verdict === 'window' && state?.replyAtMs !== undefined
        ? state.replyAtMs + settings.senderWindowSeconds * MS_PER_SECOND
        : undefined;
    return { kind: 'none', reason: verdict, ...(untilMs === undefined ? {} : { untilMs }) };
  }
  const spent = await env.items.ledger.readSpent(periodKeys(nowMs, settings.budget.timeZone));
  const money = budgetVerdict(spent, plan.caps, plan.costMicros);
  if (money !== 'ok') {
    const raidCapOnly =
      money === 'budget_hour' &&
      raidModeOn(control) &&
      spent.hour + plan.costMicros <= settings.budget.hourMicros;
    const reason = raidCapOnly ? 'raid_hour' : money;
    const wait = waitingOf(settings);
    if (wait && isWaitable(reason) && !raidNear(control, nowMs)) {
      const fromMs = nextChanceMs(reason, nowMs, settings.budget.timeZone);
      if (fromMs <= nowMs + wait.maxWaitSeconds * MS_PER_SECOND) {
        return { kind: 'wait', reason, fromMs };
      }
    }
    return { kind: 'none', reason };
  }
  const delay = settings.replyDelay;
  return {
    kind: 'reply',
    costMicros: plan.costMicros,
    segments: plan.sms.segments,
    ...(delay ? { delaySeconds: { min: delay.minSeconds, max: delay.maxSeconds } } : {}),
  };
}
