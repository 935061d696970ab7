/**
 * `npm run simulate -- --chat --from +33612345678`: type SMS as a sender and see what the real
 * responder does with each one (the reply, or why there is none), in simulated time that runs
 * with the wall clock and jumps forward with `/wait`. Lines starting with `/` are commands
 * (`chat-commands.ts`), never SMS. After each message the chat says what the next one would get,
 * computed from the responder's own decision (`next-reply.ts`).
 */
import { createInterface } from 'node:readline/promises';
import { periodKeys } from '../../lambda/domain/calendar';
import { effectiveCaps } from '../../lambda/domain/policy';
import { raidModeOn } from '../../lambda/domain/types';
import type { ConfigInput } from '../../lib/config';
import { formatMicros } from '../../lib/config/money';
import { localTime } from '../admin/format';
import type { LocalEnvironment } from '../local/environment';
import { startLocalEnvironment } from '../local/environment';
import { ContainerHost } from '../local/host';
import { MetricsRecorder, saveMetrics } from '../local/local-metrics';
import type { SentSms } from '../local/sms-sink';
import { inboundJson, localSnsRecord } from '../local/sns-record';
import { CHAT_HELP, parseChatLine } from './chat-commands';
import { DROP_EXPLANATIONS } from './explain';
import type { NextReply } from './next-reply';
import { nextReply } from './next-reply';
import { dataUntilMs, isStateFolder } from './state-folder';

/** How the chat is started (tests pass streams and a still wall clock). */
export interface ChatOptions {
  readonly from: string;
  readonly config: ConfigInput;
  readonly configFile?: string;
  readonly stateDir?: string;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** The wall clock (default `Date.now`); simulated time moves with it and with `/wait`. */
  readonly wallClock?: () => number;
}

const minutes = (seconds: number): string => `${+(seconds / 60).toFixed(1)} min`;

/** The one line the chat says about the next message. */
export function describeNext(next: NextReply, currency: string, timeZone: string): string {
  if (next.kind === 'none') {
    const until = next.untilMs === undefined ? '' : `; until ${localTime(next.untilMs, timeZone)}`;
    return `  ?? next message: no reply: ${next.reason} (${DROP_EXPLANATIONS[next.reason]}${until})`;
  }
  if (next.kind === 'wait') {
    return (
      `  ?? next message: refused for money (${next.reason}), then the waiting list: a reply ` +
      `from ${localTime(next.fromMs, timeZone)} if the money is there, unless it is STOP, HELP or abusive`
    );
  }
  const delay = next.delaySeconds;
  const when =
    delay === undefined
      ? 'sent at once'
      : `sent after the safety delay (${delay.min === delay.max ? minutes(delay.min) : `${minutes(delay.min)}–${minutes(delay.max)}`})`;
  return (
    `  ?? next message: a reply (${formatMicros(next.costMicros, currency)}, ${next.segments} ` +
    `segment(s)), ${when}, unless it is STOP, HELP or abusive`
  );
}

/** One chat: the environment, one simulated container, the sender, and simulated time. */
class ChatSession {
  private skippedMs = 0;
  readonly recorder = new MetricsRecorder();
  readonly host: ContainerHost;
  private readonly wallStart: number;

  constructor(
    readonly env: LocalEnvironment,
    public from: string,
    private readonly baseMs: number,
    private readonly wall: () => number,
    private readonly say: (line: string) => void,
  ) {
    this.host = new ContainerHost(env.hostDescriptor(1), (clock) =>
      this.recorder.telemetryFor(clock),
    );
    this.wallStart = wall();
  }

  /** Simulated now. */
  now(): number {
    return this.baseMs + (this.wall() - this.wallStart) + this.skippedMs;
  }

  private time(ms: number): string {
    return localTime(ms, this.env.settings.budget.timeZone);
  }

  private show(sent: readonly SentSms[]): void {
    const currency = this.env.settings.budget.currency;
    for (const sms of sent) {
      this.say(`  << ${sms.body}`);
      this.say(`     (${sms.segments} segment(s), ${formatMicros(sms.costMicros, currency)})`);
    }
  }

  /** Sends the replies due by now, in their order. */
  async deliverDue(): Promise<number> {
    const due = this.host.scheduler.takeDue(this.now());
    for (const reply of due) {
      this.recorder.reach(reply.sendAtMs);
      const delivered = await this.host.deliver(0, reply, reply.sendAtMs);
      const outcome = delivered.outcome;
      if (!outcome) this.say(`  !! the dispatcher failed (${delivered.error})`);
      else if (outcome.kind === 'cancelled') {
        this.say(`  -- the waiting reply was cancelled: ${outcome.reason}`);
      }
      this.show(delivered.sent);
    }
    return due.length;
  }

  async tellNext(): Promise<void> {
    const { currency, timeZone } = this.env.settings.budget;
    this.say(describeNext(await nextReply(this.env, this.from, this.now()), currency, timeZone));
  }

  async sms(body: string): Promise<void> {
    await this.deliverDue();
    const nowMs = this.now();
    this.recorder.reach(nowMs);
    const to = this.env.settings.originationNumber;
    const handled = await this.host.handle(
      0,
      localSnsRecord(inboundJson({ from: this.from, to, body }), nowMs),
      nowMs,
    );
    this.sayOutcome(handled.outcome, handled.error);
    this.show(handled.sent);
    await this.tellNext();
  }

