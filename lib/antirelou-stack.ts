import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AntirelouConfig } from './config/schema';
import { AccountBackstop } from './constructs/account-backstop';
import { InboundNumber } from './constructs/inbound-number';
import { InboundTopic } from './constructs/inbound-topic';
import { Monitoring } from './constructs/monitoring';
import { Responder } from './constructs/responder';
import { ResponderTable } from './constructs/responder-table';
import { SmsProtection } from './constructs/sms-protection';
import { configurationSetArn, deployedSettings } from './deployed-settings';

/**
 * The stack's output keys. The maintainers' CLI reads them with CloudFormation DescribeStacks:
 * they are an interface, keep them stable (see the README, "Stack outputs").
 */
export const StackOutput = {
  StackName: 'StackName',
  PhoneNumberId: 'PhoneNumberId',
  PhoneNumberArn: 'PhoneNumberArn',
  OriginationNumber: 'OriginationNumber',
  ProtectConfigurationId: 'ProtectConfigurationId',
  SendVia: 'SendVia',
  TableName: 'TableName',
  InboundTopicArn: 'InboundTopicArn',
  AlarmTopicArn: 'AlarmTopicArn',
  InboundDeadLetterQueueUrl: 'InboundDeadLetterQueueUrl',
  ResponderDeadLetterQueueUrl: 'ResponderDeadLetterQueueUrl',
  DashboardName: 'DashboardName',
  DashboardUrl: 'DashboardUrl',
  SenderKeySecretArn: 'SenderKeySecretArn',
  ResponderFunctionName: 'ResponderFunctionName',
} as const;

/** Properties of {@link AntirelouStack}. */
export interface AntirelouStackProps extends StackProps {
  /** The validated config (see `lib/config`), read once by `bin/antirelou.ts`. */
  readonly config: AntirelouConfig;
  /**
   * The Lambda handler file.
   * @default the real handler, `lambda/handler.ts`
   */
  readonly responderEntry?: string;
}

/**
 * antirelou: a two-way SMS number whose inbound messages reach the responder through an
 * encrypted topic, a table of counters and state, alarms and a dashboard. It only composes the
 * constructs in `lib/constructs/`, one concern each.
 */
export class AntirelouStack extends Stack {
  constructor(scope: Construct, id: string, props: AntirelouStackProps) {
    super(scope, id, props);
    const { config } = props;

    const inbound = new InboundTopic(this, 'Inbound');
    const number = new InboundNumber(this, 'Number', {
      number: config.number,
      configuredOriginationNumber: config.originationNumber,
      helpMessage:
        (config.number.mode === 'create' ? config.number.keywords.help : undefined) ??
        config.help.default,
      topic: inbound.topic,
      channelRole: inbound.channelRole,
      dependsOn: inbound.publishingReady,
    });
    const protection = new SmsProtection(this, 'Protection', {
      allowedCountries: config.allowedCountries,
      accountDefault: config.protectConfigurationAccountDefault,
    });
    const table = new ResponderTable(this, 'Table');

    const sendTextResources = [number.phoneNumberArn, protection.protectConfigurationArn];
    if (config.configurationSetName !== undefined) {
      sendTextResources.push(configurationSetArn(this, config.configurationSetName));
    }
    const responder = new Responder(this, 'Responder', {
      settings: deployedSettings(config, {
        inboundTopicArn: inbound.topic.topicArn,
        originationNumber: number.originationNumber,
        phoneNumberArn: number.phoneNumberArn,
        protectConfigurationId: protection.protectConfigurationId,
      }),
      table: table.table,
      tableKey: table.key,
      reservedConcurrency: config.responder.reservedConcurrency,
      timeoutSeconds: config.responder.timeoutSeconds,
      sendTextResources,
      ...(props.responderEntry === undefined ? {} : { entry: props.responderEntry }),
    });
    inbound.subscribe(responder.function);

    const monitoring = new Monitoring(this, 'Monitoring', {
      responder: responder.function,
      deadLetterQueues: [
        {
          name: 'Inbound',
          queue: inbound.deadLetterQueue,
          meaning: 'SNS could not deliver inbound SMS to the responder (they got no reply).',
        },
        {
          name: 'Responder',
          queue: responder.deadLetterQueue,
          meaning:
            'inbound SMS the responder failed on after retries, or that waited over 6 hours for a free slot.',
        },
      ],
      currency: config.budget.currency,
      floodInboundPerMinute: config.alarms.floodInboundPerMinute,
      smsSpendUsd: config.alarms.smsSpendUsd ?? config.budget.month,
      ...(config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail }),
    });

    if (config.accountMonthlySpendLimitUsd !== undefined) {
      new AccountBackstop(this, 'AccountBackstop', {
        monthlySpendLimitUsd: config.accountMonthlySpendLimitUsd,
      });
    }

    const output = (key: keyof typeof StackOutput, value: string, description: string): void => {
      new CfnOutput(this, StackOutput[key], { value, description });
    };
    output('StackName', this.stackName, 'This stack');
    output('PhoneNumberId', number.phoneNumberId, 'End User Messaging phone number (or pool) id');
    output(
      'PhoneNumberArn',
      number.phoneNumberArn,
      'End User Messaging phone number (or pool) ARN',
    );
    output('OriginationNumber', number.originationNumber, 'Our number, E.164: the one to give out');
    output('ProtectConfigurationId', protection.protectConfigurationId, 'Country rules');
    output('SendVia', config.sendVia, 'How replies are sent: sns or sms-voice');
    output('TableName', table.table.tableName, 'Responder table (counters, senders, controls)');
    output('InboundTopicArn', inbound.topic.topicArn, 'Topic the number publishes inbound SMS to');
    output('AlarmTopicArn', monitoring.alarmTopic.topicArn, 'Topic alarms are sent to');
    output(
      'InboundDeadLetterQueueUrl',
      inbound.deadLetterQueue.queueUrl,
      'SNS → responder failures',
    );
    output(
      'ResponderDeadLetterQueueUrl',
      responder.deadLetterQueue.queueUrl,
      'Responder on-failure destination',
    );
    output('DashboardName', monitoring.dashboard.dashboardName, 'CloudWatch dashboard');
    output('DashboardUrl', monitoring.dashboardUrl, 'CloudWatch dashboard');
    output('SenderKeySecretArn', responder.senderKeySecret.secretArn, 'HMAC key of phone numbers');
    output('ResponderFunctionName', responder.function.functionName, 'Responder Lambda');
  }
}
