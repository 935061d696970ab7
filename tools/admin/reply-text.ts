/**
 * `reply set --text … [--country CC] [--help] [--yes]` and `reply reset [--country CC] [--help]`:
 * the reply (or HELP) text at run time, for a country or the default, kept on the control item
 * (`texts`, see lambda/items/control-texts.ts) and read by the responder through its control
 * cache. `set` prices the text first (encoding, segments, cost per reply, what the caps buy) and
 * asks before it applies (`--yes` skips the question; with no terminal, `--yes` is required).
 * `reset` goes back to the config's text. Each change is one conditional write (on a version
 * number, so that two maintainers cannot lose each other's texts) and one audit record, which
 * keeps the text with phone numbers masked and the exact text's SHA-256.
 */
import { createHash } from 'node:crypto';
import type { StoredText } from '../../lambda/items/control-texts';
import { ControlContentionError } from '../../lambda/items/control-changes';
import { budgetVerdict, effectiveCaps } from '../../lambda/domain/policy';
import { redactNumbers } from '../../lambda/domain/phone';
import type { ResponderSettings, SmsText } from '../../lambda/domain/types';
import { MAX_REPLIES_PER_DAY } from '../../lib/config/budget-item';
import { formatMicros } from '../../lib/config/money';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor } from './context';
import { controlChanges, readControl, TAKES_EFFECT } from './control';
import { AdminError, UsageError } from './errors';
import type { CountryPrice, TextSlot } from './reply-pricing';
import {
  countriesOf,
  describePrices,
  describeText,
  priceableText,
  pricesOf,
  textInForceFor,
} from './reply-pricing';

const slotName = (slot: TextSlot): string =>
  `${slot.kind === 'help' ? 'HELP' : 'reply'} text (${slot.country ?? 'default'})`;

/** A text as an audit record keeps it: numbers masked, the exact text's digest. */
function audited(entry: StoredText | undefined): Record<string, unknown> | null {
  if (entry === undefined || typeof entry.body !== 'string') return null;
  return {
    body: redactNumbers(entry.body),
    sha256: createHash('sha256').update(entry.body).digest('hex'),
    encoding: entry.encoding,
    segments: entry.segments,
  };
}

/** Changes one slot with a versioned write, then audits it; returns the entry it replaced. */
async function changeSlot(
  context: CommandContext,
  slot: TextSlot,
  entry: StoredText | undefined,
  command: string,
): Promise<StoredText | undefined> {
  const who = await actor(context);
  let previous: StoredText | undefined;
  try {
    previous = await controlChanges(context).changeText({ slot, entry });
  } catch (error) {
    if (!(error instanceof ControlContentionError)) throw error;
    throw new AdminError(`the control item's texts kept changing during ${command}: run it again`, {
      cause: error,
    });
  }
  await writeAudit(context.target, who, {
    command,
    args: { text: slot.kind, country: slot.country ?? 'default' },
    before: { text: audited(previous) },
    after: { text: audited(entry) },
  });
  return previous;
}

/** Refuses a text no cap could pay for, or one the month's budget item could not track. */
function checkAffordable(
  slot: TextSlot,
  prices: readonly CountryPrice[],
  settings: ResponderSettings,
  caps: ReturnType<typeof effectiveCaps>,
): void {
  const { currency } = settings.budget;
  const ceilingDay = Math.max(settings.budget.dayMicros, settings.budget.ceiling?.dayMicros ?? 0);
  for (const price of prices) {
    if (price.costMicros === undefined) continue;
    const verdict = budgetVerdict({ hour: 0, day: 0, month: 0 }, caps, price.costMicros);
    if (verdict !== 'ok') {
      const period = verdict.replace('budget_', '') as 'hour' | 'day' | 'month';
      throw new UsageError(
        `this ${slotName(slot)} would cost ${formatMicros(price.costMicros, currency)} a reply ` +
          `to ${price.country}, more than the ${period}'s cap in force ` +
          `(${formatMicros(caps[`${period}Micros`], currency)}): no reply could ever be paid; ` +
          'shorten it (fewer segments), or raise the cap',
      );
    }
    const perDayAtCeiling = Math.floor(ceilingDay / price.costMicros);
    if (perDayAtCeiling > MAX_REPLIES_PER_DAY) {
      throw new UsageError(
        `this ${slotName(slot)} is so cheap (${formatMicros(price.costMicros, currency)}) that ` +
          `the day's ceiling buys ${perDayAtCeiling} replies to ${price.country}, more than the ` +
          `${MAX_REPLIES_PER_DAY} the month's budget item can track: lower budget.day and ` +
          'budget.ceiling.day in the config, or keep a longer text',
      );
    }
  }
}

