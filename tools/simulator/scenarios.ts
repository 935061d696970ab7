/**
 * Built-in scenarios, generated deterministically from a seed, from the facts of October 2017
 * (see the design brief): about 3,000 curious people in the first hours and 30,000 SMS in three
 * days; then, on day 4 from 16:00, a raid of 20,000+ abusive SMS in under 6 hours from bots
 * repeating and from rotating pools of fresh numbers, foreign and premium ranges included.
 * Every message is labelled `legit` so the report can count the real people served.
 */
import type { TraceEvent } from './trace';
import { Random } from './random';
import {
  CANNED,
  CHATTY,
  CURIOUS,
  firstText,
  FOLLOW_UPS,
  HELP_MESSAGES,
  RAID,
  RELOUS,
  STOP_MESSAGES,
} from './messages';

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Simulated wall-clock time of `t = 0`. */
  readonly startMs: number;
  readonly events: TraceEvent[];
}

export interface ScenarioOptions {
  readonly seed: number;
  /** Multiplies every count (1 = the real size; tests use small scales). */
  readonly scale: number;
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Friday 16 October 2026, 08:00 in Paris (06:00 UTC): the launch. */
export const LAUNCH_MS = Date.UTC(2026, 9, 16, 6, 0, 0);

/** Number pools, kept apart so that no generated raider shares a number with a real sender. */
class Numbers {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  private fresh(make: () => string): string {
    for (;;) {
      const number = make();
      if (!this.used.has(number)) {
        this.used.add(number);
        return number;
      }
    }
  }

  private digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i += 1) out += String(this.random.int(0, 9));
    return out;
  }

  /** Real people: French mobiles +3360, +3361, +3362, +3364, +3365 (fully allocated ranges). */
  person(): string {
    return this.fresh(() => `+336${this.random.pick([0, 1, 2, 4, 5])}${this.digits(7)}`);
  }

  /** Raid bots and rotating pools: French mobiles +3375…+3379 (SIM apps, virtual numbers). */
  raider(): string {
    return this.fresh(() => `+337${this.random.int(5, 9)}${this.digits(7)}`);
  }

  /** Foreign mobiles (Belgium, Switzerland, United Kingdom, Germany). */
  foreign(): string {
    const make = this.random.pick([
      () => `+32470${this.digits(6)}`,
      () => `+4179${this.digits(7)}`,
      () => `+447400${this.digits(6)}`,
      () => `+49151${this.digits(8)}`,
    ]);
    return this.fresh(make);
  }

  /** Premium-rate and other non-mobile ranges: never a valid destination for a reply. */
  premium(): string {
    return this.fresh(() =>
      this.random.chance(0.5) ? `+33899${this.digits(6)}` : `+33836${this.digits(6)}`,
    );
  }
}

class Builder {
  readonly events: TraceEvent[] = [];
  readonly random: Random;
  readonly numbers: Numbers;

  constructor(private readonly options: ScenarioOptions) {
    this.random = new Random(options.seed);
    this.numbers = new Numbers(this.random);
  }

  /** A count at this scale (at least 1 when the real count is not 0). */
  count(real: number): number {
    return real === 0 ? 0 : Math.max(1, Math.round(real * this.options.scale));
  }

  add(t: number, from: string, body: string, legit: boolean): void {
    this.events.push({ t: Math.round(t * 1000) / 1000, from, body, legit });
  }

  /** A time in [from, to) seconds, weighted towards the day (people sleep, bots do not). */
  daytime(from: number, to: number): number {
    for (;;) {
      const t = from + this.random.float() * (to - from);
      const hourOfDay = ((t + 8 * HOUR) % DAY) / HOUR; // t = 0 is 08:00 local
      const weight = hourOfDay < 7 ? 0.1 : hourOfDay < 9 ? 0.5 : 1;
      if (this.random.float() < weight) return t;
    }
  }

  /** One real, curious sender: a first message, maybe a follow-up, a STOP or a HELP. */
  curious(t: number): void {
    const from = this.numbers.person();
    const first = this.random.chance(0.02)
      ? this.random.pick(HELP_MESSAGES)
      : this.random.pick(CURIOUS);
    this.add(t, from, first, true);
    let at = t;
    if (this.random.chance(0.35))
      this.add((at += this.random.int(1, 20) * MINUTE), from, this.random.pick(FOLLOW_UPS), true);
    if (this.random.chance(0.1)) {
      for (let i = this.random.int(2, 5); i > 0; i -= 1) {
        this.add((at += this.random.int(1, 60) * MINUTE), from, this.random.pick(CURIOUS), true);
      }
    }
    if (this.random.chance(0.03))
      this.add(at + this.random.int(2, 30) * MINUTE, from, this.random.pick(STOP_MESSAGES), true);
  }

