/**
 * The one list of metric names and dimensions: the responder emits them, the stack's alarms
 * and dashboard read them. Rename here and both follow.
 */
export const METRICS_NAMESPACE = 'Antirelou';
export const METRICS_SERVICE = 'antirelou';

export const MetricName = {
  /** Every inbound record, valid or not. */
  Inbound: 'Inbound',
  /** Replies and help texts accepted by the SMS service (with a delay: by the dispatcher). */
  Replies: 'Replies',
  /** Replies decided and paid for, whose send was scheduled (safety delay). */
  RepliesScheduled: 'RepliesScheduled',
  /**
   * Scheduled replies not sent; dimension `Reason`. Their reservation is given back for
   * `opted_out`, `blocked`, `flagged`, `paused`, `send_failed`; not for `stale` (given back
   * already, by the responder) nor `bad_payload` (unreadable).
   */
  RepliesCancelled: 'RepliesCancelled',
  /**
   * Senders put on the waiting list (by the responder) or kept on it (by the dispatcher,
   * when the money is still not there); dimension `Reason` (`budget_hour`, `budget_day`).
   */
  RepliesWaiting: 'RepliesWaiting',
  /** A schedule that fired again for a reply already settled (sent or cancelled): no effect. */
  ScheduleRepeats: 'ScheduleRepeats',
  /** Inbound records that got no reply; dimension `Reason` (see `DROP_REASONS`). */
  Dropped: 'Dropped',
  /** Money reserved for sent replies, micro-units of the budget currency. */
  SpentMicros: 'SpentMicros',
  /** Share of a budget spent after a reservation; dimension `Period` (hour, day, month). */
  BudgetUsedPercent: 'BudgetUsedPercent',
  OptOuts: 'OptOuts',
  OptIns: 'OptIns',
  /** Sends with no definite answer (kept as spent). */
  SendUnknown: 'SendUnknown',
  /** Raid mode switched on by flood detection (count). */
  RaidModeEntered: 'RaidModeEntered',
  /** Raid mode switched off by flood detection (count). */
  RaidModeLeft: 'RaidModeLeft',
  /** 1 while raid mode is in force, 0 otherwise; emitted with every invocation. */
  RaidModeActive: 'RaidModeActive',
  /** Messages flagged as abusive or from a flagged sender, kept as evidence; dimension `Reason`. */
  Flagged: 'Flagged',
  /**
   * Receipts of replies (End User Messaging SMS events) handled by the receipts function;
   * dimension `Reason`: `applied`, `corrected` (a final receipt after a non-final one), or why
   * it moved no money (`RECEIPT_SKIPS`).
   */
  Receipts: 'Receipts',
  /** What AWS billed for receipted replies, micro-units of the budget currency. */
  BilledMicros: 'BilledMicros',
  /** What the budget had counted for those same replies (their estimate). */
  EstimatedMicros: 'EstimatedMicros',
  /** A country's price learned from receipts, micro-units per segment; dimension `Country`. */
  LearnedPriceMicros: 'LearnedPriceMicros',
} as const;

export const Dimension = {
  Service: 'service',
  Reason: 'Reason',
  Period: 'Period',
  Country: 'Country',
} as const;
