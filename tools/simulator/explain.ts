/** Plain-language explanations of the drop reasons, for the chat mode and the reports. */
import type { DropReason } from '../../lambda/domain/types';

export const DROP_EXPLANATIONS: Readonly<Record<DropReason, string>> = {
  malformed_record: 'the SNS record is not one the SMS service publishes',
  wrong_topic: 'the record came from another topic',
  too_large: 'the message is far larger than any SMS',
  bad_json: 'the message is not the JSON the SMS service publishes',
  missing_field: 'a required field is missing',
  bad_field: 'a field has the wrong type or form',
  wrong_destination: 'the SMS was for another number',
  invalid_sender: 'the sender is not a valid E.164 number',
  not_mobile: 'the sender is not a mobile number (landline, premium rate…)',
  body_too_long: 'the body is longer than any SMS',
  control_characters: 'the body has control characters',
  country_not_allowed: "the sender's country is not in the allow-list",
  no_price: "there is no price for the sender's country",
  paused: 'the service is paused by the maintainers',
  duplicate: 'the same inbound message was already handled',
  window: 'this number already got its reply in the current window',
  opted_out: 'this number sent STOP',
  blocked: 'this number is blocked by the maintainers',
  flagged: 'this number was flagged for abuse',
  budget_hour: "this hour's budget is spent",
  budget_day: "today's budget is spent",
  budget_month: "this month's budget is spent",
  contention: 'another message of this number was being handled at the same time',
  send_failed: 'the SMS service refused the reply (the money was given back)',
  abusive:
    'the message has insults, threats or slurs: the sender is flagged and the message kept as evidence',
  repeater: 'this number sent too many messages: it is flagged',
  raid_hour: "raid mode: this hour's (lower) raid cap is spent",
  raid_not_new: 'raid mode: only numbers never seen before get a reply',
};
