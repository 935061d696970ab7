/**
 * Types shared by the responder's pure core, its adapters and the tools that drive it.
 * Money is always in integer micro-units of the budget's currency; time in epoch milliseconds.
 */
import type { WaitingSettings } from './waiting';
import type { LearnedPrice } from './learned-price';

/** An SMS text with its encoding and segment count, computed once when the config is resolved. */
export interface SmsText {
  readonly body: string;
  readonly encoding: 'GSM-7' | 'UCS-2';
  readonly segments: number;
}

/** Texts per ISO 3166 alpha-2 country, with a default for countries that have none. */
export interface LocalisedText {
  readonly default: SmsText;
  readonly byCountry: Readonly<Record<string, SmsText>>;
}

/** Texts set at run time (`antirelou reply set`), over the config's: a default and/or per country. */
export interface RuntimeTexts {
  readonly default?: SmsText;
  readonly byCountry: Readonly<Record<string, SmsText>>;
}

/** Spending caps, in micro-units of the budget currency. */
export interface BudgetCaps {
  readonly hourMicros: number;
  readonly dayMicros: number;
  readonly monthMicros: number;
}

/** The three calendar periods a reservation is counted in. */
export type Period = 'hour' | 'day' | 'month';
export const PERIODS: readonly Period[] = ['hour', 'day', 'month'];

/** Amount spent per calendar period, in micro-units. */
export type PeriodAmounts = Readonly<Record<Period, number>>;

/**
 * Everything the responder needs to decide, resolved and validated by the config module
 * (`lib/config`) and handed to the Lambda as JSON in its environment.
 */
export interface ResponderSettings {
  /** Our number, E.164: the only `destinationNumber` we answer, and the origination of replies. */
  readonly originationNumber: string;
  /** When set, records from any other topic are dropped (`wrong_topic`). */
  readonly inboundTopicArn?: string;
  /** The one polite reply. */
  readonly reply: LocalisedText;
  /** The answer to HELP / AIDE / INFO (it costs money too, and uses the sender's one reply). */
  readonly help: LocalisedText;
  /**
   * Caps from the config; the admin CLI may lower them at run time (`budget set`), and raise them
   * (`budget raise`) up to `ceiling`, never above.
   */
  readonly budget: BudgetCaps & {
    /** The most `budget raise` may set (config `budget.ceiling`); absent: the caps (no raise). */
    readonly ceiling?: BudgetCaps;
    readonly currency: string;
    /** IANA time zone of the calendar hour/day/month (default `UTC`). */
    readonly timeZone: string;
  };
  /** Price of one SMS segment per destination country, in micro-units of the budget currency. */
  readonly segmentPriceMicros: Readonly<Record<string, number>>;
  /** SNS `AWS.SNS.SMS.MaxPrice`, in USD, per SMS (all segments). */
  readonly maxPriceUsd: number;
  /** ISO countries whose mobile numbers get replies (default `['FR']`). */
  readonly allowedCountries: readonly string[];
  /**
   * When set, only these senders (E.164) get replies, on top of every other rule: a rehearsal on
   * a SIMULATOR number, which can reach AWS's destination simulator numbers only.
   */
  readonly replyOnlyTo?: readonly string[];
  /** At most one reply per sender in this many seconds (default 30 days). */
  readonly senderWindowSeconds: number;
  /** How long the runtime controls (pause, budget overrides) are cached, in seconds. */
  readonly controlCacheSeconds: number;
  /** Longest accepted inbound body, in UTF-16 code units. */
  readonly maxBodyChars: number;
  /**
   * How replies are sent: SNS `Publish` (default) or End User Messaging SMS `SendTextMessage`.
   * Set by the stack; absent in local tools, which use SNS semantics.
   */
  readonly sendVia?: 'sns' | 'sms-voice';
  /**
   * `sms-voice` only: the origination identity (the number's or pool's ARN, so that IAM can be
   * scoped to it). Default: `originationNumber`.
   */
  readonly originationIdentity?: string;
  /** `sms-voice` only: End User Messaging configuration set name or ARN. */
  readonly configurationSetName?: string;
  /** `sms-voice` only: the protect configuration (country rules) applied to each send. */
  readonly protectConfigurationId?: string;
  /** Flood detection and raid mode; absent: off. */
  readonly raid?: RaidSettings;
  /** Abuse flagging; absent: off. */
  readonly abuse?: AbuseSettings;
  /** How long evidence records are kept (TTL), in seconds. */
  readonly evidenceRetentionSeconds?: number;
  /** The safety delay before a reply goes out (README, "The safety delay"); absent: at once. */
  readonly replyDelay?: ReplyDelaySettings;
  /**
   * The waiting list for senders refused for the hour's or the day's money (`domain/waiting.ts`);
   * absent: off. It needs `replyDelay` (the scheduler).
   */
  readonly waitingList?: WaitingSettings;
  /**
   * Receipts (`sendVia: "sms-voice"` with the stack's configuration set): every reply is tagged
   * for its receipts, which true up the budget with what AWS billed; absent: off.
   */
  readonly receipts?: ReceiptSettings;
}

/** How receipts are read and learned from (`lambda/receipts.ts`, `domain/learned-price.ts`). */
export interface ReceiptSettings {
  /**
   * Units of the budget currency one USD buys (receipts are in USD); 1 when the budget is in
   * USD or no rate is configured (USD read as the budget currency).
   */
  readonly perUsd: number;
  /** The day the rate was read (config), shown by `status`; absent with no configured rate. */
  readonly rateDate?: string;
  /** A learned price is at most this many times the configured one. */
  readonly maxPriceFactor: number;
}

