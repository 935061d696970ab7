/**
 * From the validated config to what the responder needs (`ResponderSettings`, texts with their
 * segments, prices in micro-units), and the cost report that `cdk synth` and the simulator print.
 */
import type {
  BudgetCaps,
  LocalisedText,
  RaidSettings,
  ReceiptSettings,
  ResponderSettings,
} from '../../lambda/domain/types';
import type { WaitingSettings } from '../../lambda/domain/waiting';
import { MAX_SEND_LATENESS_SECONDS } from '../../lambda/domain/scheduled-reply';
import type { TextAnalysis } from './sms-text';
import { analyseText, toSmsText } from './sms-text';
import { formatMicros, toMicros } from './money';
import type { AntirelouConfig } from './schema';

const DAY_SECONDS = 86_400;

function localised(texts: AntirelouConfig['reply']): LocalisedText {
  const byCountry: Record<string, ReturnType<typeof toSmsText>> = {};
  for (const [country, body] of Object.entries(texts.byCountry)) {
    byCountry[country] = toSmsText(analyseText(body));
  }
  return { default: toSmsText(analyseText(texts.default)), byCountry };
}

/** The config's ceiling in micro-units, each period defaulting to its cap (no raise). */
export function ceilingMicros(budget: AntirelouConfig['budget']): BudgetCaps {
  return {
    hourMicros: toMicros(budget.ceiling?.hour ?? budget.hour),
    dayMicros: toMicros(budget.ceiling?.day ?? budget.day),
    monthMicros: toMicros(budget.ceiling?.month ?? budget.month),
  };
}

/**
 * Whether replies are tagged and their receipts read: the stack's configuration set carries
 * them, so only with `sendVia: "sms-voice"` and no configuration set of the config's own.
 */
export function receiptsOn(config: AntirelouConfig): boolean {
  return (
    config.receipts.enabled &&
    config.sendVia === 'sms-voice' &&
    config.configurationSetName === undefined
  );
}

/** The receipts' settings (the rate is 1 when none is configured: USD read as the currency). */
export function receiptSettings(config: AntirelouConfig): ReceiptSettings {
  const { usdRate, maxPriceFactor } = config.receipts;
  return {
    perUsd: usdRate?.perUsd ?? 1,
    ...(usdRate === undefined ? {} : { rateDate: usdRate.date }),
    maxPriceFactor,
  };
}

/** The responder's settings for a config (the inbound topic is known only in the stack). */
export function toResponderSettings(
  config: AntirelouConfig,
  inboundTopicArn?: string,
): ResponderSettings {
  const segmentPriceMicros: Record<string, number> = {};
  for (const [country, price] of Object.entries(config.prices)) {
    segmentPriceMicros[country] = toMicros(price);
  }
  return {
    originationNumber: config.originationNumber,
    ...(inboundTopicArn === undefined ? {} : { inboundTopicArn }),
    reply: localised(config.reply),
    help: localised(config.help),
    budget: {
      hourMicros: toMicros(config.budget.hour),
      dayMicros: toMicros(config.budget.day),
      monthMicros: toMicros(config.budget.month),
      ceiling: ceilingMicros(config.budget),
      currency: config.budget.currency,
      timeZone: config.budget.timeZone,
    },
    segmentPriceMicros,
    maxPriceUsd: config.maxPriceUsd,
    allowedCountries: [...config.allowedCountries],
    ...(config.replyOnlyTo === undefined ? {} : { replyOnlyTo: [...config.replyOnlyTo] }),
    senderWindowSeconds: config.senderWindowDays * DAY_SECONDS,
    controlCacheSeconds: config.responder.controlCacheSeconds,
    maxBodyChars: config.responder.maxBodyChars,
    evidenceRetentionSeconds: config.evidenceRetentionDays * DAY_SECONDS,
    ...(config.replyDelay.maxSeconds > 0 ? { replyDelay: { ...config.replyDelay } } : {}),
    ...waitingListOf(config),
    ...(receiptsOn(config) ? { receipts: receiptSettings(config) } : {}),
    ...raidSettingsOf(config),
    ...(config.abuse.enabled
      ? {
          abuse: {
            contentFlagging: config.abuse.contentFlagging,
            maxMessagesPerWindow: config.abuse.maxMessagesPerWindow,
          },
        }
      : {}),
  };
}

