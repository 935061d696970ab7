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
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import { isConditionalCheckFailed } from '../../lambda/adapters/expressions';
import { budgetVerdict, effectiveCaps } from '../../lambda/domain/policy';
import { redactNumbers } from '../../lambda/domain/phone';
import type { ResponderSettings, SmsText } from '../../lambda/domain/types';
import { MAX_REPLIES_PER_DAY } from '../../lib/config/budget-item';
import { formatMicros } from '../../lib/config/money';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor } from './context';
import { readControl, TAKES_EFFECT, updateControl } from './control';
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

type Fields = Record<string, unknown>;
type StoredTexts = Record<string, { default?: Fields; byCountry?: Record<string, Fields> }>;

const slotName = (slot: TextSlot): string =>
  `${slot.kind === 'help' ? 'HELP' : 'reply'} text (${slot.country ?? 'default'})`;

/** The control item's stored texts and their version, read consistently. */
async function storedTexts(
  context: CommandContext,
): Promise<{ texts: StoredTexts; version: number | undefined }> {
  const { Item: item = {} } = await context.target.documentClient.send(
    new GetCommand({ TableName: context.target.tableName, Key: CONTROL_KEY, ConsistentRead: true }),
  );
  // Anything but a map (a hand-edited item) is replaced as a whole by the next change.
  const isMap = (value: unknown): boolean =>
    value !== null && typeof value === 'object' && !Array.isArray(value);
  const texts = (isMap(item.texts) ? item.texts : {}) as StoredTexts;
  for (const kind of ['reply', 'help']) {
    if (kind in texts && !isMap(texts[kind])) delete texts[kind];
  }
  const version = typeof item.textsVersion === 'number' ? item.textsVersion : undefined;
  return { texts: JSON.parse(JSON.stringify(texts)) as StoredTexts, version };
}

/** The stored entry of a slot (undefined: the config's text applies). */
function entryOf(texts: StoredTexts, slot: TextSlot): Fields | undefined {
  const kind = texts[slot.kind];
  return slot.country === undefined ? kind?.default : kind?.byCountry?.[slot.country];
}

/** The texts with a slot set (or removed, with `entry` undefined). */
function withEntry(texts: StoredTexts, slot: TextSlot, entry: Fields | undefined): StoredTexts {
  const kind = { byCountry: {}, ...texts[slot.kind] };
  const byCountry = { ...kind.byCountry };
  if (slot.country === undefined) {
    if (entry === undefined) delete kind.default;
    else kind.default = entry;
  } else if (entry === undefined) delete byCountry[slot.country];
  else byCountry[slot.country] = entry;
  return { ...texts, [slot.kind]: { ...kind, byCountry } };
}

/** Writes the texts if nobody changed them since `version`; false when somebody did. */
async function writeTexts(
  context: CommandContext,
  texts: StoredTexts,
  version: number | undefined,
): Promise<boolean> {
  try {
    await updateControl(
      context,
      'SET #texts = :texts, #textsVersion = :next',
      {
        ':texts': texts,
        ':next': (version ?? 0) + 1,
        ...(version === undefined ? {} : { ':prev': version }),
      },
      version === undefined ? 'attribute_not_exists(#textsVersion)' : '#textsVersion = :prev',
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** A text as an audit record keeps it: numbers masked, the exact text's digest. */
function audited(entry: Fields | undefined): Fields | null {
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
  entry: Fields | undefined,
  command: string,
): Promise<Fields | undefined> {
  const who = await actor(context);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { texts, version } = await storedTexts(context);
    const previous = entryOf(texts, slot);
    if (await writeTexts(context, withEntry(texts, slot, entry), version)) {
      await writeAudit(context.target, who, {
        command,
        args: { text: slot.kind, country: slot.country ?? 'default' },
        before: { text: audited(previous) },
        after: { text: audited(entry) },
      });
      return previous;
    }
  }
  throw new AdminError(`the control item's texts kept changing during ${command}: run it again`);
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
  const { texts } = await storedTexts(context);
  if (entryOf(texts, slot) === undefined) {
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
