/**
 * The one config of antirelou, shared by the stack (`cdk synth`), the simulator (`--config`)
 * and the maintainers' CLI. Validated with zod; every field has a documented default except
 * the number itself. See `config/antirelou.json` and docs/config.md (generated from this file).
 */
import { isPossiblePhoneNumber } from 'libphonenumber-js/min';
import { z } from 'zod';
import { MAX_SEND_LATENESS_SECONDS } from '../../lambda/domain/scheduled-reply';
import { isWholeMicros } from './money';
import { DEFAULT_HELP, DEFAULT_REPLY } from './defaults';
import { DEFAULT_PRICES } from './sms-prices';
import { receiptsSchema } from './receipts-schema';
import {
  DEFAULT_FLOOD_INBOUND_PER_MINUTE,
  DEFAULT_STOP_MESSAGE,
  KEYWORD_MESSAGE_MAX_CHARS,
  SEND_VIA,
} from './stack-defaults';

/*
 * Each default is stated once, on its field. An object whose fields all have defaults is
 * `.prefault({})`, not `.default({...})`: zod's API docs (zod.dev/api, "Prefaults", read
 * 2026-11-29): "In Zod, setting a *default* value will short-circuit the parsing process. If the
 * input is `undefined`, the default value is eagerly returned." and "If the input is
 * `undefined`, this value will be parsed instead. The parsing process is *not* short
 * circuited." So `{}` is parsed, and each field's own default applies.
 * User-facing descriptions are `.describe(…)`, so that `npm run config:docs` (docs/config.md,
 * from `z.toJSONSchema`) carries them; JSDoc is for developers only.
 */

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

const keywordMessages = z
  .strictObject({
    help: z
      .string()
      .trim()
      .min(1, 'number.keywords.help is empty')
      .max(
        KEYWORD_MESSAGE_MAX_CHARS,
        `number.keywords.help is over ${KEYWORD_MESSAGE_MAX_CHARS} characters`,
      )
      .optional()
      .describe("The HELP message. Default: the config's `help` text (its default language)."),
    stop: z
      .string()
      .trim()
      .min(1, 'number.keywords.stop is empty')
      .max(
        KEYWORD_MESSAGE_MAX_CHARS,
        `number.keywords.stop is over ${KEYWORD_MESSAGE_MAX_CHARS} characters`,
      )
      .default(DEFAULT_STOP_MESSAGE)
      .describe('The STOP message.'),
  })
  .prefault({})
  .describe(
    "The number's mandatory HELP/STOP keyword messages (`create` only). CloudFormation requires " +
      'both, but the stack turns on self-managed opt-outs (the responder answers HELP and records ' +
      'STOP itself), so AWS does not send them: they only show in the console and matter if ' +
      'self-managed opt-outs are ever turned off. See [Who answers STOP and HELP]' +
      '(design.md#who-answers-stop-and-help).',
  );

const createNumber = z.strictObject({
  mode: z.literal('create').describe('The stack provisions the number.'),
  isoCountryCode: COUNTRY.describe("The number's country."),
  numberType: z
    .enum(['LONG_CODE', 'TOLL_FREE', 'TEN_DLC', 'SIMULATOR'])
    .default('LONG_CODE')
    .describe('What AWS provisions by API (`lib/config/number-rules.ts`; synth refuses the rest).'),
  registrationId: z
    .string()
    .optional()
    .describe('Registration id, when the country requires one (e.g. US 10DLC / toll-free).'),
  deletionProtection: z.boolean().default(true).describe('Deletion protection of the number.'),
  keywords: keywordMessages,
});

