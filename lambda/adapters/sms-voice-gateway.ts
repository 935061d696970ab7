import type { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { OutboundSms, SendResult, SmsGateway } from './sms-gateway';
import { classifySendError } from './sms-gateway';
import { RECEIPT_TAG_KEY } from '../receipt-tag';

/** Options of the End User Messaging SMS way of sending. */
export interface SmsVoiceSenderOptions {
  /** Our number's (or pool's) ARN or id; an ARN lets IAM scope `SendTextMessage` to it. */
  readonly originationIdentity: string;
  /**
   * `MaxPrice`, USD per text message (all its parts): the service refuses a dearer message
   * synchronously, with an error, so nothing is sent and the reservation is given back.
   */
  readonly maxPriceUsd: number;
  /** Configuration set (event destinations, default protect configuration), when one is used. */
  readonly configurationSetName?: string;
  /** Protect configuration whose country rules apply to the send (overrides the account's). */
  readonly protectConfigurationId?: string;
}

/**
 * `MaxPrice` is a decimal string with at most five decimals (e.g. "0.50000"); the config's
 * number is formatted the same way as the SNS sender's `AWS.SNS.SMS.MaxPrice`.
 */
const MAX_PRICE_DECIMALS = 5;

/**
 * Sends with AWS End User Messaging SMS `SendTextMessage`, Transactional, from our number.
 * https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_SendTextMessage.html
 */
export class SmsVoiceGateway implements SmsGateway {
  constructor(
    private readonly client: PinpointSMSVoiceV2Client,
    private readonly options: SmsVoiceSenderOptions,
  ) {}

  async send(sms: OutboundSms): Promise<SendResult> {
    const { configurationSetName, protectConfigurationId } = this.options;
    try {
      const result = await this.client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: sms.to,
          OriginationIdentity: this.options.originationIdentity,
          MessageBody: sms.body,
          MessageType: 'TRANSACTIONAL',
          MaxPrice: this.options.maxPriceUsd.toFixed(MAX_PRICE_DECIMALS),
          ...(configurationSetName === undefined
            ? {}
            : { ConfigurationSetName: configurationSetName }),
          ...(protectConfigurationId === undefined
            ? {}
            : { ProtectConfigurationId: protectConfigurationId }),
          ...(sms.tag === undefined ? {} : { Context: { [RECEIPT_TAG_KEY]: sms.tag } }),
        }),
      );
      return { status: 'sent', messageId: result.MessageId };
    } catch (error) {
      return classifySendError(error);
    }
  }
}
