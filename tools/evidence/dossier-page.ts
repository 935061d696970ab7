/**
 * What `dossier.html` is made from: the records and the facts gathered around them. Built by the
 * `dossier` command, rendered by `dossier-html.ts`; nothing here reads a table or a clock.
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import type { AttackSummary } from './attack-summary';
import type { ChartSeries } from './chart-series';
import type { DossierLanguage } from './local-time';
import type { RaidPeriod } from './raid-periods';

/** Everything the page shows. */
export interface DossierPage {
  readonly lang: DossierLanguage;
  /** The budget's time zone: every time is shown in it, with its UTC offset. */
  readonly timeZone: string;
  /** The numbers the messages were sent to (ours), E.164. */
  readonly ourNumbers: readonly string[];
  /** `local state …`, `stack Antirelou (eu-west-3)`. */
  readonly source: string;
  /** `antirelou 0.1.0 (npx antirelou dossier)`. */
  readonly generator: string;
  readonly generatedAtMs: number;
  /** The range searched, [sinceMs, untilMs). */
  readonly sinceMs: number;
  readonly untilMs: number;
  /** `--sender`, E.164. */
  readonly sender?: string;
  /** In export order. */
  readonly records: readonly EvidenceRecord[];
  readonly summary: AttackSummary;
  /** Undefined: no record, nothing to draw. */
  readonly series: ChartSeries | undefined;
  /** All inbound messages over the chart's span; undefined: no counter could be read. */
  readonly inbound: { readonly total: number; readonly peakPerMinute: number } | undefined;
  readonly raid: {
    /** False: flood detection is off in the config. */
    readonly enabled: boolean;
    readonly periods: readonly RaidPeriod[];
    readonly override?: 'on' | 'off';
  };
  readonly chainHead: string;
}