  private sayOutcome(
    outcome: Awaited<ReturnType<ContainerHost['handle']>>['outcome'],
    error?: string,
  ): void {
    const currency = this.env.settings.budget.currency;
    if (!outcome) this.say(`  !! the handler failed (${error}); Lambda would retry this message`);
    else if (outcome.kind === 'dropped') {
      this.say(`  -- no reply: ${outcome.reason} (${DROP_EXPLANATIONS[outcome.reason]})`);
    } else if (outcome.kind === 'opted_out') {
      this.say('  -- opted out: no SMS will be sent to this number until START');
    } else if (outcome.kind === 'opted_in') this.say('  -- opted in again (START)');
    else if (outcome.kind === 'waiting') {
      this.say(
        `  -- waiting for money (${outcome.reason}): nothing paid yet; tried again at ` +
          `${this.time(outcome.sendAtMs)} (the waiting list); /wait to let the time pass`,
      );
    } else if (outcome.kind === 'scheduled') {
      this.say(
        `  -- reply paid for (${formatMicros(outcome.costMicros, currency)}) and held until ` +
          `${this.time(outcome.sendAtMs)} (safety delay); /wait to let the time pass`,
      );
    }
  }

  /** `/wait [duration]`: moves simulated time on, and sends what falls due. */
  async wait(ms: number | undefined): Promise<void> {
    let by = ms;
    if (by === undefined) {
      const next = this.host.scheduler.nextDueMs();
      if (next === undefined) {
        this.say('  -- no reply is waiting; /wait 25m lets 25 minutes pass');
        return;
      }
      by = Math.max(0, next - this.now());
    }
    this.skippedMs += by;
    this.recorder.reach(this.now());
    this.say(`  .. ${Math.round(by / 60_000)} min later: ${this.time(this.now())}`);
    if ((await this.deliverDue()) === 0) this.say('  -- nothing was due');
    await this.tellNext();
  }

  async status(): Promise<void> {
    const { settings, items } = this.env;
    const { currency, timeZone } = settings.budget;
    const nowMs = this.now();
    const control = await items.control.read();
    const caps = effectiveCaps(settings, control);
    const spent = await items.ledger.readSpent(periodKeys(nowMs, timeZone));
    const m = (micros: number): string => formatMicros(micros, currency);
    const { size, nextDueMs } = {
      size: this.host.scheduler.size,
      nextDueMs: this.host.scheduler.nextDueMs(),
    };
    this.say(`  == ${this.time(nowMs)} ${timeZone} (simulated); you are ${this.from}`);
    this.say(
      `  == replies ${control.paused ? `PAUSED${control.pausedReason ? ` ("${control.pausedReason}")` : ''}` : 'running'}; ` +
        `raid mode ${raidModeOn(control) ? 'ON' : 'off'}`,
    );
    this.say(
      `  == budget: hour ${m(spent.hour)} / ${m(caps.hourMicros)}, day ${m(spent.day)} / ` +
        `${m(caps.dayMicros)}, month ${m(spent.month)} / ${m(caps.monthMicros)}`,
    );
    this.say(
      nextDueMs === undefined
        ? '  == no reply waiting'
        : `  == ${size} repl${size === 1 ? 'y' : 'ies'} waiting, next due ${this.time(nextDueMs)}`,
    );
    await this.tellNext();
  }
}

async function startTime(
  existing: string | undefined,
  env: LocalEnvironment,
  wall: () => number,
): Promise<number> {
  const until = existing === undefined ? undefined : await dataUntilMs(existing, env);
  // A state folder's data may lie ahead of the wall clock: the chat goes on after it.
  return Math.max(wall(), until === undefined ? 0 : until + 1000);
}

/** Runs the chat until /quit or the end of the input. */
export async function chat(options: ChatOptions): Promise<void> {
  const existing = isStateFolder(options.stateDir) ? options.stateDir : undefined;
  const env = await startLocalEnvironment({
    config: options.config,
    stateDir: options.stateDir,
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
  });
  const wall = options.wallClock ?? Date.now;
  const say = (line: string): void => void options.output.write(`${line}\n`);
  const session = new ChatSession(
    env,
    options.from,
    await startTime(existing, env, wall),
    wall,
    say,
  );
  say(`antirelou chat: you are ${options.from}, texting ${env.settings.originationNumber}.`);
  say('Type an SMS and press Enter. /help lists the commands; /quit or Ctrl-D leaves.');
  await session.tellNext();
  const lines = createInterface({ input: options.input, terminal: false });
  try {
    for await (const raw of lines) {
      if (raw.trim() === '') continue;
      if (!(await runLine(session, raw, say))) break;
    }
  } finally {
    lines.close();
    session.host.stop();
    if (options.stateDir !== undefined) {
      session.recorder.reach(session.now());
      saveMetrics(options.stateDir, session.recorder.metrics);
    }
    await env.stop();
  }
}

/** One typed line; false to leave. */
async function runLine(
  session: ChatSession,
  raw: string,
  say: (line: string) => void,
): Promise<boolean> {
  const line = parseChatLine(raw);
  switch (line.kind) {
    case 'quit':
      say('bye');
      return false;
    case 'help':
      CHAT_HELP.forEach((text) => say(text));
      return true;
    case 'status':
      await session.status();
      return true;
    case 'wait':
      await session.wait(line.ms);
      return true;
    case 'from':
      session.from = line.number;
      say(`  == you are now ${line.number}`);
      await session.tellNext();
      return true;
    case 'invalid':
      say(`  !! ${line.message}`);
      return true;
    default:
      await session.sms(line.body);
      return true;
  }
}
