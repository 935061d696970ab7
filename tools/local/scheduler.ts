/**
 * Local mode's EventBridge Scheduler: it keeps the scheduled replies, one per inbound message as
 * the service keeps one schedule per name, and hands them back when simulated time reaches them.
 * The simulator decides when time passes; nothing here reads a real clock.
 */
import type { ReplyScheduler } from '../../lambda/adapters/reply-scheduler';
import type { ScheduledReply } from '../../lambda/domain/scheduled-reply';
import { scheduleNameOf } from '../../lambda/domain/scheduled-reply';

export class LocalReplyScheduler implements ReplyScheduler {
  /** Due replies, kept sorted by `sendAtMs` (stable for equal times). */
  private readonly pending: ScheduledReply[] = [];
  private readonly names = new Set<string>();
  /** Every reply scheduled so far. */
  scheduledCount = 0;

  async schedule(reply: ScheduledReply): Promise<'scheduled' | 'exists'> {
    const name = scheduleNameOf(reply);
    if (this.names.has(name)) return 'exists';
    this.names.add(name);
    this.scheduledCount += 1;
    // Binary search for the first later reply: replies mostly arrive in time order.
    let low = 0;
    let high = this.pending.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.pending[mid]!.sendAtMs <= reply.sendAtMs) low = mid + 1;
      else high = mid;
    }
    this.pending.splice(low, 0, reply);
    return 'scheduled';
  }

  /** Takes the replies due by `nowMs`, earliest first (the schedules are deleted once run). */
  takeDue(nowMs: number): ScheduledReply[] {
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.sendAtMs <= nowMs) count += 1;
    const due = this.pending.splice(0, count);
    for (const reply of due) this.names.delete(scheduleNameOf(reply));
    return due;
  }

  /** Replies still waiting. */
  get size(): number {
    return this.pending.length;
  }

  /** When the earliest waiting reply is due; undefined when none waits. */
  nextDueMs(): number | undefined {
    return this.pending[0]?.sendAtMs;
  }
}