  /** One of the people the number is for: insists over hours. */
  relou(t: number): void {
    const from = this.numbers.person();
    let at = t;
    for (let i = this.random.int(1, 15); i > 0; i -= 1) {
      this.add(at, from, this.random.pick(RELOUS), true);
      at += this.random.exponential(40 * MINUTE);
    }
  }

  /** Someone who plays with the bot: many messages in a row. */
  tester(t: number): void {
    const from = this.numbers.person();
    let at = t;
    for (let i = this.random.int(10, 50); i > 0; i -= 1) {
      this.add(at, from, this.random.pick([...CURIOUS, ...FOLLOW_UPS]), true);
      at += this.random.exponential(3 * MINUTE);
    }
  }

  /** A real first-time sender with their own first text; maybe a thanks, maybe a STOP. */
  newcomer(t: number): void {
    const from = this.numbers.person();
    this.add(t, from, firstText(this.random), true);
    if (this.random.chance(0.35))
      this.add(t + this.random.int(1, 20) * MINUTE, from, this.random.pick(FOLLOW_UPS), true);
    if (this.random.chance(0.03))
      this.add(t + this.random.int(21, 60) * MINUTE, from, this.random.pick(STOP_MESSAGES), true);
  }

  /** A real person who chats with the bot, harmlessly, `count` times. */
  chatty(t: number, count: number): void {
    const from = this.numbers.person();
    let at = t;
    this.add(at, from, firstText(this.random), true);
    for (let i = count - 1; i > 0; i -= 1) {
      at += this.random.exponential(6 * MINUTE);
      this.add(at, from, this.random.pick(CHATTY), true);
    }
  }

  /** Real senders spread over a period. */
  background(from: number, to: number, senders: number): void {
    for (let i = this.count(senders); i > 0; i -= 1) {
      const t = this.daytime(from, to);
      if (this.random.chance(0.8)) this.curious(t);
      else this.relou(t);
    }
  }

  /** Raid traffic over [start, start + duration), rising then falling. */
  raidTime(start: number, duration: number): number {
    // Triangular: the forum call spreads, peaks, then the raiders tire.
    return start + duration * ((this.random.float() + this.random.float()) / 2);
  }

  build(name: string, description: string): Scenario {
    this.events.sort((a, b) => a.t - b.t);
    return { name, description, startMs: LAUNCH_MS, events: this.events };
  }
}

/** October 2017: launch weekend, then the raid of day 4 (Monday) from 16:00. */
function raid2017(options: ScenarioOptions): Scenario {
  const b = new Builder(options);
  // Launch: ~3,000 curious people in the first hours (press coverage), more over three days.
  for (let i = b.count(3000); i > 0; i -= 1)
    b.curious(Math.min(b.random.exponential(2 * HOUR), 12 * HOUR));
  b.background(12 * HOUR, 3 * DAY, 1800);
  for (let i = b.count(450); i > 0; i -= 1) b.relou(b.daytime(0, 3 * DAY));
  for (let i = b.count(600); i > 0; i -= 1) b.tester(b.daytime(0, 3 * DAY));
  // Day 4 (t = 3 days is Monday 08:00): ordinary traffic before, during and after the raid.
  b.background(3 * DAY, 4 * DAY + 14 * HOUR, 350);
  // The raid: 16:00 to 21:30 local, 20,000+ SMS.
  const raidStart = 3 * DAY + 8 * HOUR;
  const raidLength = 5.5 * HOUR;
  for (let bot = b.count(40); bot > 0; bot -= 1) {
    const from = b.numbers.raider();
    for (let i = b.count(250); i > 0; i -= 1)
      b.add(b.raidTime(raidStart, raidLength), from, b.random.pick(RAID), false);
  }
  for (let i = b.count(8500); i > 0;) {
    const from = b.numbers.raider();
    for (let k = b.random.chance(0.3) ? 2 : 1; k > 0 && i > 0; k -= 1, i -= 1) {
      b.add(b.raidTime(raidStart, raidLength), from, b.random.pick(RAID), false);
    }
  }
  for (let i = b.count(1200); i > 0; i -= 1) {
    b.add(b.raidTime(raidStart, raidLength), b.numbers.foreign(), b.random.pick(RAID), false);
  }
  for (let i = b.count(300); i > 0; i -= 1) {
    b.add(b.raidTime(raidStart, raidLength), b.numbers.premium(), b.random.pick(RAID), false);
  }
  return b.build(
    'raid2017',
    'Launch weekend (~3,000 curious people in the first hours, ~30,000 SMS in three days), then on ' +
      'day 4 from 16:00 a raid of 20,000+ abusive SMS in 5.5 hours (40 bots repeating, rotating ' +
      'fresh numbers, foreign and premium ranges), and ordinary traffic until day 5 evening.',
  );
}

