/**
 * SNS events as Lambda receives them, carrying inbound SMS as AWS End User Messaging SMS
 * publishes them. Shapes from AWS's documentation:
 * - the SNS event: https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
 * - the inbound SMS: https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
 */
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { randomUUID } from 'node:crypto';

export const TEST_TOPIC_ARN = 'arn:aws:sns:eu-west-3:123456789012:antirelou-inbound';
export const OUR_NUMBER = '+33700000000';

/** The example payload from the AWS End User Messaging SMS user guide, verbatim. */
export const AWS_DOC_INBOUND_SMS = {
  originationNumber: '+14255550182',
  destinationNumber: '+12125550101',
  messageKeyword: 'JOIN',
  messageBody: 'EXAMPLE',
  inboundMessageId: 'cae173d2-66b9-564c-8309-21f858e9fb84',
  previousPublishedMessageId: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** One SNS record around a raw message string (the Lambda SNS event example from AWS). */
export function snsRecord(
  message: string,
  topicArn = TEST_TOPIC_ARN,
  timestamp = '2019-01-02T12:45:07.000Z',
): SNSEventRecord {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: `${topicArn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: timestamp,
      Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
      SigningCertUrl:
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
      MessageId: randomUUID(),
      Message: message,
      MessageAttributes: {},
      Type: 'Notification',
      UnsubscribeUrl:
        'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&amp;SubscriptionArn=arn:aws:sns:us-east-1:123456789012:test-lambda:0b5b7b29-9e1d-4a59-97ab-4a1ab2a3a2f1',
      TopicArn: topicArn,
      Subject: null as unknown as string,
    },
  };
}

export interface InboundFields {
  from: string;
  body: string;
  to?: string;
  id?: string;
  keyword?: string;
  /** When SNS received it (epoch ms); default: the AWS documentation sample's timestamp. */
  at?: number;
}

/** The JSON the SMS service publishes for one inbound SMS. */
export function inboundMessage(fields: InboundFields): string {
  return JSON.stringify({
    originationNumber: fields.from,
    destinationNumber: fields.to ?? OUR_NUMBER,
    messageKeyword: fields.keyword ?? '',
    messageBody: fields.body,
    inboundMessageId: fields.id ?? randomUUID(),
    previousPublishedMessageId: randomUUID(),
  });
}

export function smsEvent(...messages: InboundFields[]): SNSEvent {
  return {
    Records: messages.map((fields) =>
      snsRecord(
        inboundMessage(fields),
        TEST_TOPIC_ARN,
        fields.at === undefined ? undefined : new Date(fields.at).toISOString(),
      ),
    ),
  };
}

/** `count` distinct valid French mobile numbers (+336 12 34 xx xx style). */
export function frenchMobiles(count: number, start = 0): string[] {
  return Array.from({ length: count }, (_, i) => `+3361${String(start + i).padStart(7, '0')}`);
}
