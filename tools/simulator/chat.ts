/**
 * `npm run simulate -- --chat --from +33612345678`: type SMS as a sender and see what the real
 * responder does with each one (the reply, or why there is none), in real time.
 */
import { createInterface } from 'node:readline/promises';
import { formatMicros } from '../../lib/config/money';
import type { ConfigInput } from '../../lib/config';
import { startLocalEnvironment } from '../local/environment';
import { ContainerHost } from '../local/host';
import type { SentSms } from '../local/sms-sink';
import { inboundJson, localSnsRecord } from '../local/sns-record';
import { DROP_EXPLANATIONS } from './explain';

export async function chat(options: {
  from: string;
  config: ConfigInput;
  stateDir?: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}): Promise<void> {
  const env = await startLocalEnvironment({ config: options.config, stateDir: options.stateDir });
  const host = new ContainerHost(env.hostDescriptor(1));
  const say = (line: string): boolean => options.output.write(`${line}\n`);
  say(`antirelou chat: you are ${options.from}, texting ${env.settings.originationNumber}.`);
  say('Type an SMS and press Enter (Ctrl-D to quit).');
  if (env.settings.replyDelay) {
    say('Replies wait for the safety delay: type /wait to let that time pass.');
  }
  const lines = createInterface({ input: options.input, terminal: false });
  const currency = env.settings.budget.currency;
  const show = (sent: readonly SentSms[]): void => {
    for (const sms of sent) {
      say(`  << ${sms.body}`);
      say(`     (${sms.segments} segment(s), ${formatMicros(sms.costMicros, currency)})`);
    }
  };
  // Simulated time: the real clock, plus the delays /wait skipped.
  let skippedMs = 0;
  const now = (): number => Date.now() + skippedMs;
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      if (line.trim() === '/wait') {
        const due = host.scheduler.takeDue(Number.POSITIVE_INFINITY);
        if (due.length === 0) say('  -- no reply is waiting');
        for (const reply of due) {
          skippedMs = Math.max(skippedMs, reply.sendAtMs - Date.now());
          const delivered = await host.deliver(0, reply, now());
          const outcome = delivered.outcome;
          if (!outcome) say(`  !! the sender function failed (${delivered.error})`);
          else if (outcome.kind === 'cancelled')
            say(`  -- the waiting reply was cancelled: ${outcome.reason}`);
          show(delivered.sent);
        }
        continue;
      }
      const handled = await host.handle(
        0,
        localSnsRecord(
          inboundJson({ from: options.from, to: env.settings.originationNumber, body: line }),
          now(),
        ),
        now(),
      );
      const outcome = handled.outcome;
      if (!outcome)
        say(`  !! the handler failed (${handled.error}); Lambda would retry this message`);
      else if (outcome.kind === 'dropped')
        say(`  -- no reply: ${outcome.reason} (${DROP_EXPLANATIONS[outcome.reason]})`);
      else if (outcome.kind === 'opted_out')
        say('  -- opted out: no SMS will be sent to this number until START');
      else if (outcome.kind === 'opted_in')
        say('  -- opted in again: the next message may get a reply');
      else if (outcome.kind === 'scheduled')
        say(
          `  -- reply paid for (${formatMicros(outcome.costMicros, currency)}) and held until ` +
            `${new Date(outcome.sendAtMs).toISOString().slice(11, 19)} UTC (safety delay); /wait to skip ahead`,
        );
      show(handled.sent);
    }
  } finally {
    host.stop();
    await env.stop();
  }
}