/** Flood detection and raid mode, when they are on. */
function raidSettingsOf(config: AntirelouConfig): { raid?: RaidSettings } {
  const { raid } = config;
  if (!raid.enabled) return {};
  return {
    raid: {
      floodFactor: raid.floodFactor,
      floodFloorPerMinute: raid.floodFloorPerMinute,
      quietMinutes: raid.quietMinutes,
      hourMicros: toMicros(raid.hourBudget),
      newSendersOnly: raid.newSendersOnly,
      flushSeconds: raid.flushSeconds,
      flushCount: raid.flushCount,
      ...(raid.cannedText.enabled
        ? {
            cannedText: {
              sharePercent: raid.cannedText.sharePercent,
              threshold: raid.cannedText.threshold,
              minLetters: raid.cannedText.minLetters,
            },
          }
        : {}),
    },
  };
}

/** The default longest wait, in hours. */
const DEFAULT_MAX_WAIT_HOURS = 24;

/**
 * The waiting list's settings, when it is on: it needs the safety delay's scheduler, and a wait
 * of at least an hour that ends, with the delay and 12 hours of lateness, inside the window.
 */
function waitingListOf(config: AntirelouConfig): { waitingList?: WaitingSettings } {
  if (!config.waitingList.enabled || config.replyDelay.maxSeconds === 0) return {};
  const room =
    config.senderWindowDays * DAY_SECONDS -
    config.replyDelay.maxSeconds -
    MAX_SEND_LATENESS_SECONDS;
  const hours =
    config.waitingList.maxWaitHours ??
    Math.min(DEFAULT_MAX_WAIT_HOURS, Math.floor((room - 1) / 3600));
  if (hours < 1) return {};
  return { waitingList: waitingSettings(config, hours) };
}

/** Its size: by default, two days of the day's budget in replies. */
function waitingSettings(config: AntirelouConfig, maxWaitHours: number): WaitingSettings {
  const mostPerDay = Math.max(
    1,
    ...textCosts(config)
      .filter((cost) => cost.name === 'reply' && Number.isFinite(cost.perDay))
      .map((cost) => cost.perDay),
  );
  return {
    maxWaitSeconds: maxWaitHours * 3600,
    maxPerDay: config.waitingList.maxPerDay ?? Math.min(100_000, 2 * mostPerDay),
  };
}

/** One text's cost line for one allowed country. */
export interface TextCost {
  readonly name: string;
  readonly country: string;
  readonly analysis: TextAnalysis;
  readonly costMicros: number;
  /** What the same text would cost with its GSM-7 look-alikes replaced, when cheaper. */
  readonly gsmEquivalentCostMicros: number | undefined;
  /** How many of these the day's budget buys. */
  readonly perDay: number;
}

/** Cost of each text (reply, help) in each allowed country. */
export function textCosts(config: AntirelouConfig): TextCost[] {
  const costs: TextCost[] = [];
  for (const [name, texts] of [
    ['reply', config.reply],
    ['help', config.help],
  ] as const) {
    for (const country of config.allowedCountries) {
      const analysis = analyseText(texts.byCountry[country] ?? texts.default);
      const price = toMicros(config.prices[country] ?? 0);
      const costMicros = analysis.segments * price;
      const gsm = analysis.gsmEquivalentSegments;
      costs.push({
        name,
        country,
        analysis,
        costMicros,
        gsmEquivalentCostMicros:
          gsm !== undefined && gsm < analysis.segments ? gsm * price : undefined,
        perDay: costMicros > 0 ? Math.floor(toMicros(config.budget.day) / costMicros) : Infinity,
      });
    }
  }
  return costs;
}

/** Human-readable lines: encoding, segments, cost, replies per day; and warnings. */
export function costReport(config: AntirelouConfig): { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  const currency = config.budget.currency;
  for (const cost of textCosts(config)) {
    const { analysis } = cost;
    lines.push(
      `${cost.name} (${cost.country}): ${analysis.encoding}, ${analysis.body.length} characters, ` +
        `${analysis.segments} segment(s), ${formatMicros(cost.costMicros, currency)} each, ` +
        `${cost.perDay} per day within the day's budget of ${formatMicros(toMicros(config.budget.day), currency)}`,
    );
    if (cost.gsmEquivalentCostMicros !== undefined) {
      warnings.push(
        `${cost.name} (${cost.country}) is UCS-2 only because of ${analysis.nonGsmCharacters
          .map((c) => JSON.stringify(c))
          .join(' ')}: with plain GSM-7 equivalents (' " ...) it would be ` +
          `${analysis.gsmEquivalentSegments} segment(s) instead of ${analysis.segments} ` +
          `(${formatMicros(cost.gsmEquivalentCostMicros, currency)} instead of ${formatMicros(cost.costMicros, currency)})`,
      );
    }
  }
  return { lines, warnings };
}
