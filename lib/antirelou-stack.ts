import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { AntirelouConfig } from './config/schema';
import { AccountBackstop } from './constructs/account-backstop';
import { InboundNumber } from './constructs/inbound-number';
import { InboundTopic } from './constructs/inbound-topic';
import type { MonitoredQueue } from './constructs/monitoring';
import { Monitoring } from './constructs/monitoring';
import { ReplySchedule } from './constructs/reply-schedule';
import { ReplySender } from './constructs/reply-sender';
import { Responder } from './constructs/responder';
import { ResponderTable } from './constructs/responder-table';
import { SenderKey } from './constructs/sender-key';
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
  /** With a safety delay only (`replyDelay` above 0), as the three below. */
  SenderFunctionName: 'SenderFunctionName',
  ScheduleGroupName: 'ScheduleGroupName',
  ScheduleDeadLetterQueueUrl: 'ScheduleDeadLetterQueueUrl',
  SenderDeadLetterQueueUrl: 'SenderDeadLetterQueueUrl',
  /** With `accountMonthlySpendLimitUsd` only: what AWS did with the limit (SET, REFUSED…). */
  AccountSpendLimit: 'AccountSpendLimit',
} as const;

/**
 * The logical id the HMAC secret was first deployed under, when the responder created it. Kept
 * whatever the construct tree: a new id would be a new secret, a new key, every STOP forgotten.
 */
export const SENDER_KEY_LOGICAL_ID = 'ResponderSenderKey8CDAB075';

/** Properties of {@link AntirelouStack}. */
export interface AntirelouStackProps extends StackProps {
  /** The validated config (see `lib/config`), read once by `bin/antirelou.ts`. */
  readonly config: AntirelouConfig;
  /**
   * The Lambda handler file.
   * @default the real handler, `lambda/handler.ts`
   */
  readonly responderEntry?: string;
  /**
   * The reply sender's handler file (with a safety delay only).
   * @default the real handler, `lambda/send-handler.ts`
   */
  readonly senderEntry?: string;
}

/**
 * antirelou: a two-way SMS number whose inbound messages reach the responder through an
 * encrypted topic, a table of counters and state, alarms and a dashboard; with a safety delay
 * (`replyDelay` above 0), a schedule group and the reply sender that sends each reply when its
 * schedule fires. It only composes the constructs in `lib/constructs/`, one concern each.
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
      shareWithSns: config.sendVia === 'sns',
    });
    const protection = new SmsProtection(this, 'Protection', {
      allowedCountries: config.allowedCountries,
      accountDefault: config.protectConfigurationAccountDefault,
    });
    const table = new ResponderTable(this, 'Table');
    // Both functions read it: the responder hashes numbers with it, the reply sender checks the
    // responder's signature on each scheduled reply with a key derived from it.
    const senderKey = new SenderKey(this, 'SenderKey', { logicalId: SENDER_KEY_LOGICAL_ID });

    const sendTextResources = [number.phoneNumberArn, protection.protectConfigurationArn];
    if (config.configurationSetName !== undefined) {
      sendTextResources.push(configurationSetArn(this, config.configurationSetName));
    }
    const settings = deployedSettings(config, {
      inboundTopicArn: inbound.topic.topicArn,
      originationNumber: number.originationNumber,
      phoneNumberArn: number.phoneNumberArn,
      protectConfigurationId: protection.protectConfigurationId,
    });
    const functionProps = {
      settings,
      table: table.table,
      tableKey: table.key,
      senderKeySecret: senderKey.secret,
      // Dead letters are inbound SMS in flight, or replies carrying the number: the topic's key.
      deadLetterKey: inbound.key,
      reservedConcurrency: config.responder.reservedConcurrency,
      timeoutSeconds: config.responder.timeoutSeconds,
      sendTextResources,
    };

    // The safety delay: replies wait in one-time schedules, then the reply sender sends them.
    let delayed: { sender: ReplySender; schedule: ReplySchedule } | undefined;
    if (settings.replyDelay !== undefined) {
      const sender = new ReplySender(this, 'ReplySender', {
        ...functionProps,
        ...(props.senderEntry === undefined ? {} : { entry: props.senderEntry }),
      });
      const schedule = new ReplySchedule(this, 'ReplySchedule', {
        target: sender.function,
        deadLetterKey: inbound.key,
      });
      if (settings.waitingList !== undefined) sender.scheduleWaitingRepliesWith(schedule);
      delayed = { sender, schedule };
    }

    const responder = new Responder(this, 'Responder', {
      ...functionProps,
      ...(delayed === undefined ? {} : { scheduling: delayed.schedule }),
      ...(props.responderEntry === undefined ? {} : { entry: props.responderEntry }),
    });
    inbound.subscribe(responder.function);

    const deadLetterQueues: MonitoredQueue[] = [
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
    ];
    if (delayed !== undefined) {
      deadLetterQueues.push(
        {
          name: 'Schedule',
          queue: delayed.schedule.deadLetterQueue,
          meaning:
            'replies the scheduler could not hand to the sender function; their money stays reserved.',
        },
        {
          name: 'Sender',
          queue: delayed.sender.deadLetterQueue,
          meaning:
            'scheduled replies the sender function failed on after retries; their money stays reserved.',
        },
      );
    }

    const monitoring = new Monitoring(this, 'Monitoring', {
      responder: responder.function,
      ...(delayed === undefined ? {} : { sender: delayed.sender.function }),
      deadLetterQueues,
      currency: config.budget.currency,
      floodInboundPerMinute: config.alarms.floodInboundPerMinute,
      smsSpendUsd: config.alarms.smsSpendUsd ?? config.budget.month,
      sendVia: config.sendVia,
      ...(config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail }),
    });

    const backstop =
      config.accountMonthlySpendLimitUsd === undefined
        ? undefined
        : new AccountBackstop(this, 'AccountBackstop', {
            monthlySpendLimitUsd: config.accountMonthlySpendLimitUsd,
            sendVia: config.sendVia,
          });

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
    output('SenderKeySecretArn', senderKey.secret.secretArn, 'HMAC key of phone numbers');
    output('ResponderFunctionName', responder.function.functionName, 'Responder Lambda');
    if (backstop !== undefined) {
      output(
        'AccountSpendLimit',
        Fn.join(': ', [backstop.status, backstop.detail]),
        "The account's monthly SMS spend limit: SET, or REFUSED / FAILED and what to do",
      );
    }
    if (delayed !== undefined) {
      output('SenderFunctionName', delayed.sender.function.functionName, 'Reply sender Lambda');
      output(
        'ScheduleGroupName',
        delayed.schedule.group.scheduleGroupName,
        'EventBridge Scheduler group of the delayed replies',
      );
      output(
        'ScheduleDeadLetterQueueUrl',
        delayed.schedule.deadLetterQueue.queueUrl,
        'Scheduler → sender failures',
      );
      output(
        'SenderDeadLetterQueueUrl',
        delayed.sender.deadLetterQueue.queueUrl,
        'Reply sender on-failure destination',
      );
    }
  }
}
