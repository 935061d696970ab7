/**
 * The synthetic inbound message of `verify`, and its delivery: an SNS event as the inbound topic
 * delivers it (the stack's topic ARN, which the responder checks), carrying the JSON that End
 * User Messaging publishes for an inbound SMS (docs/aws-facts.md §6, "Inbound payload"), from one
 * of AWS's destination simulator numbers; invoked synchronously (Lambda Invoke, RequestResponse).
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { SNSEvent } from 'aws-lambda';
import type { Outcome, ResponderSettings } from '../../lambda/domain/types';
import { redactNumbers } from '../../lambda/domain/phone';
import { DESTINATION_SIMULATOR_NUMBERS } from '../../lib/config/number-rules';
import type { AwsClients } from './aws-clients';
import { call } from './checks';

/** The body of the synthetic message: no keyword, nothing abusive. */
export const VERIFY_BODY = 'Bonjour (antirelou verify)';

/**
 * The sender of the synthetic message: AWS's "success" destination simulator number of the first
 * allowed country that has one (`DESTINATION_SIMULATOR_NUMBERS`, docs/aws-facts.md §5), and one
 * the responder replies to (`replyOnlyTo`, when the deployed settings have it). Simulator
 * numbers receive test messages without reaching any phone; none of them can send one.
 */
export function simulatorSender(
  settings: Pick<ResponderSettings, 'allowedCountries'> & {
    readonly replyOnlyTo?: readonly string[];
  },
): { country: string; number: string } | undefined {
  for (const country of settings.allowedCountries) {
    const number = DESTINATION_SIMULATOR_NUMBERS[country]?.success;
    if (number === undefined) continue;
    if (settings.replyOnlyTo !== undefined && !settings.replyOnlyTo.includes(number)) continue;
    return { country, number };
  }
  return undefined;
}

/** One SNS record as the inbound topic delivers it to the responder. */
export function syntheticEvent(
  settings: ResponderSettings,
  topicArn: string,
  from: string,
  inboundId: string,
  nowMs: number,
): SNSEvent {
  const message = {
    originationNumber: from,
    destinationNumber: settings.originationNumber,
    messageKeyword: '',
    messageBody: VERIFY_BODY,
    inboundMessageId: inboundId,
    previousPublishedMessageId: '',
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${topicArn}:antirelou-verify`,
        Sns: {
          Type: 'Notification',
          MessageId: inboundId,
          TopicArn: topicArn,
          Message: JSON.stringify(message),
          Timestamp: new Date(nowMs).toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** What the invocation gave: the responder's outcome, or its failure. */
export type Invocation =
  | { readonly ok: true; readonly outcome: Outcome | undefined }
  | { readonly ok: false; readonly error: string };

/** Invokes the responder once, synchronously (no retry: it would be a second message). */
export async function invokeResponder(
  clients: AwsClients,
  functionName: string,
  event: SNSEvent,
): Promise<Invocation> {
  const answer = await call('lambda:InvokeFunction', () =>
    clients.lambdaInvoke.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(event)),
      }),
    ),
  );
  const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
  let payload: { outcomes?: Outcome[]; errorType?: string; errorMessage?: string } = {};
  try {
    payload = text ? (JSON.parse(text) as typeof payload) : {};
  } catch {
    return {
      ok: false,
      error: `the responder answered something that is not JSON (${text.slice(0, 80)})`,
    };
  }
  if (answer.FunctionError !== undefined) {
    const why = `${payload.errorType ?? answer.FunctionError}: ${payload.errorMessage ?? ''}`;
    return { ok: false, error: `the responder failed (${redactNumbers(why)})` };
  }
  return { ok: true, outcome: payload.outcomes?.[0] };
}
