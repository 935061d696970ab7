/**
 * The maintainers' controls (pause, budget overrides, raid override) as they were at a past
 * time, rebuilt from the audit trail: every change writes a record with the state before and
 * after it. At time T a control is the `after` of its last change before T; with no change
 * before T, the `before` of its first change after T; with no change at all, what the control
 * item holds now. Flood detection's own raid state is not audited: it comes from the metrics.
 */
import type { BudgetCaps, ControlState } from '../../lambda/domain/types';
import type { StoredAudit } from './audit-trail';

/** Which commands change which control. */
const GROUPS = {
  pause: ['pause', 'resume'],
  budget: ['budget set', 'budget clear'],
  raise: ['budget raise'],
  raid: ['raid'],
} as const;

type Group = keyof typeof GROUPS;

/** The pause as it was, and the record that set it (when, who). */
export interface PauseAt {
  readonly paused: boolean;
  readonly reason?: string;
  readonly sinceMs?: number;
  readonly by?: string;
}

/** The controls at a past time, and how sure that is. */
export interface ControlAt {
  readonly control: ControlState;
  readonly pause: PauseAt;
  /** False when no audit record covers a control: it is then the present value. */
  readonly fromAudit: Readonly<Record<Exclude<Group, 'raise'>, boolean>>;
}

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields =>
  value !== null && typeof value === 'object' ? (value as Fields) : {};

/** The state a group's control had at `atMs`, or undefined when no record says. */
function stateAt(
  records: readonly StoredAudit[],
  group: Group,
  atMs: number,
): { state: Fields; record: StoredAudit; applied: boolean } | undefined {
  const mine = records
    .filter((r) => (GROUPS[group] as readonly string[]).includes(r.command))
    .sort((a, b) => a.whenMs - b.whenMs || a.sk.localeCompare(b.sk));
  const before = mine.filter((r) => r.whenMs <= atMs);
  const last = before[before.length - 1];
  if (last) return { state: fields(last.after), record: last, applied: true };
  const next = mine.find((r) => r.whenMs > atMs);
  return next ? { state: fields(next.before), record: next, applied: false } : undefined;
}

function overridesOf(state: Fields, attribute = 'budgetOverride'): Partial<BudgetCaps> {
  const map = fields(state[attribute]);
  const out: Partial<Record<keyof BudgetCaps, number>> = {};
  for (const key of ['hourMicros', 'dayMicros', 'monthMicros'] as const) {
    if (typeof map[key] === 'number') out[key] = map[key];
  }
  return out;
}

/** The controls at `atMs` from the audit `records` (any order) and the present `current`. */
export function controlAt(
  records: readonly StoredAudit[],
  atMs: number,
  current: ControlState,
  currentPause: PauseAt,
): ControlAt {
  const pause = stateAt(records, 'pause', atMs);
  const budget = stateAt(records, 'budget', atMs);
  const raid = stateAt(records, 'raid', atMs);
  const raise = stateAt(records, 'raise', atMs);
  const raidMode = raid?.state.raidOverride;
  const paused = pause ? pause.state.paused === true : current.paused;
  const reason = pause ? pause.state.pausedReason : current.pausedReason;
  const control: ControlState = {
    ...current,
    paused,
    ...(typeof reason === 'string' ? { pausedReason: reason } : { pausedReason: undefined }),
    budgetOverride: budget ? overridesOf(budget.state) : current.budgetOverride,
    ...(raise ? { budgetRaise: overridesOf(raise.state, 'budgetRaise') } : {}),
    raidOverride: raid
      ? raidMode === 'on' || raidMode === 'off'
        ? raidMode
        : undefined
      : current.raidOverride,
  };
  const pauseAt: PauseAt = pause
    ? {
        paused,
        ...(typeof reason === 'string' ? { reason } : {}),
        ...(paused && pause.applied ? { sinceMs: pause.record.whenMs, by: pause.record.who } : {}),
      }
    : currentPause;
  return {
    control,
    pause: pauseAt,
    fromAudit: {
      pause: pause !== undefined,
      budget: budget !== undefined,
      raid: raid !== undefined,
    },
  };
}
