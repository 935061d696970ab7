/**
 * The one config of antirelou, shared by the stack (`cdk synth`), the simulator (`--config`)
 * and the maintainers' CLI. Validated with zod; every field has a documented default except
 * the number itself. See `config/antirelou.json` and the README's "Configuration" section.
 */
import { isPossiblePhoneNumber } from 'libphonenumber-js/min';
import { z } from 'zod';
import { MAX_SEND_LATENESS_SECONDS } from '../../lambda/domain/scheduled-reply';
import { isWholeMicros } from './money';
import { DEFAULT_HELP, DEFAULT_PRICES, DEFAULT_REPLY } from './defaults';
import {
  DEFAULT_FLOOD_INBOUND_PER_MINUTE,
  DEFAULT_STOP_MESSAGE,
  KEYWORD_MESSAGE_MAX_CHARS,
  SEND_VIA,
} from './stack-defaults';

const COUNTRY = z
  .string()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code in capitals, e.g. "FR"');

const E164 = z
  .string()
  .refine((value) => /^\+[1-9]\d{4,14}$/.test(value) && isPossiblePhoneNumber(value), {
    message: 'must be a phone number in E.164 form, e.g. "+33700000000"',
  });

/** An amount in currency units with at most six decimals (stored as integer micro-units). */
const amount = (what: string) =>
  z
    .number({ error: `${what} must be a number in currency units, e.g. 25 or 0.075` })
    .nonnegative(`${what} cannot be negative`)
    .refine(isWholeMicros, `${what} has more than 6 decimals (amounts are kept in micro-units)`);

/**
 * The price of one SMS segment per destination country, in the budget's currency: each above 0.
 * At 0 (or below) a reply costs nothing, so no budget (hour, day, month, raid) would ever stop a
 * single SMS. Checked on the whole record, so that each message names its country.
 */
const prices = z
  .record(
    COUNTRY,
    z.number({
      error: (issue) =>
        `prices.${String(issue.path?.at(-1) ?? '<country>')} must be the price of one SMS segment, ` +
        'a number in currency units, e.g. 0.075',
    }),
  )
  .superRefine((table, ctx) => {
    for (const [country, value] of Object.entries(table)) {
      const field = `prices.${country}`;
      if (!(value > 0)) {
        ctx.addIssue({
          code: 'custom',
          path: [country],
          message:
            `${field} must be above 0, not ${value}: at that price every budget cap is meaningless. ` +
            `Put the price of one SMS segment to ${country}, in the budget's currency, e.g. "${country}": 0.075`,
        });
      } else if (!isWholeMicros(value)) {
        ctx.addIssue({
          code: 'custom',
          path: [country],
          message: `${field} has more than 6 decimals (amounts are kept in micro-units)`,
        });
      }
    }
  });

const text = (fallback: string) =>
  z
    .union([
      z.string(),
      z.strictObject({
        default: z.string(),
        byCountry: z.record(COUNTRY, z.string()).default({}),
      }),
    ])
    .default(fallback)
    .transform((value) => (typeof value === 'string' ? { default: value, byCountry: {} } : value))
    .superRefine((value, ctx) => {
      const bodies: [string, string][] = [
        ['default', value.default],
        ...Object.entries(value.byCountry),
      ];
      for (const [where, body] of bodies) {
        if (body.trim().length === 0)
          ctx.addIssue({ code: 'custom', message: `${where} text is empty` });
        if (body.length > 1600) {
          ctx.addIssue({ code: 'custom', message: `${where} text is over 1600 characters` });
        }
      }
    });

/**
 * The number's mandatory HELP/STOP keyword messages. CloudFormation requires both, but the stack
 * turns on self-managed opt-outs (the responder answers HELP and records STOP itself), so AWS
 * does not send them: they only show in the console and matter if self-managed opt-outs are ever
 * turned off. See the README, "Who answers STOP and HELP".
 */
const keywordMessages = z
  .strictObject({
    /** Default: the config's `help` text (its default language). */
    help: z
      .string()
      .trim()
      .min(1, 'number.keywords.help is empty')
      .max(
        KEYWORD_MESSAGE_MAX_CHARS,
        `number.keywords.help is over ${KEYWORD_MESSAGE_MAX_CHARS} characters`,
      )
      .optional(),
    stop: z
      .string()
      .trim()
      .min(1, 'number.keywords.stop is empty')
      .max(
        KEYWORD_MESSAGE_MAX_CHARS,
        `number.keywords.stop is over ${KEYWORD_MESSAGE_MAX_CHARS} characters`,
      )
      .default(DEFAULT_STOP_MESSAGE),
  })
  .default({ stop: DEFAULT_STOP_MESSAGE });

