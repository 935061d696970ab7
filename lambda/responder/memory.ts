/**
 * What one Lambda container remembers between messages. None of it decides anything: each
 * memory only chooses which write is tried first, or saves a write the table would refuse.
 */
import type { PeriodKeys } from '../domain/calendar';
import type { BudgetCaps, DropReason } from '../domain/types';

/** Per-container memory of senders known to get no reply (bounded). */
export const MAX_SENDER_HINTS = 50_000;

/**
 * Senders this container has seen get no reply, and until when. A hint only changes which
 * write is tried first (record before claim), saving a round trip for repeat senders; the
 * stored state always decides.
 */
export class SenderHints {
  private readonly untilMs = new Map<string, number>();

  isIneligible(key: string, nowMs: number): boolean {
    return (this.untilMs.get(key) ?? 0) > nowMs;
  }

  remember(key: string, untilMs: number): void {
    this.untilMs.delete(key);
    if (untilMs <= 0) return;
    if (this.untilMs.size >= MAX_SENDER_HINTS) {
      const oldest = this.untilMs.keys().next();
      if (!oldest.done) this.untilMs.delete(oldest.value);
    }
    this.untilMs.set(key, untilMs);
  }
}

/** Senders this container knows are flagged (bounded; the oldest are forgotten first). */
export class BoundedSet {
  private readonly keys = new Set<string>();

  constructor(private readonly max: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.size >= this.max) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    this.keys.add(key);
  }
}

/**
 * A budget found exhausted. While its period lasts and the caps are unchanged, new senders are
 * refused without touching the budget item (a raid must not cost 4 round trips per message);
 * it is checked again every few minutes in case a failed send gave money back.
 */
export interface BudgetBlock {
  /** The periods when the block was found, and when (a clock going back voids it). */
  readonly periods: PeriodKeys & { readonly startMs: number };
  readonly caps: BudgetCaps;
  readonly reason: DropReason;
  readonly untilMs: number;
}

/** How long a budget block is trusted at most before the budget item is asked again. */
export const BUDGET_BLOCK_MAX_AGE_MS = 5 * 60_000;

function blockHolds(
  block: BudgetBlock,
  periods: PeriodKeys,
  caps: BudgetCaps,
  nowMs: number,
): boolean {
  const samePeriod =
    block.reason === 'budget_hour'
      ? block.periods.hour === periods.hour
      : block.reason === 'budget_day'
        ? block.periods.day === periods.day
        : block.periods.month === periods.month;
  return (
    samePeriod &&
    nowMs >= block.periods.startMs &&
    nowMs < block.untilMs &&
    caps.hourMicros === block.caps.hourMicros &&
    caps.dayMicros === block.caps.dayMicros &&
    caps.monthMicros === block.caps.monthMicros
  );
}

/** The container's memory, in one place: sender hints, flagged senders, the budget block. */
export class ContainerMemory {
  readonly hints = new SenderHints();
  readonly flagged = new BoundedSet(MAX_SENDER_HINTS);
  private budgetBlock: BudgetBlock | undefined;

  /** The budget block in force for these periods and caps, if any. */
  blockFor(periods: PeriodKeys, caps: BudgetCaps, nowMs: number): BudgetBlock | undefined {
    const block = this.budgetBlock;
    return block && blockHolds(block, periods, caps, nowMs) ? block : undefined;
  }

  block(block: BudgetBlock): void {
    this.budgetBlock = block;
  }

  /** A sender flagged for good: never eligible again, known flagged. */
  flaggedForGood(key: string): void {
    this.hints.remember(key, Number.POSITIVE_INFINITY);
    this.flagged.add(key);
  }
}
