/**
 * Finding the exact reservation of one inbound message from the budget item's held entries:
 * the decision time is tried millisecond by millisecond over the invocation's range, then the
 * clocks' margin; a day boundary in the budget's time zone moves to the next day's set.
 */
import { heldEntry, reservationId } from '../../lambda/items/budget-ledger';
import type { PeriodKeys } from '../../lambda/domain/calendar';
import { periodKeys } from '../../lambda/domain/calendar';
import { CLOCK_SKEW_MS, findReservation } from '../../tools/admin/reservation-search';

const ID = '3f1c2b4a-0000-4000-8000-00000000abcd';
const COST = 150_000;
const TZ = 'Europe/Paris';

/** A budget item holding the reservation decided at `decidedAtMs`, plus another message's. */
function table(decidedAtMs: number): (periods: PeriodKeys) => Promise<ReadonlySet<string>> {
  const periods = periodKeys(decidedAtMs, TZ);
  const entries = new Set([
    heldEntry({ id: reservationId(ID, decidedAtMs), periods, costMicros: COST }),
    heldEntry({ id: reservationId('another-message', decidedAtMs), periods, costMicros: COST }),
  ]);
  return async (asked) => (asked.day === periods.day ? entries : new Set());
}

test.each([
  ['inside the invocation', 1_500],
  ['just before it (the laptop clock ahead)', -90_000],
  ['just after it (the laptop clock behind)', 10_000 + 90_000],
])('the decision time %s is found exactly', async (_name, offset) => {
  const fromMs = Date.UTC(2026, 10, 29, 16, 30, 0);
  const decidedAtMs = fromMs + offset;
  const found = await findReservation(
    { inboundId: ID, costMicros: COST, fromMs, toMs: fromMs + 10_000, timeZone: TZ },
    table(decidedAtMs),
  );
  expect(found).toEqual({
    id: reservationId(ID, decidedAtMs),
    periods: periodKeys(decidedAtMs, TZ),
    costMicros: COST,
  });
});

test('across midnight in the budget time zone: the next day set holds it', async () => {
  // 23:00 UTC on 29 November is midnight in Paris.
  const fromMs = Date.UTC(2026, 10, 29, 22, 59, 59, 900);
  const decidedAtMs = fromMs + 200;
  const found = await findReservation(
    { inboundId: ID, costMicros: COST, fromMs, toMs: fromMs + 400, timeZone: TZ },
    table(decidedAtMs),
  );
  expect(found?.periods.day).toBe('2026-11-30');
});

test('nothing held for this message, another amount, or beyond the margin: undefined', async () => {
  const fromMs = Date.UTC(2026, 10, 29, 16, 30, 0);
  const clue = { inboundId: ID, costMicros: COST, fromMs, toMs: fromMs + 1_000, timeZone: TZ };
  expect(await findReservation(clue, async () => new Set())).toBeUndefined();
  expect(
    await findReservation({ ...clue, costMicros: 75_000 }, table(fromMs + 10)),
  ).toBeUndefined();
  expect(await findReservation(clue, table(fromMs - CLOCK_SKEW_MS - 1))).toBeUndefined();
});