const createNumber = z.strictObject({
  mode: z.literal('create'),
  isoCountryCode: COUNTRY,
  numberType: z.enum(['LONG_CODE', 'TOLL_FREE', 'TEN_DLC', 'SIMULATOR']).default('LONG_CODE'),
  /** Registration id, when the country requires one (e.g. US 10DLC / toll-free). */
  registrationId: z.string().optional(),
  deletionProtection: z.boolean().default(true),
  keywords: keywordMessages,
});

const existingNumber = z.strictObject({
  mode: z.literal('existing'),
  /** `phone-…` id or ARN of an End User Messaging SMS phone number, or a `pool-…` id/ARN. */
  phoneNumberId: z
    .string()
    .regex(
      /^(phone-[0-9a-z]+|pool-[0-9a-z]+|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool)\/(phone|pool)-[0-9a-z]+)$/,
      'must be a phone number id ("phone-…"), a pool id ("pool-…") or their ARN',
    ),
});

/** Scheduled replies must fire well inside the sender window (README, "The safety delay"). */
export const REPLY_DELAY_MAX_SECONDS = 24 * 3600;
/** Below a minute a schedule is pointless (EventBridge Scheduler fires within its minute). */
export const REPLY_DELAY_MIN_SECONDS = 60;

const DURATION_HINT =
  'a number of minutes (20), or a duration such as "90s", "20m", "1h" or "1h30m"';

/** Seconds of a duration (a number of minutes, or `"90s"`, `"20m"`, `"1h30m"`); undefined if bad. */
function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') {
    const seconds = value * 60;
    return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (/^\s*0+\s*$/.test(value)) return 0;
  const match = /^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$/.exec(value);
  if (!match || (match[1] ?? match[2] ?? match[3]) === undefined) return undefined;
  const [h, m, s] = [match[1], match[2], match[3]].map((part) => Number(part ?? 0));
  return h! * 3600 + m! * 60 + s!;
}

/**
 * The safety delay: one duration, or `{min, max}` for a delay drawn at random in that range.
 * Resolved to seconds; `0` sends at once.
 */
const replyDelay = z
  .union([z.number(), z.string(), z.strictObject({ min: z.unknown(), max: z.unknown() })], {
    error: `replyDelay must be ${DURATION_HINT}, 0 for no delay, or {"min": …, "max": …}`,
  })
  .default(20)
  .transform((value, ctx) => {
    const problem = (message: string): typeof z.NEVER => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const range = typeof value === 'object' ? value : { min: value, max: value };
    const name = (bound: string): string =>
      typeof value === 'object' ? `replyDelay.${bound}` : 'replyDelay';
    const minSeconds = durationSeconds(range.min);
    if (minSeconds === undefined) {
      return problem(`${name('min')} must be ${DURATION_HINT}, not ${JSON.stringify(range.min)}`);
    }
    const maxSeconds = durationSeconds(range.max);
    if (maxSeconds === undefined) {
      return problem(`${name('max')} must be ${DURATION_HINT}, not ${JSON.stringify(range.max)}`);
    }
    if (minSeconds > maxSeconds) return problem('replyDelay.min is above replyDelay.max');
    if (maxSeconds > REPLY_DELAY_MAX_SECONDS) {
      return problem('replyDelay is over 24 hours (24h at most)');
    }
    if (maxSeconds > 0 && minSeconds < REPLY_DELAY_MIN_SECONDS) {
      return problem('replyDelay must be 0 (reply at once) or at least 1 minute ("1m")');
    }
    return { minSeconds, maxSeconds };
  });

/**
 * The canned-text signal (`raid.cannedText`): many fresh senders with the same text in one UTC
 * hour is a raid, whatever the rate. Separate block so that its defaults are stated once.
 */
export const CANNED_TEXT_DEFAULTS = {
  enabled: true,
  threshold: 8,
  sharePercent: 10,
  minLetters: 12,
} as const;

