/**
 * A corpus of malformed inbound records: what a broken, spoofed or hostile publisher could put
 * on the topic. Each entry names the drop reason the responder must give.
 */
import type { DropReason } from '../../lambda/domain/types';
import { inboundMessage, OUR_NUMBER, snsRecord, TEST_TOPIC_ARN } from './events';

export interface MalformedCase {
  readonly name: string;
  readonly record: unknown;
  readonly reason: DropReason;
}

const valid = {
  originationNumber: '+33612345678',
  destinationNumber: OUR_NUMBER,
  messageKeyword: '',
  messageBody: 'bonjour',
  inboundMessageId: 'f1d7a3c2-1111-4c3e-9b7e-0123456789ab',
  previousPublishedMessageId: 'prev',
};

const withFields = (fields: Record<string, unknown>): unknown =>
  snsRecord(JSON.stringify({ ...valid, ...fields }));
const without = (field: keyof typeof valid): unknown => {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[field];
  return snsRecord(JSON.stringify(copy));
};

export const malformedCorpus: readonly MalformedCase[] = [
  { name: 'null record', record: null, reason: 'malformed_record' },
  { name: 'string record', record: 'hello', reason: 'malformed_record' },
  { name: 'array record', record: [1, 2], reason: 'malformed_record' },
  { name: 'no Sns', record: { EventSource: 'aws:sns' }, reason: 'malformed_record' },
  {
    name: 'Sns.Message is an object',
    record: { Sns: { Message: valid, TopicArn: TEST_TOPIC_ARN } },
    reason: 'malformed_record',
  },
  {
    name: 'Sns.Message missing',
    record: { Sns: { TopicArn: TEST_TOPIC_ARN } },
    reason: 'malformed_record',
  },
  {
    name: 'another topic',
    record: snsRecord(
      inboundMessage({ from: '+33612345678', body: 'x' }),
      'arn:aws:sns:eu-west-3:999999999999:evil',
    ),
    reason: 'wrong_topic',
  },
  { name: '10 MB message', record: snsRecord('x'.repeat(10 * 1024 * 1024)), reason: 'too_large' },
  { name: 'empty message', record: snsRecord(''), reason: 'bad_json' },
  { name: 'not JSON', record: snsRecord('STOP'), reason: 'bad_json' },
  {
    name: 'truncated JSON',
    record: snsRecord('{"originationNumber":"+33612345678","messageBo'),
    reason: 'bad_json',
  },
  { name: 'JSON array', record: snsRecord('[]'), reason: 'bad_json' },
  { name: 'JSON string', record: snsRecord('"hello"'), reason: 'bad_json' },
  { name: 'JSON null', record: snsRecord('null'), reason: 'bad_json' },
  { name: 'JSON number', record: snsRecord('42'), reason: 'bad_json' },
  { name: 'no originationNumber', record: without('originationNumber'), reason: 'missing_field' },
  { name: 'no destinationNumber', record: without('destinationNumber'), reason: 'missing_field' },
  { name: 'no messageBody', record: without('messageBody'), reason: 'missing_field' },
  { name: 'no inboundMessageId', record: without('inboundMessageId'), reason: 'missing_field' },
  { name: 'null body', record: withFields({ messageBody: null }), reason: 'missing_field' },
  {
    name: 'numeric sender',
    record: withFields({ originationNumber: 33612345678 }),
    reason: 'bad_field',
  },
  {
    name: 'body is an object',
    record: withFields({ messageBody: { text: 'hi' } }),
    reason: 'bad_field',
  },
  { name: 'keyword is a number', record: withFields({ messageKeyword: 7 }), reason: 'bad_field' },
  {
    name: 'id with spaces',
    record: withFields({ inboundMessageId: 'a b c' }),
    reason: 'bad_field',
  },
  {
    name: 'id of 500 characters',
    record: withFields({ inboundMessageId: 'a'.repeat(500) }),
    reason: 'bad_field',
  },
  { name: 'empty id', record: withFields({ inboundMessageId: '' }), reason: 'bad_field' },
  {
    name: 'another destination',
    record: withFields({ destinationNumber: '+33700000001' }),
    reason: 'wrong_destination',
  },
  {
    name: 'sender without +',
    record: withFields({ originationNumber: '33612345678' }),
    reason: 'invalid_sender',
  },
  {
    name: 'sender with spaces',
    record: withFields({ originationNumber: '+33 6 12 34 56 78' }),
    reason: 'invalid_sender',
  },
  {
    name: 'sender is text',
    record: withFields({ originationNumber: 'FreeMobile' }),
    reason: 'invalid_sender',
  },
  {
    name: 'sender too short',
    record: withFields({ originationNumber: '+331' }),
    reason: 'invalid_sender',
  },
  {
    name: 'sender too long',
    record: withFields({ originationNumber: '+3361234567891234' }),
    reason: 'invalid_sender',
  },
  {
    name: 'sender with injection',
    record: withFields({ originationNumber: "+336'; DROP TABLE" }),
    reason: 'invalid_sender',
  },
  { name: 'empty sender', record: withFields({ originationNumber: '' }), reason: 'invalid_sender' },
  {
    name: 'French landline',
    record: withFields({ originationNumber: '+33142345678' }),
    reason: 'not_mobile',
  },
  {
    name: 'French premium rate',
    record: withFields({ originationNumber: '+33899123456' }),
    reason: 'not_mobile',
  },
  {
    name: 'body of 12,000 characters',
    record: withFields({ messageBody: 'a'.repeat(12_000) }),
    reason: 'body_too_long',
  },
  {
    name: 'NUL in body',
    record: withFields({ messageBody: 'hi\u0000there' }),
    reason: 'control_characters',
  },
  {
    name: 'escape sequence in body',
    record: withFields({ messageBody: '\u001b[31mred' }),
    reason: 'control_characters',
  },
  {
    name: 'bidi override in body',
    record: withFields({ messageBody: 'abc\u202Edcba' }),
    reason: 'control_characters',
  },
  {
    name: 'C1 control in body',
    record: withFields({ messageBody: 'x\u0085y' }),
    reason: 'control_characters',
  },
];
