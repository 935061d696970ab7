/**
 * `npm run simulate -- --chat --from +33612345678`: type SMS as a sender and see what the real
 * responder does with each one (the reply, or why there is none), in real time.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline/promises';
import type { SNSEventRecord } from 'aws-lambda';
import { formatMicros } from '../../lib/config/money';
import type { ConfigInput } from '../../lib/config';
import { startLocalEnvironment } from '../local/environment';
import { ContainerHost } from '../local/host';
import { DROP_EXPLANATIONS } from './explain';

function record(from: string, to: string, body: string): SNSEventRecord {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:local:000000000000:antirelou-inbound:chat',
    Sns: {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: 'arn:aws:sns:local:000000000000:antirelou-inbound',
      Subject: '',
      Message: JSON.stringify({
        originationNumber: from,
        destinationNumber: to,
        messageKeyword: '',
        messageBody: body,
        inboundMessageId: randomUUID(),
        previousPublishedMessageId: randomUUID(),
      }),
      Timestamp: new Date().toISOString(),
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  };
}

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
        record(options.from, env.settings.originationNumber, line),
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
