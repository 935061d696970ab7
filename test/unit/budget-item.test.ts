/**
 * The month's budget item stays under DynamoDB's 400 KB item limit for any config that
 * validates: the day's budget may not buy more replies than the held reservations can track.
 */
import { heldEntry } from '../../lambda/items/budget-ledger';
import { budgetAttribute } from '../../lambda/adapters/table-keys';
import { COMFORTABLE_REPLIES_PER_DAY, MAX_REPLIES_PER_DAY } from '../../lib/config/budget-item';
import { deployWarnings } from '../../lib/config/deploy-checks';
import { ConfigError, parseConfig } from '../../lib/config/load';
import { testConfigInput } from '../support/settings';

/** DynamoDB's item size: attribute names' and values' UTF-8 bytes; numbers ~1 byte per 2 digits. */
function itemBytes(item: Record<string, number | string | Set<string>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'number') bytes += Math.ceil(String(value).length / 2) + 1;
    else if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else for (const element of value) bytes += Buffer.byteLength(element);
  }
  return bytes;
}

test('a month of counters and three days of held reservations fit in one item', () => {
  const item: Record<string, number | Set<string>> = { m: 999_999_999 };
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
    for (let i = 0; i < MAX_REPLIES_PER_DAY; i += 1) {
      const periods = { month: '2026-12', day, hour: `${day}T23` };
      held.add(
        heldEntry({ id: `${'f'.repeat(36)}-${i}@1798761599999`, periods, costMicros: 9_999_999 }),
      );
    }
    item[budgetAttribute.held(day)] = held;
  }
  expect(itemBytes(item)).toBeLessThan(400 * 1024);
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
