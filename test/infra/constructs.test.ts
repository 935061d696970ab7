/**
 * Constructs refuse contradictory props at synth time, with a message that says what is missing.
 */
import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AccountBackstop } from '../../lib/constructs/account-backstop';
import { ReplySchedule } from '../../lib/constructs/reply-schedule';
import { Dispatcher } from '../../lib/constructs/dispatcher';
import { Responder } from '../../lib/constructs/responder';
import { ResponderTable } from '../../lib/constructs/responder-table';
import { SenderKey } from '../../lib/constructs/sender-key';
import { smsCountryRules } from '../../lib/constructs/sms-protection';
import { testSettings } from '../support/settings';
import { testApp } from './synth';

function stack(): Stack {
  return new Stack(testApp(), 'S');
}

/** What both functions share: the table and its key, the HMAC secret, the dead letters' key. */
function shared(scope: Stack) {
  const table = new ResponderTable(scope, 'Table');
  return {
    table: table.table,
    tableKey: table.key,
    senderKeySecret: new SenderKey(scope, 'SenderKey').secret,
    deadLetterKey: new kms.Key(scope, 'DeadLetterKey'),
  };
}

test('the responder cannot send with End User Messaging without the ARNs to scope it to', () => {
  const scope = stack();
  expect(
    () =>
      new Responder(scope, 'Responder', {
        ...shared(scope),
        settings: { ...testSettings({ replyDelay: 0 }), sendVia: 'sms-voice' },
        reservedConcurrency: 1,
        timeoutSeconds: 10,
      }),
  ).toThrow('sendVia "sms-voice" needs sendTextResources');
});

describe('the safety delay needs both halves, or neither', () => {
  const delayed = () => testSettings({ replyDelay: 20 });
  const immediate = () => testSettings({ replyDelay: 0 });

  test('the settings these tests use: a 20-minute delay, and none', () => {
    expect(delayed().replyDelay).toEqual({ minSeconds: 1200, maxSeconds: 1200 });
    expect(immediate().replyDelay).toBeUndefined();
  });

  test('a responder with a delay and nowhere to schedule', () => {
    const scope = stack();
    expect(
      () =>
        new Responder(scope, 'Responder', {
          ...shared(scope),
          settings: delayed(),
          reservedConcurrency: 1,
          timeoutSeconds: 10,
        }),
    ).toThrow('settings.replyDelay needs scheduling');
  });

  test('a responder given a schedule without a delay', () => {
    const scope = stack();
    const props = shared(scope);
    const sender = new Dispatcher(scope, 'Sender', {
      ...props,
      settings: delayed(),
      reservedConcurrency: 1,
      timeoutSeconds: 10,
    });
    const scheduling = new ReplySchedule(scope, 'Schedule', {
      target: sender.function,
      deadLetterKey: props.deadLetterKey,
    });
    expect(
      () =>
        new Responder(scope, 'Responder', {
          ...props,
          settings: immediate(),
          reservedConcurrency: 1,
          timeoutSeconds: 10,
          scheduling,
        }),
    ).toThrow('scheduling is only for a reply delay');
  });

  test('a dispatcher without a delay, or sending with End User Messaging unscoped', () => {
    const scope = stack();
    const props = {
      ...shared(scope),
      reservedConcurrency: 1,
      timeoutSeconds: 10,
    };
    expect(() => new Dispatcher(scope, 'Immediate', { ...props, settings: immediate() })).toThrow(
      'Dispatcher: settings.replyDelay is not set',
    );
    expect(
      () =>
        new Dispatcher(scope, 'Unscoped', {
          ...props,
          settings: { ...delayed(), sendVia: 'sms-voice' },
        }),
    ).toThrow('Dispatcher: sendVia "sms-voice" needs sendTextResources');
  });
});

test.each([0, -5, 12.5])('the account backstop refuses a limit of %d USD', (limit) => {
  expect(() => new AccountBackstop(stack(), 'Backstop', { monthlySpendLimitUsd: limit })).toThrow(
    'monthlySpendLimitUsd must be a whole number of USD above 0',
  );
});

test('country rules: ISO codes only, sorted, the allow-list allowed even if unknown to the list', () => {
  const rules = smsCountryRules(['FR', 'XK']);
  const codes = rules.map((rule) => rule.countryCode);
  expect(codes).toEqual([...codes].sort());
  expect(codes).not.toContain('AC'); // Ascension: not an ISO 3166-1 code
  expect(rules).toContainEqual({ countryCode: 'XK', protectStatus: 'ALLOW' });
  expect(rules).toContainEqual({ countryCode: 'FR', protectStatus: 'ALLOW' });
});
