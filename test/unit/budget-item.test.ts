/**
 * The month's budget item stays under DynamoDB's 400 KB item limit for any config that
 * validates: the day's budget may not buy more replies than the held reservations can track.
 */
import { heldEntry, RECEIPT_DAYS } from '../../lambda/items/budget-ledger';
import { messageKey } from '../../lambda/items/true-ups';
import { budgetAttribute } from '../../lambda/adapters/table-keys';
import {
  COMFORTABLE_REPLIES_PER_DAY,
  MAX_REPLIES_PER_DAY,
  MAX_REPLIES_PER_DAY_WITH_RECEIPTS,
} from '../../lib/config/budget-item';
import { deployWarnings } from '../../lib/config/deploy-checks';
import { ConfigError, parseConfig } from '../../lib/config/load';
import { testConfigInput } from '../support/settings';

/** DynamoDB's item size: attribute names' and values' UTF-8 bytes; numbers ~1 byte per 2 digits. */
type Value = number | string | Set<string> | Map<string, number>;
const numberBytes = (value: number): number => Math.ceil(String(value).length / 2) + 1;

/** A map: 3 bytes, and each element's name, value and 1 byte. */
function itemBytes(item: Record<string, Value>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'number') bytes += numberBytes(value);
    else if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (value instanceof Map) {
      bytes += 3;
      for (const [key, n] of value) bytes += Buffer.byteLength(key) + numberBytes(n) + 1;
    } else for (const element of value) bytes += Buffer.byteLength(element);
  }
  return bytes;
}

/** The month's item with `repliesPerDay` held reservations on its last three days. */
function fullItem(repliesPerDay: number): Record<string, Value> {
  const item: Record<string, Value> = { m: 999_999_999 };
  for (let d = 1; d <= 31; d += 1) {
    const day = `2026-12-${String(d).padStart(2, '0')}`;
    item[budgetAttribute.day(day)] = 99_999_999;
    for (let h = 0; h < 24; h += 1) {
      item[budgetAttribute.hour(`${day}T${String(h).padStart(2, '0')}`)] = 9_999_999;
    }
  }
  for (const d of [29, 30, 31]) {
    const day = `2026-12-${d}`;
    const held = new Set<string>();
    for (let i = 0; i < repliesPerDay; i += 1) {
      const periods = { month: '2026-12', day, hour: `${day}T23` };
      held.add(
        heldEntry({ id: `${'f'.repeat(36)}-${i}@1798761599999`, periods, costMicros: 9_999_999 }),
      );
    }
    item[budgetAttribute.held(day)] = held;
  }
  return item;
}

test('a month of counters and three days of held reservations fit in one item', () => {
  expect(itemBytes(fullItem(MAX_REPLIES_PER_DAY))).toBeLessThan(400 * 1024);
});

test('with receipts, six days of true-ups and their counters fit too', () => {
  const item = fullItem(MAX_REPLIES_PER_DAY_WITH_RECEIPTS);
  item[budgetAttribute.billedMonth] = 999_999_999;
  item[budgetAttribute.trueUpMonth] = -999_999_999;
  for (let d = 1; d <= 31; d += 1) {
    const day = `2026-12-${String(d).padStart(2, '0')}`;
    item[budgetAttribute.billedDay(day)] = 99_999_999;
    item[budgetAttribute.trueUpDay(day)] = -99_999_999;
    for (const country of ['FR', 'BE', 'CH', 'LU']) {
      item[budgetAttribute.countryBilled(day, country)] = 99_999_999;
      item[budgetAttribute.countryEstimated(day, country)] = 99_999_999;
    }
  }
  for (let d = 32 - RECEIPT_DAYS; d <= 31; d += 1) {
    const trueUps = new Map<string, number>();
    for (let i = 0; i < MAX_REPLIES_PER_DAY_WITH_RECEIPTS; i += 1) {
      trueUps.set(messageKey(`${'e'.repeat(36)}-${d}-${i}`), -9_999_999);
    }
    item[budgetAttribute.trueUps(`2026-12-${d}`)] = trueUps;
  }
  expect(itemBytes(item)).toBeLessThan(400 * 1024);
  expect(MAX_REPLIES_PER_DAY_WITH_RECEIPTS).toBeLessThan(MAX_REPLIES_PER_DAY);
});

test('with receipts, a day budget buying more than the item can hold is refused', () => {
  // 250 EUR a day at 0.15 a reply: 1,666 replies (and 3,333 help texts), under the limit
  // without receipts, over it with them.
  const input = testConfigInput({ budget: { hour: 250, day: 250, month: 3000 } });
  expect(() => parseConfig({ ...input, sendVia: 'sms-voice' }, 'test')).toThrow(
    /budget\.day buys \d+ (reply|help) texts a day .* more than the 1594/,
  );
  expect(() => parseConfig(input, 'test')).not.toThrow();
});

test('a day budget that buys more replies than the item can track is refused, saying why', () => {
  const config = testConfigInput({ budget: { hour: 1000, day: 1000, month: 3000 } });
  expect(() => parseConfig(config, 'test')).toThrow(ConfigError);
  expect(() => parseConfig(config, 'test')).toThrow(/budget\.day buys \d+ reply texts a day/);
  expect(() => parseConfig(testConfigInput(), 'test')).not.toThrow();
});

test('a day budget with little margin left is a synth warning', () => {
  // 300 EUR a day at 0.075 a help text: 4,000, between the comfortable and the hard limit.
  const tight = parseConfig(
    testConfigInput({ budget: { hour: 300, day: 300, month: 3000 }, prices: { FR: 0.075 } }),
    'test',
  );
  expect(COMFORTABLE_REPLIES_PER_DAY).toBeLessThan(4000);
  expect(MAX_REPLIES_PER_DAY).toBeGreaterThan(4000);
  expect(deployWarnings(tight).join('\n')).toMatch(/budget\.day buys 4000 help texts a day/);
  expect(deployWarnings(parseConfig(testConfigInput(), 'test')).join('\n')).not.toMatch(
    /budget\.day buys/,
  );
});
