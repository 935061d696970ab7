/**
 * Sending the reply. Both ways of sending (SNS Publish, End User Messaging SendTextMessage)
 * sit behind {@link SmsGateway} and classify failures the same way.
 */
import { redactNumbers } from '../domain/phone';

/** One outbound SMS. */
export interface OutboundSms {
  /** Destination, E.164. */
  readonly to: string;
  readonly body: string;
  /** The reply's receipt tag (`receipt-tag.ts`), sent as its `Context` by End User Messaging. */
  readonly tag?: string;
}

/**
 * `sent`: the service accepted it. `rejected`: the service refused it (a client fault: nothing
 * was sent, the money is given back). `unknown`: no answer or a server fault: it may have gone
 * out, so the money stays spent (the budget is never exceeded, not even by one SMS).
 */
export type SendResult =
  | { readonly status: 'sent'; readonly messageId: string | undefined }
  | { readonly status: 'rejected'; readonly error: string }
  | { readonly status: 'unknown'; readonly error: string };

/** A way to send the reply. */
export interface SmsGateway {
  send(sms: OutboundSms): Promise<SendResult>;
}

/**
 * Classifies an AWS SDK v3 error: only a client fault is a definite "not sent". The description
 * has its phone numbers masked: AWS quotes the number it refused, and the description is logged.
 */
export function classifySendError(error: unknown): SendResult {
  const err = error as { name?: string; message?: string; $fault?: string };
  const description = redactNumbers(`${err.name ?? 'Error'}: ${err.message ?? String(error)}`);
  return err.$fault === 'client'
    ? { status: 'rejected', error: description }
    : { status: 'unknown', error: description };
}
