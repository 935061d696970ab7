/**
 * Money in the config is written in currency units ("day": 40 means EUR 40) and converted once,
 * exactly, to integer micro-units: every counter and every comparison after that is an integer.
 */
export const MICROS_PER_UNIT = 1_000_000;

/** True when `amount` has at most six decimals, i.e. is a whole number of micro-units. */
export function isWholeMicros(amount: number): boolean {
  const micros = amount * MICROS_PER_UNIT;
  return Number.isFinite(micros) && Math.abs(micros - Math.round(micros)) < 1e-6;
}

/** Currency units → integer micro-units (`0.075` → `75000`). */
export function toMicros(amount: number): number {
  return Math.round(amount * MICROS_PER_UNIT);
}

/** Integer micro-units → a display string in currency units (`75000, 'EUR'` → `EUR 0.075`). */
export function formatMicros(micros: number, currency: string): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const units = Math.floor(abs / MICROS_PER_UNIT);
  const fraction = String(abs % MICROS_PER_UNIT)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${currency} ${sign}${units}.${fraction}`;
}

/** Micro-units in a cent (0.01 of the currency). */
const MICROS_PER_CENT = 10_000;

/**
 * Money for people, to the cent (`EUR 214.58`): {@link formatMicros} on the amount rounded half
 * up to a whole cent. The JSON outputs keep the exact micro-units.
 */
export function formatCents(micros: number, currency: string): string {
  const cents = Math.sign(micros) * Math.round(Math.abs(micros) / MICROS_PER_CENT);
  return formatMicros(cents * MICROS_PER_CENT, currency);
}

/**
 * An amount in currency units that is not kept as micro-units (an estimate, a price per
 * million) → {@link formatMicros} of it rounded to a micro-unit.
 */
export function formatAmount(amount: number, currency: string): string {
  return formatMicros(toMicros(amount), currency);
}