/**
 * Each reply waits a delay drawn uniformly in `[minSeconds, maxSeconds]` (equal bounds: a fixed
 * delay), so that whoever texts the number has moved on before the answer arrives.
 */
export interface ReplyDelaySettings {
  readonly minSeconds: number;
  readonly maxSeconds: number;
}

/** Flood detection and raid mode (see the README, "When a raid comes"). */
export interface RaidSettings {
  /** Raid mode starts when a minute's inbound count reaches `factor` × the baseline… */
  readonly floodFactor: number;
  /** …and at least this many messages (a new number has no baseline). */
  readonly floodFloorPerMinute: number;
  /** Raid mode ends after this many minutes under the threshold. */
  readonly quietMinutes: number;
  /** The hourly cap in raid mode, micro-units (lower than the normal one). */
  readonly hourMicros: number;
  /** In raid mode, reply only to senders never seen before. */
  readonly newSendersOnly: boolean;
  /** A container adds its inbound count to the shared counter at least this often… */
  readonly flushSeconds: number;
  /** …or after this many messages. */
  readonly flushCount: number;
  /** The canned-text signal, below the flood floor; absent: off. */
  readonly cannedText?: CannedTextSettings;
}

/**
 * The canned-text signal: when `threshold` fresh senders send the same text (after
 * normalisation, see `domain/fingerprint.ts`) within one UTC hour, and they are at least
 * `sharePercent` of the last 60 minutes' inbound SMS, those senders get no reply (`canned_text`) until an
 * hour after the last sender that found the text over both.
 */
export interface CannedTextSettings {
  readonly threshold: number;
  /** Real people in a launch rush send common phrases too, but each is a small share. */
  readonly sharePercent: number;
  /** Shorter texts ("bonjour", "salut ça va", "?") are common among real people: not counted. */
  readonly minLetters: number;
}

/** Abuse flagging: content (lexicons) and heavy repeaters. */
export interface AbuseSettings {
  /** Flag senders whose message contains insults, threats or slurs. */
  readonly contentFlagging: boolean;
  /** Flag a sender after this many messages within the sender window. */
  readonly maxMessagesPerWindow: number;
}

/** The shared raid state, kept on the control item. */
export interface RaidState {
  readonly active: boolean;
  readonly sinceMs?: number;
  /** Last time a minute's count reached the threshold. */
  readonly lastFloodMs?: number;
  /** Baseline (messages per minute) frozen when raid mode started. */
  readonly baselinePerMinute?: number;
}

/** Runtime controls stored in the table and changed by the maintainers' CLI. */
export interface ControlState {
  readonly paused: boolean;
  readonly pausedReason?: string;
  /** Lower caps set at run time (never above the config's hard caps). */
  readonly budgetOverride: Partial<BudgetCaps>;
  /** Higher caps set at run time (`budget raise`); the responder clamps them to the ceiling. */
  readonly budgetRaise?: Partial<BudgetCaps>;
  /** Reply and help texts set at run time (`reply set`), over the config's. */
  readonly texts?: { readonly reply?: RuntimeTexts; readonly help?: RuntimeTexts };
  /** The maintainers' override of flood detection: force raid mode on or off. */
  readonly raidOverride?: 'on' | 'off';
  /** Raid mode as flood detection last set it. */
  readonly raid: RaidState;
  /** Prices learned from receipts, per country (`domain/learned-price.ts`). */
  readonly learnedPrices?: Readonly<Record<string, LearnedPrice>>;
}

export const DEFAULT_CONTROL: ControlState = {
  paused: false,
  budgetOverride: {},
  raid: { active: false },
};

/** Whether raid mode is in force, the maintainers' override first. */
export function raidModeOn(control: ControlState): boolean {
  if (control.raidOverride === 'on') return true;
  if (control.raidOverride === 'off') return false;
  return control.raid.active;
}

/** Why an inbound SMS got no reply. Metric dimensions and alarms use these exact strings. */
export const DROP_REASONS = [
  // the record itself
  'malformed_record',
  'wrong_topic',
  'too_large',
  'bad_json',
  'missing_field',
  'bad_field',
  'wrong_destination',
  'invalid_sender',
  'not_mobile',
  'body_too_long',
  'control_characters',
  // the policy
  'country_not_allowed',
  'not_on_reply_list',
  'no_price',
  'paused',
  'duplicate',
  'window',
  'opted_out',
  'blocked',
  'flagged',
  'budget_hour',
  'budget_day',
  'budget_month',
  'contention',
  // raid defence
  'abusive',
  'repeater',
  'raid_hour',
  'raid_not_new',
  'canned_text',
  // the send
  'send_failed',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** What the responder did with one inbound record. */
export type Outcome =
  | { readonly kind: 'replied'; readonly text: 'reply' | 'help'; readonly costMicros: number }
  /** Decided and paid for; the dispatcher sends it at `sendAtMs` (the safety delay). */
  | {
      readonly kind: 'scheduled';
      readonly text: 'reply' | 'help';
      readonly costMicros: number;
      readonly sendAtMs: number;
    }
  | { readonly kind: 'send_unknown'; readonly costMicros: number }
  /**
   * Refused for the hour's or the day's money, and on the waiting list: the dispatcher
   * tries again at `sendAtMs` (nothing reserved yet).
   */
  | {
      readonly kind: 'waiting';
      readonly reason: 'budget_hour' | 'budget_day';
      readonly sendAtMs: number;
    }
  | { readonly kind: 'opted_out' }
  | { readonly kind: 'opted_in' }
  | { readonly kind: 'dropped'; readonly reason: DropReason };