/** A normal week. */
function quiet(options: ScenarioOptions): Scenario {
  const b = new Builder(options);
  for (let day = 0; day < 7; day += 1) {
    b.background(day * DAY, (day + 1) * DAY, 60);
  }
  return b.build(
    'quiet',
    'A normal week: about 60 new senders a day, some insisting, a few STOPs.',
  );
}

/** The worst case for per-sender limits: every raid message from a new number. */
function rotating(options: ScenarioOptions): Scenario {
  const b = new Builder(options);
  b.background(0, 2 * DAY, 400);
  const raidStart = 6 * HOUR; // 14:00 local
  for (let i = b.count(20_000); i > 0; i -= 1) {
    b.add(b.raidTime(raidStart, 5 * HOUR), b.numbers.raider(), b.random.pick(RAID), false);
  }
  return b.build(
    'rotating',
    'Two ordinary days with a raid of 20,000 SMS in 5 hours on day 1 from 14:00, every raid ' +
      'message from a fresh French mobile number.',
  );
}

/** A slow raid under the flood floor: canned benign texts from fresh numbers, 4 a minute for 8 hours. */
function slowraid(options: ScenarioOptions): Scenario {
  const b = new Builder(options);
  b.background(0, DAY, 250);
  const raidStart = 2 * HOUR; // 10:00 local
  const messages = b.count(4 * 60 * 8);
  for (let i = 0; i < messages; i += 1) {
    const t = raidStart + ((i + b.random.float()) * 8 * HOUR) / messages;
    b.add(t, b.numbers.raider(), b.random.pick(CANNED), false);
  }
  return b.build(
    'slowraid',
    'An ordinary day (about 250 real senders), with a slow raid from 10:00 to 18:00: 4 SMS a ' +
      'minute (under the 60-a-minute flood floor), each from a fresh number, from a list of 6 ' +
      'benign canned texts.',
  );
}

/** A launch rush of real people, each with their own first text. */
function launchrush(options: ScenarioOptions): Scenario {
  const b = new Builder(options);
  for (let i = b.count(3000); i > 0; i -= 1) b.newcomer(b.random.float() * 3 * HOUR);
  for (let day = 1; day <= 3; day += 1) {
    for (let i = b.count(100); i > 0; i -= 1) b.newcomer(b.daytime(day * DAY, (day + 1) * DAY));
  }
  return b.build(
    'launchrush',
    '3,000 real first-time senders in 3 hours, then 100 a day for 3 days; first texts as varied ' +
      'as people write (a quarter short and generic, a tenth one of 5 common phrases, the rest ' +
      'their own words).',
  );
}

/** Forty chatty real people over an ordinary day: harmless, many times each. */
function chatty(options: ScenarioOptions): Scenario {
  const b = new Builder(options);
  b.background(0, DAY, 250);
  for (let i = b.count(40); i > 0; i -= 1)
    b.chatty(b.daytime(0, DAY - 6 * HOUR), b.random.int(40, 60));
  return b.build(
    'chatty',
    'An ordinary day (about 250 real senders) and 40 chatty real people who text the bot 40 to ' +
      '60 times each ("mdr", "t\'es un robot ?"): nothing abusive.',
  );
}

export const SCENARIOS: Readonly<Record<string, (options: ScenarioOptions) => Scenario>> = {
  raid2017,
  quiet,
  rotating,
  slowraid,
  launchrush,
  chatty,
};

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS);
}