/** Asks before applying, unless `--yes`; without a terminal, `--yes` is required. */
async function confirmed(context: CommandContext, slot: TextSlot, yes: boolean): Promise<boolean> {
  if (yes) return true;
  if (context.confirm === undefined) {
    throw new UsageError(
      `no terminal to confirm on: nothing changed; to apply this ${slotName(slot)} as priced ` +
        'above, run the command again with --yes',
    );
  }
  return context.confirm(`Apply this ${slotName(slot)}? [y/N] `);
}

/** `reply set`. */
export async function setReplyText(
  context: CommandContext,
  slot: TextSlot,
  body: string,
  yes: boolean,
): Promise<void> {
  const settings = await context.target.settings();
  if (slot.country !== undefined && !settings.allowedCountries.includes(slot.country)) {
    throw new UsageError(
      `--country ${slot.country} is not in the config's allowedCountries ` +
        `(${settings.allowedCountries.join(', ')}): no reply goes there; pick one of those`,
    );
  }
  const control = await readControl(context);
  const text = priceableText(body);
  const countries = countriesOf(slot, settings, control);
  const prices = pricesOf(text, countries, settings, control);
  const { currency } = settings.budget;
  context.print(
    [
      `${context.target.label}: new ${slotName(slot)}: ${describeText(text)}`,
      ...(countries.length === 0
        ? ['  every allowed country has a text of its own: this default is used by none of them']
        : describePrices(prices, currency)),
      ...nowLines(slot, countries, settings, control, currency),
    ].join('\n'),
  );
  checkAffordable(slot, prices, settings, effectiveCaps(settings, control));
  if (!(await confirmed(context, slot, yes))) {
    context.print('Not applied: nothing changed.');
    return;
  }
  const entry: SmsText = { body: text.body, encoding: text.encoding, segments: text.segments };
  await changeSlot(context, slot, { ...entry }, 'reply set');
  context.print(`${context.target.label}: ${slotName(slot)} set. ${TAKES_EFFECT}.`);
}

/** What the slot's countries get now, for comparison. */
function nowLines(
  slot: TextSlot,
  countries: readonly string[],
  settings: ResponderSettings,
  control: Parameters<typeof textInForceFor>[3],
  currency: string,
): string[] {
  return countries.map((country) => {
    const now = textInForceFor(slot, country, settings, control);
    const [price] = pricesOf(now.text, [country], settings, control);
    const cost = price?.costMicros === undefined ? '?' : formatMicros(price.costMicros, currency);
    return `  now (${country}, from ${now.source}): ${describeText(now.text)}, ${cost} a reply`;
  });
}

/** `reply reset`: back to the config's text for the slot. */
export async function resetReplyText(context: CommandContext, slot: TextSlot): Promise<void> {
  const settings = await context.target.settings();
  if ((await controlChanges(context).readText(slot)) === undefined) {
    context.print(
      `${context.target.label}: no ${slotName(slot)} set at run time; the config's applies.`,
    );
    return;
  }
  await changeSlot(context, slot, undefined, 'reply reset');
  const control = await readControl(context);
  const country = slot.country ?? countriesOf(slot, settings, control)[0];
  const now = textInForceFor(slot, country, settings, control);
  context.print(
    `${context.target.label}: ${slotName(slot)} reset to the config's: ${describeText(now.text)}. ` +
      `${TAKES_EFFECT}.`,
  );
}