const cannedText = z.strictObject({
  enabled: z.boolean().default(CANNED_TEXT_DEFAULTS.enabled),
  /** A text fires at the fresh sender that brings its count in the hour to this… */
  threshold: z
    .number()
    .int('raid.cannedText.threshold must be a whole number')
    .min(2, 'raid.cannedText.threshold must be at least 2')
    .max(100_000)
    .default(CANNED_TEXT_DEFAULTS.threshold),
  /** …when that count is also at least this share of the last 60 minutes' inbound SMS (a launch rush). */
  sharePercent: z
    .number()
    .min(0, 'raid.cannedText.sharePercent must be between 0 and 100')
    .max(100, 'raid.cannedText.sharePercent must be between 0 and 100')
    .default(CANNED_TEXT_DEFAULTS.sharePercent),
  /** Texts with fewer letters (after normalisation) are never counted: "bonjour", "salut ça va". */
  minLetters: z
    .number()
    .int('raid.cannedText.minLetters must be a whole number')
    .min(1, 'raid.cannedText.minLetters must be at least 1')
    .max(1000)
    .default(CANNED_TEXT_DEFAULTS.minLetters),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** Our number: the destination of inbound SMS and the origination of replies. */
    originationNumber: E164,
    number: z.discriminatedUnion('mode', [createNumber, existingNumber], {
      error: 'number.mode must be "create" or "existing"',
    }),
    reply: text(DEFAULT_REPLY),
    help: text(DEFAULT_HELP),
    budget: z
      .strictObject({
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. "EUR"')
          .default('EUR'),
        hour: amount('budget.hour').default(5),
        day: amount('budget.day').default(40),
        month: amount('budget.month').default(300),
        /**
         * The most `antirelou budget raise` may set each cap to at run time (donations), in
         * currency units; each at least its cap. Default: the caps (no raise possible).
         */
        ceiling: z
          .strictObject({
            hour: amount('budget.ceiling.hour').optional(),
            day: amount('budget.ceiling.day').optional(),
            month: amount('budget.ceiling.month').optional(),
          })
          .optional(),
        timeZone: z.string().default('UTC'),
      })
      .default({ currency: 'EUR', hour: 5, day: 40, month: 300, timeZone: 'UTC' }),
    /**
     * Price of one SMS segment per destination country, in the budget currency, above 0. The
     * default table is parsed like a config's own prices (`prefault`, not `default`), so that it
     * cannot bring a free SMS in either.
     */
    prices: prices.prefault(() => ({ ...DEFAULT_PRICES })),
    /** `AWS.SNS.SMS.MaxPrice`: the most one SMS (all its segments) may cost, in USD. */
    maxPriceUsd: z.number().positive('maxPriceUsd must be above 0').max(10).default(0.5),
    allowedCountries: z
      .array(COUNTRY)
      .min(1, 'allowedCountries needs at least one country')
      .default(['FR']),
    /**
     * Reply to these numbers only (E.164), on top of every other rule; absent: anyone in
     * `allowedCountries`. For a rehearsal on a SIMULATOR number, whose replies can only reach
     * AWS's destination simulator numbers (`config/rehearsal.json`).
     */
    replyOnlyTo: z
      .array(E164)
      .min(1, 'replyOnlyTo needs at least one number, or leave it out to reply to anyone')
      .optional(),
    senderWindowDays: z.number().int().min(1).max(366).default(30),
    evidenceRetentionDays: z.number().int().min(1).max(3650).default(365),
    /**
     * The safety delay before each reply (default 20 minutes, `0`: at once, at most 24 hours),
     * or `{"min": "15m", "max": "45m"}` for a random delay in that range.
     */
    replyDelay,
    /**
     * The waiting list (docs/design.md, "The waiting list"): a sender refused only because the
     * hour's or the day's money is spent waits for the next period that has money, at most
     * `maxWaitHours`, instead of being dropped. It uses the safety delay's scheduler: with
     * `replyDelay` 0 it is off.
     */
    waitingList: z
      .strictObject({
        enabled: z.boolean().default(true),
        /**
         * Default: 24 hours, or less when the sender window is short (the wait, the safety delay
         * and 12 hours of lateness end inside the window); under an hour, the list is off.
         */
        maxWaitHours: z
          .number()
          .int('waitingList.maxWaitHours must be a whole number of hours')
          .min(1, 'waitingList.maxWaitHours must be at least 1')
          .max(72, 'waitingList.maxWaitHours must be at most 72')
          .optional(),
        /**
         * At most this many senders join the list per budget day. Default: twice the replies the
         * day's budget buys (those past it could not be served before they expire anyway).
         */
        maxPerDay: z
          .number()
          .int('waitingList.maxPerDay must be a whole number')
          .min(1, 'waitingList.maxPerDay must be at least 1')
          .max(100_000, 'waitingList.maxPerDay must be at most 100000')
          .optional(),
      })
      .default({ enabled: true }),
    alarmEmail: z.email('alarmEmail must be an e-mail address').optional(),
    /**
     * Sets AWS's own monthly SMS spend limit (whole USD) on the send path, as a last backstop:
     * End User Messaging's text spend limit (`sms-voice`) or SNS's `MonthlySpendLimit` (`sns`).
     * A limit AWS refuses is reported (stack output `AccountSpendLimit`), never a failed deploy.
     */
    accountMonthlySpendLimitUsd: z.number().int().positive().optional(),
    /**
     * How the responder sends replies: SNS `Publish` (the default the users asked for) or
     * End User Messaging SMS `SendTextMessage` (per-message MaxPrice refusal, configuration set,
     * protect configuration).
     */
    sendVia: z
      .enum(SEND_VIA, {
        error: `sendVia must be one of ${SEND_VIA.map((v) => `"${v}"`).join(', ')}`,
      })
      .default('sns'),
    /** End User Messaging configuration set (name or ARN) for `sendVia: "sms-voice"`. */
    configurationSetName: z
      .string()
      .regex(
        /^([A-Za-z0-9_-]{1,64}|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:configuration-set\/[A-Za-z0-9_-]{1,64})$/,
        'configurationSetName must be a configuration set name (letters, digits, _ and -, up to 64) or its ARN',
      )
      .optional(),
    /**
     * Makes the stack's protect configuration (allow-list countries only) the account default, so
     * that it also applies to SNS sends. Account-wide, so off unless asked for.
     */
    protectConfigurationAccountDefault: z.boolean().default(false),
    /** Alarm thresholds that are not budgets. */
    alarms: z
      .strictObject({
        /** Inbound SMS per minute (3 minutes out of 5) that raise the flood alarm. */
        floodInboundPerMinute: z
          .number()
          .int('alarms.floodInboundPerMinute must be a whole number')
          .min(1, 'alarms.floodInboundPerMinute must be at least 1')
          .default(DEFAULT_FLOOD_INBOUND_PER_MINUTE),
        /**
         * The account's month-to-date SMS spend (USD) that raises the spend alarm, on the send
         * path's metric (`AWS/SMSVoice TextMessageMonthlySpend` or `AWS/SNS
         * SMSMonthToDateSpentUSD`). Default: `budget.month`, read as USD.
         */
        smsSpendUsd: z.number().positive('alarms.smsSpendUsd must be above 0').optional(),
      })
      .default({ floodInboundPerMinute: DEFAULT_FLOOD_INBOUND_PER_MINUTE }),
    /** Flood detection and raid mode (README, "When a raid comes"). */
    raid: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Raid mode when a minute's inbound reaches this many times the last hour's mean… */
        floodFactor: z
          .number()
          .min(1.5, 'raid.floodFactor must be at least 1.5')
          .max(1000)
          .default(10),
        /** …and at least this many SMS in the minute (a new number has no baseline). */
        floodFloorPerMinute: z.number().int().min(1).default(60),
        /** Raid mode ends after this many minutes under the threshold. */
        quietMinutes: z.number().int().min(1).max(1440).default(20),
        /** The hourly budget in raid mode, currency units (it never raises `budget.hour`). */
        hourBudget: amount('raid.hourBudget').default(1),
        /** In raid mode, reply only to numbers never seen before. */
        newSendersOnly: z.boolean().default(true),
        /** Each Lambda container adds its inbound count to the shared counter this often… */
        flushSeconds: z.number().int().min(1).max(60).default(5),
        /** …or after this many messages. */
        flushCount: z.number().int().min(1).max(1000).default(20),
        /** The canned-text signal, below the flood floor (README, "When a raid comes"). */
        cannedText: cannedText.default(CANNED_TEXT_DEFAULTS),
      })
      .default({
        enabled: true,
        floodFactor: 10,
        floodFloorPerMinute: 60,
        quietMinutes: 20,
        hourBudget: 1,
        newSendersOnly: true,
        flushSeconds: 5,
        flushCount: 20,
        cannedText: CANNED_TEXT_DEFAULTS,
      }),
    /** Abuse flagging: flagged senders get no reply, ever; their messages are kept as evidence. */
    abuse: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Flag messages with insults, threats or slurs (FR/EN lexicons). */
        contentFlagging: z.boolean().default(true),
        /** Flag a sender after this many messages within the sender window. */
        maxMessagesPerWindow: z.number().int().min(2).max(100_000).default(30),
      })
      .default({ enabled: true, contentFlagging: true, maxMessagesPerWindow: 30 }),
    responder: z
      .strictObject({
        /** Lambda reserved concurrency: a cost circuit breaker. */
        reservedConcurrency: z.number().int().min(1).max(100).default(5),
        timeoutSeconds: z.number().int().min(3).max(120).default(30),
        controlCacheSeconds: z.number().int().min(0).max(600).default(30),
        maxBodyChars: z.number().int().min(160).max(5000).default(1600),
      })
      .default({
        reservedConcurrency: 5,
        timeoutSeconds: 30,
        controlCacheSeconds: 30,
        maxBodyChars: 1600,
      }),
  })
  .superRefine((config, ctx) => {
    const { hour, day, month } = config.budget;
    if (hour > day)
      ctx.addIssue({
        code: 'custom',
        path: ['budget', 'hour'],
        message: 'budget.hour is above budget.day',
      });
    if (day > month)
      ctx.addIssue({
        code: 'custom',
        path: ['budget', 'day'],
        message: 'budget.day is above budget.month',
      });
    for (const period of ['hour', 'day', 'month'] as const) {
      const ceiling = config.budget.ceiling?.[period];
      const cap = config.budget[period];
      if (ceiling !== undefined && ceiling < cap) {
        ctx.addIssue({
          code: 'custom',
          path: ['budget', 'ceiling', period],
          message:
            `budget.ceiling.${period} (${ceiling}) is below budget.${period} (${cap}): the ceiling ` +
            `is the most \`antirelou budget raise\` may set the cap to; make it at least ` +
            `${cap}, or remove it (then no raise is possible)`,
        });
      }
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: config.budget.timeZone });
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['budget', 'timeZone'],
        message: `unknown time zone "${config.budget.timeZone}": use an IANA name such as "Europe/Paris" or "UTC"`,
      });
    }
    if (config.configurationSetName !== undefined && config.sendVia !== 'sms-voice') {
      ctx.addIssue({
        code: 'custom',
        path: ['configurationSetName'],
        message:
          'configurationSetName is used only by sendVia "sms-voice": set "sendVia": "sms-voice" or remove it',
      });
    }
    const windowSeconds = config.senderWindowDays * 86_400;
    if (config.replyDelay.maxSeconds + MAX_SEND_LATENESS_SECONDS >= windowSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['replyDelay'],
        message:
          'replyDelay must end at least 12 hours before the sender window (senderWindowDays) does ' +
          '(a late reply may wait that long for its retries): ' +
          'shorten replyDelay or lengthen senderWindowDays',
      });
    }
    if (
      config.waitingList.enabled &&
      config.waitingList.maxWaitHours !== undefined &&
      config.replyDelay.maxSeconds > 0 &&
      config.replyDelay.maxSeconds +
        config.waitingList.maxWaitHours * 3600 +
        MAX_SEND_LATENESS_SECONDS >=
        windowSeconds
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['waitingList', 'maxWaitHours'],
        message:
          'waitingList.maxWaitHours plus replyDelay must end at least 12 hours before the sender ' +
          'window (senderWindowDays) does: shorten waitingList.maxWaitHours or lengthen senderWindowDays',
      });
    }
    for (const country of config.allowedCountries) {
      if (config.prices[country] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['prices', country],
          message: `allowedCountries has ${country} but prices has no price for it: add "prices": {"${country}": <price per segment>}`,
        });
      }
    }
  });

/** The config file as written (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** The validated config, defaults applied. */
export type AntirelouConfig = z.output<typeof configSchema>;