const existingNumber = z.strictObject({
  mode: z.literal('existing').describe('A number or pool already in the account.'),
  phoneNumberId: z
    .string()
    .regex(
      /^(phone-[0-9a-z]+|pool-[0-9a-z]+|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool)\/(phone|pool)-[0-9a-z]+)$/,
      'must be a phone number id ("phone-…"), a pool id ("pool-…") or their ARN',
    )
    .describe(
      '`phone-…` id or ARN of an End User Messaging SMS phone number already in the account, or ' +
        'a `pool-…` id/ARN: the way for France, see [Go live](deploy.md#go-live).',
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

/** The safety delay, resolved to seconds. */
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
  })
  .describe(
    'The [safety delay](design.md#the-safety-delay) before each reply: minutes, or "90s", "20m", ' +
      '"1h30m"; `0` replies at once; at most "24h"; `{"min": "15m", "max": "45m"}` draws each ' +
      'delay at random in that range.',
  );

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
  enabled: z
    .boolean()
    .default(CANNED_TEXT_DEFAULTS.enabled)
    .describe('Turns the canned-text signal on.'),
  threshold: z
    .number()
    .int('raid.cannedText.threshold must be a whole number')
    .min(2, 'raid.cannedText.threshold must be at least 2')
    .max(100_000)
    .default(CANNED_TEXT_DEFAULTS.threshold)
    .describe('A text fires at the fresh sender that brings its count in the hour to this…'),
  sharePercent: z
    .number()
    .min(0, 'raid.cannedText.sharePercent must be between 0 and 100')
    .max(100, 'raid.cannedText.sharePercent must be between 0 and 100')
    .default(CANNED_TEXT_DEFAULTS.sharePercent)
    .describe(
      "…when that count is also at least this share of the last 60 minutes' inbound SMS (a " +
        'launch rush).',
    ),
  minLetters: z
    .number()
    .int('raid.cannedText.minLetters must be a whole number')
    .min(1, 'raid.cannedText.minLetters must be at least 1')
    .max(1000)
    .default(CANNED_TEXT_DEFAULTS.minLetters)
    .describe(
      'Texts with fewer letters (after normalisation) are never counted: "bonjour", "salut ça va".',
    ),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('A JSON Schema reference for editors, ignored.'),
    originationNumber: E164.describe(
      'Our number, E.164: the only destination answered, and the origination of replies. For ' +
        'France never a 06/07 number (synth refuses `+336…`/`+337…`, see ' +
        '[number-france.md](number-france.md)).',
    ),
    number: z
      .discriminatedUnion('mode', [createNumber, existingNumber], {
        error: 'number.mode must be "create" or "existing"',
      })
      .describe(
        'The number: `{"mode": "existing", …}` (a number or pool already in the account) or ' +
          '`{"mode": "create", …}` (one the stack provisions).',
      ),
    reply: text(DEFAULT_REPLY).describe(
      'The reply: a string, or `{"default": "…", "byCountry": {"BE": "…"}}`.',
    ),
    help: text(DEFAULT_HELP).describe(
      'The answer to HELP: a string, or `{"default": "…", "byCountry": {"BE": "…"}}`.',
    ),
    budget: z
      .strictObject({
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. "EUR"')
          .default('EUR')
          .describe('ISO 4217 code of the budget and prices.'),
        hour: amount('budget.hour').default(5).describe('Cap per hour.'),
        day: amount('budget.day').default(40).describe('Cap per day.'),
        month: amount('budget.month').default(300).describe('Cap per month.'),
        ceiling: z
          .strictObject({
            hour: amount('budget.ceiling.hour').optional().describe('Ceiling of `budget.hour`.'),
            day: amount('budget.ceiling.day').optional().describe('Ceiling of `budget.day`.'),
            month: amount('budget.ceiling.month').optional().describe('Ceiling of `budget.month`.'),
          })
          .optional()
          .describe(
            'The most `antirelou budget raise` may set each cap to at run time (donations), no ' +
              'deploy; each at least its cap. Absent: the caps (no raise possible). Its day must ' +
              'fit the budget item as `budget.day` does; with a month ceiling, set ' +
              '`alarms.smsSpendUsd` and `accountMonthlySpendLimitUsd` for it.',
          ),
        timeZone: z
          .string()
          .default('UTC')
          .describe('IANA time zone in which budget days and months begin.'),
      })
      .prefault({})
      .describe(
        'Caps, in the budget currency; lowered at run time by `budget set`, raised up to ' +
          '`budget.ceiling` by `budget raise`.',
      ),
    /*
     * The default table is parsed like a config's own prices (`prefault`, not `default`), so that
     * it cannot bring a free SMS in either.
     */
    prices: prices
      .prefault(() => ({ ...DEFAULT_PRICES }))
      .describe(
        'Price of one SMS segment per destination country, in the budget currency, each above 0 ' +
          '(at 0 no budget would ever stop a reply).',
      ),
    maxPriceUsd: z
      .number()
      .positive('maxPriceUsd must be above 0')
      .max(10)
      .default(0.5)
      .describe(
        'The most one SMS (all its segments) may cost, USD: SNS `AWS.SNS.SMS.MaxPrice`, or End ' +
          'User Messaging `SendTextMessage` `MaxPrice`.',
      ),
    allowedCountries: z
      .array(COUNTRY)
      .min(1, 'allowedCountries needs at least one country')
      .default(['FR'])
      .describe('Only mobiles of these countries get replies; each needs a price.'),
    replyOnlyTo: z
      .array(E164)
      .min(1, 'replyOnlyTo needs at least one number, or leave it out to reply to anyone')
      .optional()
      .describe(
        'Reply to these numbers only (E.164), on top of every other rule; absent: anyone in ' +
          "`allowedCountries`. For a rehearsal on a SIMULATOR number, whose replies can only reach AWS's " +
          'destination simulator numbers (`config/rehearsal.json`).',
      ),
    senderWindowDays: z
      .number()
      .int()
      .min(1)
      .max(366)
      .default(30)
      .describe('One reply per sender per window of this many days.'),
    evidenceRetentionDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(365)
      .describe('How long evidence of abuse is kept.'),
    replyDelay,
    waitingList: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Turns the waiting list on.'),
        maxWaitHours: z
          .number()
          .int('waitingList.maxWaitHours must be a whole number of hours')
          .min(1, 'waitingList.maxWaitHours must be at least 1')
          .max(72, 'waitingList.maxWaitHours must be at most 72')
          .optional()
          .describe(
            'The longest wait. Absent: 24 hours, or less when the sender window is short (the ' +
              'wait, the safety delay and 12 hours of lateness end inside the window); under an ' +
              'hour, the list is off.',
          ),
        maxPerDay: z
          .number()
          .int('waitingList.maxPerDay must be a whole number')
          .min(1, 'waitingList.maxPerDay must be at least 1')
          .max(100_000, 'waitingList.maxPerDay must be at most 100000')
          .optional()
          .describe(
            "At most this many senders join the list per budget day. Absent: twice the replies the day's " +
              'budget buys (those past it could not be served before they expire anyway).',
          ),
      })
      .prefault({})
      .describe(
        'The [waiting list](design.md#the-waiting-list): a sender refused only because the ' +
          "hour's or the day's money is spent waits for the next period that has money, at most " +
          "`maxWaitHours`, instead of being dropped. It uses the safety delay's scheduler: with " +
          '`replyDelay` 0 it is off.',
      ),
    alarmEmail: z
      .email('alarmEmail must be an e-mail address')
      .optional()
      .describe('Where alarms go.'),
    accountMonthlySpendLimitUsd: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "Sets AWS's own monthly SMS spend limit (whole USD) on the send path, as a last backstop: " +
          "End User Messaging's text spend limit (`sms-voice`, only within the account's " +
          "`MaxLimit`) or SNS's `MonthlySpendLimit` (`sns`). A limit AWS refuses is reported " +
          '(stack output `AccountSpendLimit`), never a failed deploy.',
      ),
    sendVia: z
      .enum(SEND_VIA, {
        error: `sendVia must be one of ${SEND_VIA.map((v) => `"${v}"`).join(', ')}`,
      })
      .default('sns')
      .describe(
        'How the responder sends replies: SNS `Publish` (`"sns"`) or End User Messaging ' +
          '`SendTextMessage` (`"sms-voice"`: per-message MaxPrice refusal, configuration set, ' +
          'protect configuration; the shipped configs use it, see ' +
          '[Why sms-voice](deploy.md#why-the-shipped-config-sends-with-sms-voice)).',
      ),
    configurationSetName: z
      .string()
      .regex(
        /^([A-Za-z0-9_-]{1,64}|arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:configuration-set\/[A-Za-z0-9_-]{1,64})$/,
        'configurationSetName must be a configuration set name (letters, digits, _ and -, up to 64) or its ARN',
      )
      .optional()
      .describe(
        'End User Messaging configuration set (name or ARN), for `sendVia: "sms-voice"` only.',
      ),
    protectConfigurationAccountDefault: z
      .boolean()
      .default(false)
      .describe(
        "Makes the stack's protect configuration (allow-list countries only) the account " +
          'default, so that it also applies to SNS sends. Account-wide, so off unless asked for.',
      ),
    receipts: receiptsSchema,
    alarms: z
      .strictObject({
        floodInboundPerMinute: z
          .number()
          .int('alarms.floodInboundPerMinute must be a whole number')
          .min(1, 'alarms.floodInboundPerMinute must be at least 1')
          .default(DEFAULT_FLOOD_INBOUND_PER_MINUTE)
          .describe('Inbound SMS per minute (3 minutes out of 5) that raise the flood alarm.'),
        smsSpendUsd: z
          .number()
          .positive('alarms.smsSpendUsd must be above 0')
          .optional()
          .describe(
            "The account's month-to-date SMS spend (USD) that raises the spend alarm, on the " +
              "send path's metric (`AWS/SMSVoice TextMessageMonthlySpend` or `AWS/SNS " +
              'SMSMonthToDateSpentUSD`). Absent: `budget.month`, read as USD.',
          ),
        priceDriftPercent: z
          .number()
          .positive('alarms.priceDriftPercent must be above 0')
          .max(1000)
          .default(10)
          .describe(
            'With receipts: billed above estimated by more than this share over a day raises ' +
              'the `PriceDrift` alarm (update `prices`).',
          ),
      })
      .prefault({})
      .describe('Alarm thresholds that are not budgets.'),
    raid: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Turns raid mode on.'),
        floodFactor: z
          .number()
          .min(1.5, 'raid.floodFactor must be at least 1.5')
          .max(1000)
          .default(10)
          .describe(
            "Raid mode when a minute's inbound reaches this many times the last hour's mean…",
          ),
        floodFloorPerMinute: z
          .number()
          .int()
          .min(1)
          .default(60)
          .describe('…and at least this many SMS in the minute (a new number has no baseline).'),
        quietMinutes: z
          .number()
          .int()
          .min(1)
          .max(1440)
          .default(20)
          .describe('Raid mode ends after this many minutes under the threshold.'),
        hourBudget: amount('raid.hourBudget')
          .default(1)
          .describe(
            'The hourly budget in raid mode, currency units (it never raises `budget.hour`).',
          ),
        newSendersOnly: z
          .boolean()
          .default(true)
          .describe('In raid mode, reply only to numbers never seen before.'),
        flushSeconds: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(5)
          .describe(
            'Each Lambda container adds its inbound count to the shared counter this often…',
          ),
        flushCount: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(20)
          .describe('…or after this many messages.'),
        cannedText: cannedText
          .prefault({})
          .describe(
            'The canned-text signal, below the flood floor (`canned_text`), see ' +
              '[When a raid comes](design.md#when-a-raid-comes).',
          ),
      })
      .prefault({})
      .describe(
        'Flood detection and raid mode, see [When a raid comes](design.md#when-a-raid-comes).',
      ),
    abuse: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Turns abuse flagging on.'),
        contentFlagging: z
          .boolean()
          .default(true)
          .describe('Flag messages with insults, threats or slurs (FR/EN lexicons).'),
        maxMessagesPerWindow: z
          .number()
          .int()
          .min(2)
          .max(100_000)
          .default(30)
          .describe('Flag a sender after this many messages within the sender window.'),
      })
      .prefault({})
      .describe(
        'Abuse flagging: flagged senders get no reply, ever; their messages are kept as evidence.',
      ),
    responder: z
      .strictObject({
        reservedConcurrency: z
          .number()
          .int()
          .min(1)
          .max(100)
          .default(5)
          .describe('Lambda reserved concurrency: a cost circuit breaker.'),
        timeoutSeconds: z
          .number()
          .int()
          .min(3)
          .max(120)
          .default(30)
          .describe('Lambda timeout of the responder, in seconds.'),
        controlCacheSeconds: z
          .number()
          .int()
          .min(0)
          .max(600)
          .default(30)
          .describe(
            'How long a container caches the runtime controls (pause, budget overrides), in seconds.',
          ),
        maxBodyChars: z
          .number()
          .int()
          .min(160)
          .max(5000)
          .default(1600)
          .describe(
            'Longest accepted inbound body (UTF-16 code units); a longer one is dropped (`body_too_long`).',
          ),
      })
      .prefault({})
      .describe('Lambda settings of the responder.'),
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
    checkSenderWindow(config, ctx);
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

/**
 * A reply must go out inside its sender's window, lateness included: the safety delay, and the
 * waiting list's longest wait on top of it when one is set.
 */
function checkSenderWindow(
  config: {
    readonly senderWindowDays: number;
    readonly replyDelay: { readonly maxSeconds: number };
    readonly waitingList: { readonly enabled: boolean; readonly maxWaitHours?: number };
  },
  ctx: z.RefinementCtx,
): void {
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
}

/** The config file as written (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** The validated config, defaults applied. */
export type AntirelouConfig = z.output<typeof configSchema>;
