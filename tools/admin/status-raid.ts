/**
 * Raid mode as `status` shows it: now, from the control item (the maintainers' override and
 * what flood detection wrote); at `--at`, from the override the audit trail had then and the
 * `RaidModeActive` metric of that minute (the control item keeps only the present).
 */
import type { ControlState, ResponderSettings } from '../../lambda/domain/types';
import type { MetricFigures } from './metric-figures';

/** How far back the readings of raid mode are looked for (a raid's own SMS report none). */
const LOOKBACK_MS = 24 * 3_600_000;

/** Raid mode at the status time. */
export interface RaidStatus {
  /** The maintainers' override; `auto` leaves it to flood detection. */
  readonly override: 'on' | 'off' | 'auto';
  /** Whether raid mode was in force; null when nothing recorded says (no message that hour). */
  readonly inForce: boolean | null;
  /** False when the deployed config turns flood detection off. */
  readonly enabled: boolean;
  /** What flood detection said; null when an override hid it at `--at`, or unknown. */
  readonly detected: boolean | null;
  readonly since?: string;
  readonly lastFlood?: string;
  readonly baselinePerMinute?: number;
  /** The raid-mode hourly cap from the config. */
  readonly hourCapMicros?: number;
  /** `control item`, or the metrics it was read from. */
  readonly source: string;
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** Raid mode now, as the control item holds it. */
export function raidNow(settings: ResponderSettings, control: ControlState): RaidStatus {
  const { raid } = control;
  const override = control.raidOverride ?? 'auto';
  return {
    override,
    inForce: override === 'auto' ? raid.active : override === 'on',
    enabled: settings.raid !== undefined,
    detected: raid.active,
    ...(raid.sinceMs === undefined ? {} : { since: iso(raid.sinceMs) }),
    ...(raid.lastFloodMs === undefined ? {} : { lastFlood: iso(raid.lastFloodMs) }),
    ...(raid.baselinePerMinute === undefined ? {} : { baselinePerMinute: raid.baselinePerMinute }),
    ...(settings.raid === undefined ? {} : { hourCapMicros: settings.raid.hourMicros }),
    source: 'control item',
  };
}

/**
 * Raid mode at `atMs`: the override then (`control`, rebuilt from the audit trail) and the last
 * reading of the day before `atMs` (`RaidModeActive`, or flood detection's `RaidModeEntered` /
 * `RaidModeLeft`).
 */
export async function raidThen(
  settings: ResponderSettings,
  control: ControlState,
  atMs: number,
  metrics: (fromMs: number, toMs: number) => Promise<MetricFigures | undefined>,
): Promise<RaidStatus> {
  const override = control.raidOverride ?? 'auto';
  const figures = await metrics(atMs - LOOKBACK_MS, atMs + 1);
  const measured = figures?.raidAtEnd;
  const inForce = override === 'auto' ? (measured ?? null) : override === 'on';
  const period = figures?.raidPeriods.find((p) => p.startMs <= atMs && atMs < p.endMs);
  return {
    override,
    inForce,
    enabled: settings.raid !== undefined,
    detected: override === 'auto' ? (measured ?? null) : null,
    ...(period && override === 'auto' && figures && period.startMs > atMs - LOOKBACK_MS
      ? { since: iso(period.startMs) }
      : {}),
    ...(settings.raid === undefined ? {} : { hourCapMicros: settings.raid.hourMicros }),
    source: figures === undefined ? 'no metrics' : `RaidModeActive, ${figures.source}`,
  };
}
