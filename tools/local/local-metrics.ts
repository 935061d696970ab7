/**
 * Local mode's stand-in for CloudWatch: the metrics the responder and the dispatcher emit
 * (`lambda/telemetry.ts`, same names and meanings as `lambda/metric-names.ts`), counted per
 * minute of simulated time. A replay on a state folder (`--state DIR`) adds its minutes to
 * `DIR/metrics.json`, so the admin CLI answers `status`, `history` and `--at` from the same kind
 * of figures as in AWS. Nothing here runs in AWS.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SendOutcome } from '../../lambda/domain/scheduled-reply';
import type { Outcome } from '../../lambda/domain/types';
import type { SendTelemetry } from '../../lambda/dispatcher';
import type { Telemetry } from '../../lambda/telemetry';

/** The file in a state folder. */
export const METRICS_FILE = 'metrics.json';
const MS_PER_MINUTE = 60_000;

/** One minute's sums (`raidActive`: the maximum, 1 while raid mode was in force). */
export interface MinuteMetrics {
  inbound?: number;
  /** `Replies`: accepted by the SMS service. */
  replies?: number;
  /** `SendUnknown`: no definite answer, kept as spent. */
  sendUnknown?: number;
  /** `RepliesScheduled`: decided and paid for, held for the safety delay. */
  scheduled?: number;
  /** `RepliesCancelled` by reason. */
  cancelled?: Record<string, number>;
  /** `Dropped` by reason. */
  dropped?: Record<string, number>;
  /** `SpentMicros`: the money of the replies that went out (or may have). */
  spentMicros?: number;
  /** `Flagged`: messages kept as evidence. */
  flagged?: number;
  /** `RaidModeActive`, maximum. */
  raidActive?: number;
  /** `RaidModeEntered` / `RaidModeLeft`: flood detection switched raid mode. */
  raidEntered?: number;
  raidLeft?: number;
}

/** What a state folder keeps: minutes by their epoch minute (`Math.floor(ms / 60000)`). */
export interface LocalMetrics {
  readonly version: 1;
  /** The end of the simulated time replayed so far (the last message or reply). */
  untilMs?: number;
  readonly minutes: Record<string, MinuteMetrics>;
}

export const emptyMetrics = (): LocalMetrics => ({ version: 1, minutes: {} });

const add = (map: Record<string, number>, key: string, n: number): void => {
  map[key] = (map[key] ?? 0) + n;
};

/** Counts metrics per minute of simulated time; one telemetry per container clock. */
export class MetricsRecorder {
  readonly metrics: LocalMetrics = emptyMetrics();

  /** The minute of `ms`, created on first use. */
  minute(ms: number): MinuteMetrics {
    const key = String(Math.floor(ms / MS_PER_MINUTE));
    return (this.metrics.minutes[key] ??= {});
  }

  /** Moves the replayed time forward (never back). */
  reach(ms: number): void {
    this.metrics.untilMs = Math.max(this.metrics.untilMs ?? ms, ms);
  }

  /** A telemetry that counts what a container emits at its own clock's time. */
  telemetryFor(clock: () => number): Telemetry & SendTelemetry {
    const at = (): MinuteMetrics => this.minute(clock());
    const spent = (m: MinuteMetrics, how: 'sent' | 'unknown', micros: number): void => {
      if (how === 'sent') m.replies = (m.replies ?? 0) + 1;
      else m.sendUnknown = (m.sendUnknown ?? 0) + 1;
      m.spentMicros = (m.spentMicros ?? 0) + micros;
    };
    return {
      inbound: () => {
        const m = at();
        m.inbound = (m.inbound ?? 0) + 1;
      },
      outcome: (outcome: Outcome) => recordOutcome(at(), outcome, spent),
      sendOutcome: (outcome: SendOutcome) => recordSendOutcome(at(), outcome, spent),
      budgetUsed: () => undefined,
      error: () => undefined,
      raid: (change: 'entered' | 'left') => {
        const m = at();
        if (change === 'entered') m.raidEntered = (m.raidEntered ?? 0) + 1;
        else m.raidLeft = (m.raidLeft ?? 0) + 1;
      },
      raidActive: (active: boolean) => {
        const m = at();
        m.raidActive = Math.max(m.raidActive ?? 0, active ? 1 : 0);
      },
      flagged: () => {
        const m = at();
        m.flagged = (m.flagged ?? 0) + 1;
      },
      flush: () => undefined,
    };
  }
}

