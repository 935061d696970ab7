/**
 * What the responder tells the world: one structured log line per record (masked number,
 * never a body) and EMF metrics. The responder talks to the {@link Telemetry} port; production
 * uses Powertools, local tools may pass a quiet one.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SendOutcome } from './domain/scheduled-reply';
import type { Outcome, PeriodAmounts } from './domain/types';
import { PERIODS } from './domain/types';
import { redactNumbers } from './domain/phone';
import { Dimension, MetricName } from './metric-names';
import type { ReceiptOutcome } from './receipts';

/**
 * An error as it may be logged: its name, message and stack with every phone number masked.
 * AWS quotes the number it refused ("Invalid parameter: PhoneNumber Reason: +336… is not valid
 * to publish to"), and a log is kept for weeks.
 */
export function redactedError(error: unknown): { name: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: redactNumbers(String(error)) };
  return {
    name: error.name,
    message: redactNumbers(error.message),
    ...(error.stack === undefined ? {} : { stack: redactNumbers(error.stack) }),
  };
}

/** Safe identifiers of a record for logs: no full number, no body. */
export interface RecordContext {
  readonly inboundMessageId?: string;
  /** Masked number, e.g. `+336******78`. */
  readonly sender?: string;
  /** First characters of the sender's HMAC, to correlate lines without the number. */
  readonly senderRef?: string;
  readonly detail?: string;
}

/** The responder's observability port. */
export interface Telemetry {
  inbound(): void;
  outcome(outcome: Outcome, context: RecordContext): void;
  budgetUsed(percent: PeriodAmounts): void;
  error(message: string, error: unknown, context: RecordContext): void;
  /** Raid mode switched by flood detection. */
  raid(change: 'entered' | 'left'): void;
  /** Whether raid mode is in force (once per invocation). */
  raidActive(active: boolean): void;
  /** A message kept as evidence (`abusive`, `repeater`, `flagged`). */
  flagged(reason: string): void;
  /** Publishes buffered metrics (end of invocation). */
  flush(): void;
}

/** Powertools Logger + Metrics (EMF). */
export class PowertoolsTelemetry implements Telemetry {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  inbound(): void {
    this.metrics.addMetric(MetricName.Inbound, MetricUnit.Count, 1);
  }

  outcome(outcome: Outcome, context: RecordContext): void {
    switch (outcome.kind) {
      case 'replied':
        this.spent('sent', outcome.costMicros);
        break;
      case 'scheduled':
        this.metrics.addMetric(MetricName.RepliesScheduled, MetricUnit.Count, 1);
        break;
      case 'send_unknown':
        this.spent('unknown', outcome.costMicros);
        break;
      case 'waiting':
        this.waiting(outcome.reason);
        break;
      case 'opted_out':
        this.metrics.addMetric(MetricName.OptOuts, MetricUnit.Count, 1);
        break;
      case 'opted_in':
        this.metrics.addMetric(MetricName.OptIns, MetricUnit.Count, 1);
        break;
      case 'dropped': {
        const metric = this.metrics.singleMetric();
        metric.addDimension(Dimension.Reason, outcome.reason);
        metric.addMetric(MetricName.Dropped, MetricUnit.Count, 1);
        break;
      }
    }
    this.logger.info('inbound handled', { outcome, ...context });
  }

  /** A sender put (or kept) on the waiting list. */
  private waiting(reason: string): void {
    const metric = this.metrics.singleMetric();
    metric.addDimension(Dimension.Reason, reason);
    metric.addMetric(MetricName.RepliesWaiting, MetricUnit.Count, 1);
  }

  /** A reply that went out (or may have): counted, and its money as spent. */
  private spent(how: 'sent' | 'unknown', costMicros: number): void {
    const metric = how === 'sent' ? MetricName.Replies : MetricName.SendUnknown;
    this.metrics.addMetric(metric, MetricUnit.Count, 1);
    this.metrics.addMetric(MetricName.SpentMicros, MetricUnit.Count, costMicros);
  }

  /** What the dispatcher did with a scheduled reply. */
  sendOutcome(outcome: SendOutcome, context: RecordContext): void {
    switch (outcome.kind) {
      case 'sent':
        this.spent('sent', outcome.costMicros);
        break;
      case 'send_unknown':
        this.spent('unknown', outcome.costMicros);
        break;
      case 'cancelled': {
        const metric = this.metrics.singleMetric();
        metric.addDimension(Dimension.Reason, outcome.reason);
        metric.addMetric(MetricName.RepliesCancelled, MetricUnit.Count, 1);
        break;
      }
      case 'repeat':
        this.metrics.addMetric(MetricName.ScheduleRepeats, MetricUnit.Count, 1);
        break;
      case 'waiting':
        this.waiting('again');
        break;
    }
    const log = outcome.kind === 'cancelled' && outcome.reason === 'bad_payload' ? 'warn' : 'info';
    this.logger[log]('scheduled reply handled', { outcome, ...context });
  }

  budgetUsed(percent: PeriodAmounts): void {
    for (const period of PERIODS) {
      const metric = this.metrics.singleMetric();
      metric.addDimension(Dimension.Period, period);
      metric.addMetric(MetricName.BudgetUsedPercent, MetricUnit.Percent, percent[period]);
    }
  }

  error(message: string, error: unknown, context: RecordContext): void {
    this.logger.error(message, { ...context, error: redactedError(error) });
  }

  raid(change: 'entered' | 'left'): void {
    this.metrics.addMetric(
      change === 'entered' ? MetricName.RaidModeEntered : MetricName.RaidModeLeft,
      MetricUnit.Count,
      1,
    );
    this.logger.warn(change === 'entered' ? 'raid mode entered' : 'raid mode left');
  }

  raidActive(active: boolean): void {
    this.metrics.addMetric(MetricName.RaidModeActive, MetricUnit.Count, active ? 1 : 0);
  }

  flagged(reason: string): void {
    const metric = this.metrics.singleMetric();
    metric.addDimension(Dimension.Reason, reason);
    metric.addMetric(MetricName.Flagged, MetricUnit.Count, 1);
  }

  /** What the receipts function did with one receipt (its message id only: never the event). */
  receipt(outcome: ReceiptOutcome, messageId: string | undefined): void {
    const metric = this.metrics.singleMetric();
    const reason =
      outcome.kind === 'skipped' ? outcome.reason : outcome.corrected ? 'corrected' : 'applied';
    metric.addDimension(Dimension.Reason, reason);
    metric.addMetric(MetricName.Receipts, MetricUnit.Count, 1);
    if (outcome.kind === 'applied') {
      this.metrics.addMetric(MetricName.BilledMicros, MetricUnit.Count, outcome.billedMicros);
      this.metrics.addMetric(MetricName.EstimatedMicros, MetricUnit.Count, outcome.estimatedMicros);
      if (outcome.learned !== undefined) this.learned(outcome.learned);
    }
    const log = reason === 'bad_event' || reason === 'unknown_message' ? 'warn' : 'info';
    this.logger[log]('receipt handled', { reason, messageId });
  }

  private learned(price: { readonly country: string; readonly micros: number }): void {
    const metric = this.metrics.singleMetric();
    metric.addDimension(Dimension.Country, price.country);
    metric.addMetric(MetricName.LearnedPriceMicros, MetricUnit.Count, price.micros);
    this.logger.warn('price learned from receipts', { ...price });
  }

  flush(): void {
    this.metrics.publishStoredMetrics();
  }
}
