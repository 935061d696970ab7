/**
 * Flood detection: every container counts its inbound messages and adds them, every few
 * seconds or messages, to a shared per-minute counter (one item per UTC hour, minutes as
 * attributes, TTL'd). The write returns the current minute's count, which the container compares
 * with the baseline (mean per minute over the last 24 whole hours, read once per hour) and
 * switches raid mode on or off in the control item. The maintainers' override
 * (`raidOverride`) wins.
 */
import type { Items } from './items';
import type { ControlState, RaidSettings } from './domain/types';
import type { Telemetry } from './telemetry';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MINUTES_PER_HOUR = 60;
const BASELINE_HOURS = 24;
/** Flood counters are only needed for the baseline: two days is plenty. */
const FLOOD_RETENTION_SECONDS = 2 * 86_400;

/** UTC hour key (`2026-10-19T14`) and minute (`07`) of an instant. */
export function utcMinute(nowMs: number): { hour: string; minute: string } {
  const iso = new Date(nowMs).toISOString();
  return { hour: iso.slice(0, 13), minute: iso.slice(14, 16) };
}

/** The UTC hours whose totals make the baseline: the 24 whole hours before `nowMs`'s hour. */
export function baselineHours(nowMs: number): string[] {
  return Array.from(
    { length: BASELINE_HOURS },
    (_, i) => utcMinute(nowMs - (i + 1) * MS_PER_HOUR).hour,
  );
}

/**
 * Mean inbound per minute over the last 24 whole hours. A day, not an hour: a raid that ramps up
 * over hours would otherwise raise its own baseline as fast as its rate, and never be seen.
 */
export function baselinePerMinute(
  totals: Readonly<Record<string, number>>,
  hours: readonly string[],
): number {
  const sum = hours.reduce((acc, hour) => acc + (totals[hour] ?? 0), 0);
  return sum / (hours.length * MINUTES_PER_HOUR);
}

/** The count from which a minute is a flood. */
export function floodThreshold(raid: RaidSettings, baseline: number): number {
  return Math.max(raid.floodFloorPerMinute, raid.floodFactor * baseline);
}

export type RaidChange = 'entered' | 'left' | undefined;

export class FloodDetector {
  private pending = 0;
  private lastFlushMs = Number.NEGATIVE_INFINITY;
  private lastNoteMs = Number.NEGATIVE_INFINITY;
  /** Totals of whole past hours: they no longer change, so each is read once per container. */
  private readonly hourTotals = new Map<string, number>();
  /** The current UTC hour's shared count, as the last flush returned it. */
  private flushed: { readonly hour: string; readonly total: number } | undefined;

  constructor(
    private readonly raid: RaidSettings,
    private readonly items: Pick<Items, 'flood' | 'control'>,
    private readonly telemetry: Telemetry,
  ) {}

  /**
   * Inbound messages as far as this container knows (the canned-text signal's yardstick): of
   * `nowMs`'s UTC hour (the shared count at its last flush, plus its own not flushed yet), and of
   * the hour before (its total, once read for the baseline; `undefined` before that).
   */
  inboundHours(nowMs: number): { thisHour: number; previousHour: number | undefined } {
    const shared = this.flushed?.hour === utcMinute(nowMs).hour ? this.flushed.total : 0;
    return {
      thisHour: shared + this.pending,
      previousHour: this.hourTotals.get(utcMinute(nowMs - MS_PER_HOUR).hour),
    };
  }

  /**
   * Counts one inbound message; now and then flushes and judges. Returns a raid mode change
   * made by this call (the caller then reloads the control item).
   */
  async count(nowMs: number, control: ControlState): Promise<RaidChange> {
    this.pending += 1;
    // A flood fills the batch in seconds; a quiet line would otherwise pay one write per message
    // for nothing, so the time-based flush waits for a quarter of a batch.
    const due =
      this.pending >= this.raid.flushCount ||
      (this.pending >= Math.ceil(this.raid.flushCount / 4) &&
        (nowMs - this.lastFlushMs >= this.raid.flushSeconds * 1000 || nowMs < this.lastFlushMs));
    if (!due) return undefined;
    const { hour, minute } = utcMinute(nowMs);
    const expires = Math.floor(nowMs / 1000) + FLOOD_RETENTION_SECONDS;
    const counts = await this.items.flood.add(hour, minute, this.pending, expires);
    this.flushed = { hour, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
    this.pending = 0;
    this.lastFlushMs = nowMs;
    const current = counts[minute] ?? 0;

    const active = control.raid.active;
    let baseline = control.raid.baselinePerMinute;
    if (!active || baseline === undefined) {
      const hours = baselineHours(nowMs);
      const missing = hours.filter((h) => !this.hourTotals.has(h));
      if (missing.length > 0) {
        const totals = await this.items.flood.readTotals(missing);
        for (const h of missing) this.hourTotals.set(h, totals[h] ?? 0);
        for (const h of [...this.hourTotals.keys()])
          if (!hours.includes(h)) this.hourTotals.delete(h);
      }
      baseline = baselinePerMinute(Object.fromEntries(this.hourTotals), hours);
    }
    const flooding = current >= floodThreshold(this.raid, baseline);
    let change: RaidChange;
    if (control.raidOverride === undefined) {
      if (flooding && !active) {
        if (await this.items.control.enterRaid(nowMs, baseline)) change = 'entered';
      } else if (flooding && nowMs - this.lastNoteMs >= MS_PER_MINUTE) {
        this.lastNoteMs = nowMs;
        await this.items.control.noteFlood(nowMs);
      } else if (
        !flooding &&
        active &&
        control.raid.lastFloodMs !== undefined &&
        nowMs - control.raid.lastFloodMs >= this.raid.quietMinutes * MS_PER_MINUTE
      ) {
        if (await this.items.control.leaveRaid(nowMs, control.raid.lastFloodMs)) change = 'left';
      }
    }
    if (change) this.telemetry.raid(change);
    return change;
  }
}
