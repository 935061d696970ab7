/**
 * The SNS record local mode delivers to the responder, carrying an inbound SMS as End User
 * Messaging SMS publishes it (or any raw string, to replay malformed input).
 */
import { randomUUID } from 'node:crypto';
import type { SNSEventRecord } from 'aws-lambda';

const LOCAL_TOPIC_ARN = 'arn:aws:sns:local:000000000000:antirelou-inbound';

export interface LocalSms {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly id?: string;
  readonly keyword?: string;
}

/** The JSON the SMS service publishes for one inbound SMS. */
export function inboundJson(sms: LocalSms): string {
  return JSON.stringify({
    originationNumber: sms.from,
    destinationNumber: sms.to,
    messageKeyword: sms.keyword ?? '',
    messageBody: sms.body,
    inboundMessageId: sms.id ?? randomUUID(),
    previousPublishedMessageId: randomUUID(),
  });
}

/** An SNS record around `message`, received by SNS at `atMs`. */
export function localSnsRecord(message: string, atMs: number): SNSEventRecord {
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${LOCAL_TOPIC_ARN}:local`,
    Sns: {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: LOCAL_TOPIC_ARN,
      Subject: '',
      Message: message,
      Timestamp: new Date(atMs).toISOString(),
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  };
}
