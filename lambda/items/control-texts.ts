/**
 * The reply and help texts set at run time (`antirelou reply set`), as the control item keeps
 * them: `texts: {reply|help: {default?, byCountry: {FR: {body, encoding, segments}}}}`. The CLI
 * stores the encoding and segments it priced; the responder does not trust them: it recounts
 * each body (`countSegments`) and prices the larger count, so that a forged item with a low
 * segment count cannot make a reply cheaper than it is. A malformed entry is ignored (the
 * config's text applies), never a crash. Also the stored form itself, and the versioned write
 * by which `reply set` and `reply reset` change one slot of it (`ControlItem.changeText`).
 */
import { CONTROL_KEY } from '../adapters/table-keys';
import { countSegments } from '../domain/sms-segments';
import type { ControlState, RuntimeTexts, SmsText } from '../domain/types';
import type { Table } from './table';

/** The longest text the control item may hold (as the config's texts: 1600 characters). */
export const MAX_RUNTIME_TEXT_CHARS = 1600;
const COUNTRY = /^[A-Z]{2}$/;

type Fields = Record<string, unknown>;
const fields = (value: unknown): Fields | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Fields)
    : undefined;

/** One stored text, recounted; undefined when it is not a usable text. */
export function smsTextOf(value: unknown): SmsText | undefined {
  const stored = fields(value);
  const body = stored?.body;
  if (typeof body !== 'string' || body.trim() === '' || body.length > MAX_RUNTIME_TEXT_CHARS) {
    return undefined;
  }
  const counted = countSegments(body);
  const claimed = stored?.segments;
  const segments =
    typeof claimed === 'number' && Number.isSafeInteger(claimed) && claimed > counted.segments
      ? claimed
      : counted.segments;
  return { body, encoding: counted.encoding, segments };
}

function runtimeTextsOf(value: unknown): RuntimeTexts | undefined {
  const stored = fields(value);
  if (stored === undefined) return undefined;
  const byCountry: Record<string, SmsText> = {};
  for (const [country, entry] of Object.entries(fields(stored.byCountry) ?? {})) {
    const text = smsTextOf(entry);
    if (COUNTRY.test(country) && text !== undefined) byCountry[country] = text;
  }
  const fallback = smsTextOf(stored.default);
  if (fallback === undefined && Object.keys(byCountry).length === 0) return undefined;
  return { ...(fallback === undefined ? {} : { default: fallback }), byCountry };
}

/** The `texts` of a control item; undefined when it holds none. */
export function textsOf(value: unknown): ControlState['texts'] {
  const stored = fields(value);
  if (stored === undefined) return undefined;
  const reply = runtimeTextsOf(stored.reply);
  const help = runtimeTextsOf(stored.help);
  if (reply === undefined && help === undefined) return undefined;
  return { ...(reply === undefined ? {} : { reply }), ...(help === undefined ? {} : { help }) };
}

/** Which text: the reply or the help text, for a country or the default. */
export interface TextSlot {
  readonly kind: 'reply' | 'help';
  /** Undefined: the default (countries with no text of their own). */
  readonly country?: string;
}

/** One text as `reply set` stores it (`{body, encoding, segments}`), as found. */
export type StoredText = Fields;

/** The `texts` map as stored, for changing one slot of it (the responder reads `textsOf`). */
export type StoredTexts = Record<
  string,
  { default?: StoredText; byCountry?: Record<string, StoredText> }
>;

/** A copy of the stored `texts`; anything but a map (a hand-edited item) counts as none. */
export function storedTextsOf(value: unknown): StoredTexts {
  const texts = (fields(value) ?? {}) as StoredTexts;
  for (const kind of ['reply', 'help']) {
    if (kind in texts && fields(texts[kind]) === undefined) delete texts[kind];
  }
  return JSON.parse(JSON.stringify(texts)) as StoredTexts;
}

/** The stored entry of a slot (undefined: the config's text applies). */
export function storedTextOf(texts: StoredTexts, slot: TextSlot): StoredText | undefined {
  const kind = texts[slot.kind];
  return slot.country === undefined ? kind?.default : kind?.byCountry?.[slot.country];
}

/** The texts with a slot set (or removed, with `entry` undefined). */
export function withStoredText(
  texts: StoredTexts,
  slot: TextSlot,
  entry: StoredText | undefined,
): StoredTexts {
  const kind = { byCountry: {}, ...texts[slot.kind] };
  const byCountry = { ...kind.byCountry };
  if (slot.country === undefined) {
    if (entry === undefined) delete kind.default;
    else kind.default = entry;
  } else if (entry === undefined) delete byCountry[slot.country];
  else byCountry[slot.country] = entry;
  return { ...texts, [slot.kind]: { ...kind, byCountry } };
}

/** One text slot set, or removed (no `entry`: back to the config's text). */
export interface TextChange {
  readonly slot: TextSlot;
  readonly entry?: StoredText;
}

/** The control item's stored texts and their version, read consistently. */
async function readStoredTexts(
  table: Table,
): Promise<{ texts: StoredTexts; version: number | undefined }> {
  const item = (await table.get(CONTROL_KEY, true)) ?? {};
  const version = typeof item.textsVersion === 'number' ? item.textsVersion : undefined;
  return { texts: storedTextsOf(item.texts), version };
}

/** The text a slot holds at run time (undefined: the config's applies), read consistently. */
export async function readStoredText(
  table: Table,
  slot: TextSlot,
): Promise<StoredText | undefined> {
  return storedTextOf((await readStoredTexts(table)).texts, slot);
}

/**
 * One attempt at setting or removing a slot's text, with a write conditional on the texts'
 * version (so that two maintainers cannot lose each other's texts): the entry it replaced, or
 * `written: false` when somebody changed the texts meanwhile.
 */
export async function writeStoredText(
  table: Table,
  change: TextChange,
): Promise<{ written: true; previous?: StoredText } | { written: false }> {
  const { texts, version } = await readStoredTexts(table);
  const result = await table.updateIf({
    key: CONTROL_KEY,
    update: 'SET #texts = :texts, #textsVersion = :next',
    condition:
      version === undefined ? 'attribute_not_exists(#textsVersion)' : '#textsVersion = :prev',
    values: {
      ':texts': withStoredText(texts, change.slot, change.entry),
      ':next': (version ?? 0) + 1,
      ...(version === undefined ? {} : { ':prev': version }),
    },
    returnValues: 'ALL_OLD',
  });
  return result.written
    ? { written: true, previous: storedTextOf(texts, change.slot) }
    : { written: false };
}
