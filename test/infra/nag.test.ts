/**
 * cdk-nag's AwsSolutions pack over the stack, in each shape the config can give it: no finding
 * may be left unacknowledged, and every acknowledgement carries its reason (they live next to
 * the code, in `lib/constructs/`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { AntirelouStack } from '../../lib/antirelou-stack';
import type { ConfigInput } from '../../lib/config';
import { loadConfigFile } from '../../lib/config';
import { buildStack, testApp } from './synth';

function nagApp(overrides: Partial<ConfigInput>): { app: App; stack: IConstruct } {
  const app = testApp();
  const stack = buildStack(overrides, app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

/** Every acknowledgement recorded in the tree (metadata: rule id → reason): where, which rule, why. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  test.each<[string, Partial<ConfigInput>]>([
    ['created number, SNS, safety delay (the defaults)', {}],
    ['created number, SNS, replies at once', { replyDelay: 0 }],
    [
      'created number, End User Messaging, account default protect configuration, backstop, e-mail',
      {
        sendVia: 'sms-voice',
        protectConfigurationAccountDefault: true,
        accountMonthlySpendLimitUsd: 200,
        alarmEmail: 'oncall@example.org',
      },
    ],
    [
      'existing number, End User Messaging with a configuration set',
      {
        number: { mode: 'existing', phoneNumberId: 'phone-0123456789abcdef' },
        sendVia: 'sms-voice',
        configurationSetName: 'antirelou-events',
      },
    ],
    [
      'created number shared with SNS (resource policy), the SNS backstop',
      { sendVia: 'sns', accountMonthlySpendLimitUsd: 20 },
    ],
    [
      'existing pool, SNS, a random delay',
      {
        number: { mode: 'existing', phoneNumberId: 'pool-0123456789abcdef' },
        replyDelay: { min: '15m', max: '45m' },
      },
    ],
  ])('%s: no unacknowledged finding', (_name, overrides) => {
    const { app } = nagApp(overrides);
    expect(() => app.synth()).not.toThrow();
  });

  test.each(readdirSync('config').filter((file) => file.endsWith('.json')))(
    'the shipped config/%s: no unacknowledged finding',
    (file) => {
      const app = testApp();
      new AntirelouStack(app, 'Antirelou', { config: loadConfigFile(join('config', file)) });
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).not.toThrow();
    },
  );

  test('each acknowledgement names one rule and gives its reason', () => {
    const { stack } = nagApp({
      sendVia: 'sms-voice',
      protectConfigurationAccountDefault: true,
      accountMonthlySpendLimitUsd: 200,
      number: { mode: 'existing', phoneNumberId: 'phone-0123456789abcdef' },
    });
    const acks = acknowledgements(stack);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions::AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
    // None is blanket: no acknowledgement on the stack or the app as a whole.
    expect(acks.map((ack) => ack.path)).not.toContain('Antirelou');
  });

  test('the checks do run: an unencrypted queue added to the stack fails synth', () => {
    const { app, stack } = nagApp({});
    new sqs.Queue(stack, 'Careless', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
