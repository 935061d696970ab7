/**
 * Step: STOP and START. A STOP always wins: the sender is opted out whatever else the message
 * says; an abusive one is kept as evidence too.
 */
import type { Outcome } from '../domain/types';
import type { InboundMessage, ResponderContext } from './context';
import { dropped, keepEvidence, PERSISTENT_STATE_SECONDS, toSeconds } from './context';

/** Opts the sender out or in; `undefined` when the message is neither STOP nor START. */
export async function answerKeyword(
  ctx: ResponderContext,
  msg: InboundMessage,
): Promise<Outcome | undefined> {
  if (msg.intent !== 'stop' && msg.intent !== 'start') return undefined;
  const { senders } = ctx.deps.items;
  const optOut = msg.intent === 'stop';
  const expiry = optOut ? toSeconds(msg.nowMs) + PERSISTENT_STATE_SECONDS : msg.windowExpirySeconds;
  const fresh = await senders.setOptOut({
    senderKey: msg.key,
    optedOut: optOut,
    inboundId: msg.id,
    nowMs: msg.nowMs,
    expiresAtSeconds: expiry,
  });
  ctx.memory.hints.remember(msg.key, optOut ? Number.POSITIVE_INFINITY : 0);
  if (!fresh) return dropped('duplicate');
  if (optOut) await keepAbusiveOptOut(ctx, msg);
  return { kind: optOut ? 'opted_out' : 'opted_in' };
}

/** "stop connard": the opt-out wins, and the insult is still kept (two more writes). */
async function keepAbusiveOptOut(ctx: ResponderContext, msg: InboundMessage): Promise<void> {
  if (!ctx.settings.abuse?.contentFlagging) return;
  const verdict = ctx.deps.assessBody?.(msg.sms.body);
  if (!verdict?.abusive) return;
  const expiry = toSeconds(msg.nowMs) + PERSISTENT_STATE_SECONDS;
  await ctx.deps.items.senders.flag({
    senderKey: msg.key,
    nowMs: msg.nowMs,
    reasons: verdict.reasons,
    expiresAtSeconds: expiry,
  });
  ctx.memory.flagged.add(msg.key);
  await keepEvidence(ctx, msg, verdict.reasons, 'abusive');
}
