import type { SNSClient } from '@aws-sdk/client-sns';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { OutboundSms, SendResult, SmsGateway } from './sms-gateway';
import { classifySendError } from './sms-gateway';

/** Options of the SNS way of sending. */
export interface SnsSenderOptions {
  /** Our number, sent as `AWS.MM.SMS.OriginationNumber`. */
  readonly originationNumber: string;
  /** `AWS.SNS.SMS.MaxPrice`, USD per SMS: SNS refuses to deliver a dearer message. */
  readonly maxPriceUsd: number;
}

/**
 * Sends with SNS Publish to a phone number, Transactional, from our number.
 * https://docs.aws.amazon.com/sns/latest/dg/sms_publish-to-phone.html
 */
export class SnsSmsGateway implements SmsGateway {
  constructor(
    private readonly client: SNSClient,
    private readonly options: SnsSenderOptions,
  ) {}

  async send(sms: OutboundSms): Promise<SendResult> {
    try {
      const result = await this.client.send(
        new PublishCommand({
          PhoneNumber: sms.to,
          Message: sms.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.MM.SMS.OriginationNumber': {
              DataType: 'String',
              StringValue: this.options.originationNumber,
            },
            'AWS.SNS.SMS.MaxPrice': {
              DataType: 'Number',
              StringValue: this.options.maxPriceUsd.toFixed(5),
            },
          },
        }),
      );
      return { status: 'sent', messageId: result.MessageId };
    } catch (error) {
      return classifySendError(error);
    }
  }
}
