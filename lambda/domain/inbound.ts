import { checkSenderNumber } from './phone';
import type { DropReason, ResponderSettings } from './types';

/**
 * An inbound SMS as AWS End User Messaging SMS publishes it to SNS, validated.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-payload.html
 */
export interface InboundSms {
  /** The sender, canonical E.164. */
  readonly from: string;
  /** ISO country of the sender's mobile number, when the number belongs to one. */
  readonly country: string | undefined;
  /** Our number, as addressed. */
  readonly to: string;
  readonly body: string;
  /** The keyword AWS matched on our number, if any (often empty). */
  readonly keyword: string;
  readonly inboundMessageId: string;
  /**
   * When SNS received the message (the record's `Timestamp`): the same for every redelivery,
   * so evidence records of a redelivered message are the same record.
   */
  readonly receivedAtMs?: number;
}

export type ParseResult =
  | { readonly ok: true; readonly sms: InboundSms }
  | { readonly ok: false; readonly reason: DropReason; readonly detail: string };

/**
 * The SNS message carrying one SMS is small JSON (a 10-part SMS is at most 1,530 characters).
 * Anything far larger is not from the SMS service and is not even parsed.
 */
export const MAX_SNS_MESSAGE_CHARS = 16_384;

/** Inbound ids are UUIDs from AWS; accept a generous but safe alphabet and length. */
const MESSAGE_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Eight digits in a row could be a phone number, which the id would carry into logs and the
 * table (ids are logged and stored in full); AWS's UUIDs may hold such runs, other ids may not.
 */
const NUMBER_LIKE = /\d{8}/;

/** Why an inbound id is refused, if it is. */
function messageIdProblem(id: string): string | undefined {
  if (!MESSAGE_ID.test(id)) return 'inboundMessageId has an unexpected form';
  if (!UUID.test(id) && NUMBER_LIKE.test(id)) return 'inboundMessageId looks like a phone number';
  return undefined;
}

/**
 * C0 and C1 control characters (tab, LF and CR are normal in an SMS) and the Unicode
 * bidirectional overrides used to disguise text ("Trojan Source").
 */
const CONTROL_CHARACTERS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

const REQUIRED_FIELDS = [
  'originationNumber',
  'destinationNumber',
  'messageBody',
  'inboundMessageId',
] as const;

function reject(reason: DropReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns one SNS event record into a validated inbound SMS, or a typed rejection.
 * Never throws: whatever arrives, the worst outcome is a counted drop.
 */
export function parseRecord(record: unknown, settings: ResponderSettings): ParseResult {
  if (!isObject(record) || !isObject(record.Sns) || typeof record.Sns.Message !== 'string') {
    return reject('malformed_record', 'not an SNS record with a string Message');
  }
  const sns = record.Sns;
  if (settings.inboundTopicArn !== undefined && sns.TopicArn !== settings.inboundTopicArn) {
    return reject('wrong_topic', 'record from another topic');
  }
  const message = sns.Message as string;
  if (message.length > MAX_SNS_MESSAGE_CHARS) {
    return reject('too_large', `message of ${message.length} characters`);
  }
  const parsed = parseSmsPayload(message, settings);
  const receivedAtMs = typeof sns.Timestamp === 'string' ? Date.parse(sns.Timestamp) : Number.NaN;
  if (!parsed.ok || !Number.isFinite(receivedAtMs)) return parsed;
  return { ok: true, sms: { ...parsed.sms, receivedAtMs } };
}

/** Validates the JSON payload that AWS End User Messaging SMS publishes for one inbound SMS. */
export function parseSmsPayload(message: string, settings: ResponderSettings): ParseResult {
  let payload: unknown;
  try {
    payload = JSON.parse(message);
  } catch {
    return reject('bad_json', 'message is not JSON');
  }
  if (!isObject(payload)) {
    return reject('bad_json', 'message is not a JSON object');
  }
  for (const field of REQUIRED_FIELDS) {
    if (payload[field] === undefined || payload[field] === null) {
      return reject('missing_field', `missing ${field}`);
    }
    if (typeof payload[field] !== 'string') {
      return reject('bad_field', `${field} is not a string`);
    }
  }
  const keyword = payload.messageKeyword ?? '';
  if (typeof keyword !== 'string' || keyword.length > 64) {
    return reject('bad_field', 'messageKeyword is not a short string');
  }
  const from = payload.originationNumber as string;
  const to = payload.destinationNumber as string;
  const body = payload.messageBody as string;
  const inboundMessageId = payload.inboundMessageId as string;

  const idProblem = messageIdProblem(inboundMessageId);
  if (idProblem) return reject('bad_field', idProblem);
  if (to !== settings.originationNumber) {
    return reject('wrong_destination', 'destinationNumber is not our number');
  }
  const sender = checkSenderNumber(from);
  if (!sender.ok) {
    return reject(sender.reason, 'originationNumber is not a valid mobile E.164 number');
  }
  if (body.length > settings.maxBodyChars) {
    return reject('body_too_long', `body of ${body.length} characters`);
  }
  if (CONTROL_CHARACTERS.test(body) || CONTROL_CHARACTERS.test(keyword)) {
    return reject('control_characters', 'body contains control characters');
  }
  return {
    ok: true,
    sms: { from: sender.e164, country: sender.country, to, body, keyword, inboundMessageId },
  };
}
