/**
 * The seal on a scheduled reply: an HMAC-SHA-256 over every field, with a key derived from the
 * deployment's secret, which only the responder and the dispatcher can read. The sender
 * function acts only on a reply whose seal holds, so whoever may invoke it (or edit a schedule)
 * cannot make it text another number, send another text, or give back money that the responder
 * did not reserve for that very reply (the budget item checks the last point again: see
 * `heldEntry` in `items/budget-ledger.ts`).
 */
import { createHmac } from 'node:crypto';
import type { ScheduledReply, UnsealedReply } from './domain/scheduled-reply';
import { derivedKey, macMatches } from './sender-key';

/** Separates this key from the sender keys made from the same secret (`sender-key.ts`). */
const SEAL_KEY_LABEL = 'antirelou/scheduled-reply/seal/v2';

/** Seals and checks scheduled replies. */
export class ReplySeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = derivedKey(secret, SEAL_KEY_LABEL, 'the seal secret');
  }

  /** The reply with its seal. */
  seal(reply: UnsealedReply): ScheduledReply {
    return { ...reply, seal: this.mac(reply) };
  }

  /** True when the seal was made by this key over exactly these fields. */
  verify(reply: ScheduledReply): boolean {
    return macMatches(reply.seal, this.mac(reply));
  }

  private mac(reply: UnsealedReply): string {
    // Fields in a fixed order, absent ones as null: one byte string per reply, whatever the
    // order of the event's keys.
    const fields = [
      reply.v,
      reply.inboundId,
      reply.senderKey,
      reply.to,
      reply.body,
      reply.text,
      reply.costMicros,
      reply.periods.month,
      reply.periods.day,
      reply.periods.hour,
      reply.previousReplyAtMs ?? null,
      reply.decidedAtMs,
      reply.sendAtMs,
      // A waiting reply's fields, only when it is one: the seals of other replies are unchanged.
      ...(reply.waitUntilMs === undefined ? [] : [reply.waitUntilMs, reply.round ?? 0]),
    ];
    return createHmac('sha256', this.key).update(JSON.stringify(fields)).digest('base64url');
  }
}
