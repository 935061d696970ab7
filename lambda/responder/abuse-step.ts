/** Step: abusive content. The sender is flagged for good and the message kept as evidence. */
import type { Outcome } from '../domain/types';
import type { InboundMessage, ResponderContext } from './context';
import { dropped, keepEvidence, PERSISTENT_STATE_SECONDS, toSeconds } from './context';

/** Flags an abusive message's sender and keeps it; `undefined` when the body is not abusive. */
export async function screenAbuse(
  ctx: ResponderContext,
  msg: InboundMessage,
): Promise<Outcome | undefined> {
  if (!ctx.settings.abuse?.contentFlagging || !ctx.deps.assessBody) return undefined;
  const verdict = ctx.deps.assessBody(msg.sms.body);
  if (!verdict.abusive) return undefined;
  // A sender this container already flagged costs one write (the evidence, which is
  // idempotent on its own); otherwise the flag and the evidence, two writes.
  if (!ctx.memory.flagged.has(msg.key)) {
    const expiry = toSeconds(msg.nowMs) + PERSISTENT_STATE_SECONDS;
    const result = await ctx.deps.items.senders.flagInbound({
      senderKey: msg.key,
      inboundId: msg.id,
      nowMs: msg.nowMs,
      reasons: verdict.reasons,
      expiresAtSeconds: expiry,
    });
    if (result.duplicate) return dropped('duplicate');
    ctx.memory.flaggedForGood(msg.key);
  }
  await keepEvidence(ctx, msg, verdict.reasons, 'abusive');
  return dropped('abusive');
}
