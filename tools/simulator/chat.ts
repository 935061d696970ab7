/**
 * `npm run simulate -- --chat --from +33612345678`: type SMS as a sender and see what the real
 * responder does with each one (the reply, or why there is none), in real time.
 */
import { createInterface } from 'node:readline/promises';
import { formatMicros } from '../../lib/config/money';
import type { ConfigInput } from '../../lib/config';
import { startLocalEnvironment } from '../local/environment';
import { ContainerHost } from '../local/host';
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
  const lines = createInterface({ input: options.input, terminal: false });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const handled = await host.handle(
        0,
        localSnsRecord(
          inboundJson({ from: options.from, to: env.settings.originationNumber, body: line }),
          Date.now(),
        ),
        Date.now(),
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
      for (const sms of handled.sent) {
        say(`  << ${sms.body}`);
        say(
          `     (${sms.segments} segment(s), ${formatMicros(sms.costMicros, env.settings.budget.currency)})`,
        );
      }
    }
  } finally {
    host.stop();
    await env.stop();
  }
}
