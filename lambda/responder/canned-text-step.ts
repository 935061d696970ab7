/**
 * Step: the canned-text signal, below the flood floor. Apps and bots send canned lists; real
 * people's first texts differ. When `threshold` fresh senders send the same text (its
 * fingerprint, `domain/fingerprint.ts`) within one UTC hour, and they are at least `sharePercent`
 * of the last 60 minutes' inbound SMS (the flood counter's, so that a launch rush's common
 * phrases do not fire), that text "fires": its senders get no reply (`canned_text`) for the rest
 * of that hour and all the next (the counter returns the previous hour's count as well, so every
 * container knows; each also remembers it an hour). They are dropped before the claim, so they
 * never reach the budget (nor a waiting list).
 *
 * Cost: at most one write per message (an `ADD` on the text's counter, 1 WCU), and only for
 * fresh senders with a long enough text; none for short texts ("bonjour"), for senders this
 * container knows get no reply anyway (served in their window, flagged, refused), and for a
 * sender's repeat of a text already counted in the hour.
 */
import type { CannedTextSettings, Outcome } from '../domain/types';
import type { TextCounts } from '../items/text-counter';
import { textFingerprint } from '../domain/fingerprint';
import type { InboundMessage, ResponderContext } from './context';
import { dropped, MS_PER_SECOND, toSeconds } from './context';
import { MAX_SENDER_HINTS } from './memory';

/** The counting window: the UTC hour, as the flood counter's (its count is the yardstick). */
const MS_PER_HOUR = 3600 * MS_PER_SECOND;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Counters are kept two hours past their UTC day (TTL deletes them some time after that). */
const COUNTER_GRACE_SECONDS = 2 * 3600;
/** Length of the keyed hash kept as a text's fingerprint (base64url: 132 bits). */
const FINGERPRINT_CHARS = 22;
/** Texts this container knows fired (bounded: the oldest are forgotten first). */
const MAX_FIRED_TEXTS = 10_000;

/** A bounded map: the oldest entries are forgotten first. */
class BoundedMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }
}

/** What one container remembers for the signal. None of it decides alone but `fired`. */
class CannedTextMemory {
  /** Sender and hour → the fingerprint counted for them (a repeat is not counted again). */
  readonly counted = new BoundedMap<string>(MAX_SENDER_HINTS);
  /** Fingerprint → until when it is fired (an hour after it was last found over both). */
  readonly fired = new BoundedMap<number>(MAX_FIRED_TEXTS);
}

/** The signal's memory of each responder (one per container), beside the shared context. */
const memories = new WeakMap<ResponderContext, CannedTextMemory>();

function memoryOf(ctx: ResponderContext): CannedTextMemory {
  let memory = memories.get(ctx);
  if (!memory) {
    memory = new CannedTextMemory();
    memories.set(ctx, memory);
  }
  return memory;
}

/** Drops a fresh sender's canned text; `undefined` to go on. */
export async function screenCannedText(
  ctx: ResponderContext,
  msg: InboundMessage,
): Promise<Outcome | undefined> {
  const settings = ctx.settings.raid?.cannedText;
  if (!settings || !ctx.flood) return undefined;
  // Not fresh, as far as this container knows: the claim refuses them without this signal.
  if (ctx.memory.hints.isIneligible(msg.key, msg.nowMs)) return undefined;
  const { letters } = textFingerprint(msg.sms.body);
  if (letters.length < settings.minLetters) return undefined;
  const fingerprint = ctx.deps.senderKey(`text:${letters}`).slice(0, FINGERPRINT_CHARS);
  const memory = memoryOf(ctx);
  const hourStartMs = Math.floor(msg.nowMs / MS_PER_HOUR) * MS_PER_HOUR;
  const senderHour = `${msg.key}#${hourStartMs}`;
  if (memory.counted.get(senderHour) !== fingerprint) {
    const dayEndS = toSeconds(Math.floor(msg.nowMs / MS_PER_DAY + 1) * MS_PER_DAY);
    const counts = await ctx.deps.items.texts.add(
      fingerprint,
      msg.nowMs,
      dayEndS + COUNTER_GRACE_SECONDS,
    );
    memory.counted.set(senderHour, fingerprint);
    if (fires(settings, counts, ctx.flood.inboundHours(msg.nowMs), msg.nowMs)) {
      memory.fired.set(fingerprint, msg.nowMs + MS_PER_HOUR);
    }
  }
  return (memory.fired.get(fingerprint) ?? 0) > msg.nowMs ? dropped('canned_text') : undefined;
}

/** Inbound SMS of the current UTC hour and of the one before (`undefined`: not known here). */
export interface InboundHours {
  readonly thisHour: number;
  readonly previousHour: number | undefined;
}

/**
 * Enough fresh senders of one text, and enough of the traffic (not a launch rush's common
 * phrase): this hour, against the last 60 minutes' inbound (this hour's and the part of the
 * previous one still in the window); or the whole previous hour, against its total, so that
 * every container refuses the text from the next hour's first sender.
 */
export function fires(
  settings: CannedTextSettings,
  counts: TextCounts,
  inbound: InboundHours,
  nowMs: number,
): boolean {
  const over = (count: number, traffic: number): boolean =>
    count >= settings.threshold && 100 * count >= settings.sharePercent * traffic;
  const covered = 1 - (nowMs % MS_PER_HOUR) / MS_PER_HOUR;
  const lastSixty = inbound.thisHour + (inbound.previousHour ?? 0) * covered;
  return (
    over(counts.thisHour, lastSixty) ||
    (inbound.previousHour !== undefined && over(counts.previousHour, inbound.previousHour))
  );
}