type Spent = (m: MinuteMetrics, how: 'sent' | 'unknown', micros: number) => void;

function recordOutcome(m: MinuteMetrics, outcome: Outcome, spent: Spent): void {
  if (outcome.kind === 'replied') spent(m, 'sent', outcome.costMicros);
  else if (outcome.kind === 'send_unknown') spent(m, 'unknown', outcome.costMicros);
  else if (outcome.kind === 'scheduled') m.scheduled = (m.scheduled ?? 0) + 1;
  else if (outcome.kind === 'dropped') add((m.dropped ??= {}), outcome.reason, 1);
}

function recordSendOutcome(m: MinuteMetrics, outcome: SendOutcome, spent: Spent): void {
  if (outcome.kind === 'sent') spent(m, 'sent', outcome.costMicros);
  else if (outcome.kind === 'send_unknown') spent(m, 'unknown', outcome.costMicros);
  else if (outcome.kind === 'cancelled') add((m.cancelled ??= {}), outcome.reason, 1);
}

/** Adds `more` into `into` (a later replay on the same folder). */
export function mergeMetrics(into: LocalMetrics, more: LocalMetrics): LocalMetrics {
  const minutes: Record<string, MinuteMetrics> = { ...into.minutes };
  for (const [key, m] of Object.entries(more.minutes)) {
    const old = minutes[key] ?? {};
    const sum = (a?: number, b?: number): number | undefined =>
      a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
    const sumMap = (a?: Record<string, number>, b?: Record<string, number>) => {
      if (!a && !b) return undefined;
      const out = { ...a };
      for (const [k, n] of Object.entries(b ?? {})) add(out, k, n);
      return out;
    };
    minutes[key] = JSON.parse(
      JSON.stringify({
        inbound: sum(old.inbound, m.inbound),
        replies: sum(old.replies, m.replies),
        sendUnknown: sum(old.sendUnknown, m.sendUnknown),
        scheduled: sum(old.scheduled, m.scheduled),
        cancelled: sumMap(old.cancelled, m.cancelled),
        dropped: sumMap(old.dropped, m.dropped),
        spentMicros: sum(old.spentMicros, m.spentMicros),
        flagged: sum(old.flagged, m.flagged),
        raidEntered: sum(old.raidEntered, m.raidEntered),
        raidLeft: sum(old.raidLeft, m.raidLeft),
        raidActive:
          old.raidActive === undefined && m.raidActive === undefined
            ? undefined
            : Math.max(old.raidActive ?? 0, m.raidActive ?? 0),
      }),
    ) as MinuteMetrics;
  }
  const until = [into.untilMs, more.untilMs].filter((ms): ms is number => ms !== undefined);
  return {
    version: 1,
    ...(until.length === 0 ? {} : { untilMs: Math.max(...until) }),
    minutes,
  };
}

/** The folder's metrics; undefined when no replay left any (a state from an older version). */
export function readMetrics(stateDir: string): LocalMetrics | undefined {
  const file = join(stateDir, METRICS_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as LocalMetrics;
  return parsed.version === 1 ? parsed : undefined;
}

/** Adds a replay's metrics to the folder's (written whole, then renamed into place). */
export function saveMetrics(stateDir: string, more: LocalMetrics): void {
  const merged = mergeMetrics(readMetrics(stateDir) ?? emptyMetrics(), more);
  const file = join(stateDir, METRICS_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(merged));
  renameSync(`${file}.tmp`, file);
}
