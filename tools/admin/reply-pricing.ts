/**
 * What a reply or help text costs where it applies: its encoding and segments (Twilio's
 * calculator, as the config's texts are counted, and the responder's own counter: the larger
 * count is stored and priced), the price per reply in each allowed country it applies to, and
 * how many replies the caps in force buy. Shared by `reply set` and `status`.
 */
import { costMicros, effectiveCaps, textFor } from '../../lambda/domain/policy';
import { countSegments } from '../../lambda/domain/sms-segments';
import type { ControlState, ResponderSettings, SmsText } from '../../lambda/domain/types';
import type { TextSlot } from '../../lambda/items/control-texts';
import { formatMicros } from '../../lib/config/money';
import { analyseText } from '../../lib/config/sms-text';

/** Which text: the reply or the help text, for a country or the default. */
export type { TextSlot } from '../../lambda/items/control-texts';

/** A text as `reply set` stores it, with what makes it UCS-2. */
export interface PricedText extends SmsText {
  readonly nonGsmCharacters: readonly string[];
  /** Segments with the GSM-7 look-alikes (’ “ ” …) replaced, when that is fewer. */
  readonly gsmEquivalentSegments?: number;
}

/** Counts a body both ways and keeps the larger count (see lambda/domain/sms-segments.ts). */
export function priceableText(body: string): PricedText {
  const analysis = analyseText(body);
  const own = countSegments(body);
  return {
    body,
    encoding: own.encoding === 'UCS-2' ? 'UCS-2' : analysis.encoding,
    segments: Math.max(analysis.segments, own.segments),
    nonGsmCharacters: analysis.nonGsmCharacters,
    ...(analysis.gsmEquivalentSegments !== undefined &&
    analysis.gsmEquivalentSegments < analysis.segments
      ? { gsmEquivalentSegments: analysis.gsmEquivalentSegments }
      : {}),
  };
}

/** The allowed countries a slot's text is sent to, given the texts in force. */
export function countriesOf(
  slot: TextSlot,
  settings: ResponderSettings,
  control: ControlState,
): string[] {
  if (slot.country !== undefined) return [slot.country];
  const own = (country: string): boolean =>
    Object.hasOwn(settings[slot.kind].byCountry, country) ||
    Object.hasOwn(control.texts?.[slot.kind]?.byCountry ?? {}, country);
  return settings.allowedCountries.filter((country) => !own(country));
}

/** One country's price of a text, and what the caps in force buy. */
export interface CountryPrice {
  readonly country: string;
  readonly costMicros: number | undefined;
  readonly perDay: number;
  readonly perMonth: number;
}

/** A text's price in each country, under the caps in force. */
export function pricesOf(
  text: SmsText,
  countries: readonly string[],
  settings: ResponderSettings,
  control: ControlState,
): CountryPrice[] {
  const caps = effectiveCaps(settings, control);
  return countries.map((country) => {
    const cost = costMicros(text, country, settings);
    const buys = (cap: number): number =>
      cost === undefined || cost <= 0 ? 0 : Math.floor(cap / cost);
    return {
      country,
      costMicros: cost,
      perDay: buys(caps.dayMicros),
      perMonth: buys(caps.monthMicros),
    };
  });
}

/** `GSM-7, 142 characters, 1 segment(s)` and what forces UCS-2. */
export function describeText(text: PricedText | SmsText): string {
  const priced = text as Partial<PricedText>;
  const why =
    text.encoding === 'UCS-2' && (priced.nonGsmCharacters?.length ?? 0) > 0
      ? ` (UCS-2 because of ${priced.nonGsmCharacters!.map((c) => JSON.stringify(c)).join(' ')}` +
        (priced.gsmEquivalentSegments === undefined
          ? ')'
          : `; with plain GSM-7 equivalents it would be ${priced.gsmEquivalentSegments} segment(s))`)
      : '';
  return `${text.encoding}, ${[...text.body].length} characters, ${text.segments} segment(s)${why}`;
}

/** One line per country: cost per reply, and replies per day and month at the caps in force. */
export function describePrices(prices: readonly CountryPrice[], currency: string): string[] {
  return prices.map((p) =>
    p.costMicros === undefined
      ? `  ${p.country}: no price in the config: no reply goes there`
      : `  ${p.country}: ${formatMicros(p.costMicros, currency)} a reply; the caps in force buy ` +
        `${p.perDay} a day and ${p.perMonth} a month (${formatMicros(p.perMonth * p.costMicros, currency)} ` +
        'a month at the month cap)',
  );
}

/** The text in force for a slot (runtime or config) and where it comes from. */
export function textInForceFor(
  slot: TextSlot,
  country: string | undefined,
  settings: ResponderSettings,
  control: ControlState,
): { text: SmsText; source: 'reply set' | 'config' } {
  const text = textFor(slot.kind, country, settings, control);
  const runtime = control.texts?.[slot.kind];
  const fromRuntime =
    runtime !== undefined &&
    (text === runtime.default ||
      Object.values(runtime.byCountry).some((candidate) => candidate === text));
  return { text, source: fromRuntime ? 'reply set' : 'config' };
}
