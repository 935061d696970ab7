/**
 * Constructs refuse contradictory props at synth time, with a message that says what is missing.
 */
import { App, Stack } from 'aws-cdk-lib';
import { AccountBackstop } from '../../lib/constructs/account-backstop';
import { Responder } from '../../lib/constructs/responder';
import { ResponderTable } from '../../lib/constructs/responder-table';
import { smsCountryRules } from '../../lib/constructs/sms-protection';
import { testSettings } from '../support/settings';

function stack(): Stack {
  return new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
}

test('the responder cannot send with End User Messaging without the ARNs to scope it to', () => {
  const scope = stack();
  const table = new ResponderTable(scope, 'Table');
  expect(
    () =>
      new Responder(scope, 'Responder', {
        settings: { ...testSettings(), sendVia: 'sms-voice' },
        table: table.table,
        tableKey: table.key,
        reservedConcurrency: 1,
        timeoutSeconds: 10,
      }),
  ).toThrow('sendVia "sms-voice" needs sendTextResources');
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
