import type { StackProps } from 'aws-cdk-lib';
import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResponderSettings } from '../lambda/domain/types';
import type { AntirelouConfig } from './config/schema';
import { AccountBackstop } from './constructs/account-backstop';
import { InboundNumber } from './constructs/inbound-number';
import { InboundTopic } from './constructs/inbound-topic';
import type { MonitoredQueue } from './constructs/monitoring';
import { Monitoring } from './constructs/monitoring';
import { ReplySchedule } from './constructs/reply-schedule';
import { Dispatcher } from './constructs/dispatcher';
import type { ResponderProps } from './constructs/responder';
import { Responder } from './constructs/responder';
import { ResponderTable } from './constructs/responder-table';
import { SenderKey } from './constructs/sender-key';
import { SmsProtection } from './constructs/sms-protection';
import { configurationSetArn, deployedSettings } from './deployed-settings';
import { ReplyReceipts } from './constructs/reply-receipts';
import { receiptsOn } from './config/resolve';

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
  DispatcherFunctionName: 'DispatcherFunctionName',
  ScheduleGroupName: 'ScheduleGroupName',
  ScheduleDeadLetterQueueUrl: 'ScheduleDeadLetterQueueUrl',
  DispatcherDeadLetterQueueUrl: 'DispatcherDeadLetterQueueUrl',
  /** With receipts only (`sendVia: "sms-voice"`, `receipts.enabled`), as the one below. */
  ConfigurationSetName: 'ConfigurationSetName',
  ReceiptsFunctionName: 'ReceiptsFunctionName',
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
   * The dispatcher's handler file (with a safety delay only).
   * @default the real handler, `lambda/dispatch-handler.ts`
   */
  readonly dispatcherEntry?: string;
  /**
   * The receipts function's handler file (with receipts only).
   * @default the real handler, `lambda/receipts-handler.ts`
   */
  readonly receiptsEntry?: string;
}

/** The safety delay's two parts: the replies' schedules and the function that sends them. */
interface SafetyDelay {
  readonly dispatcher: Dispatcher;
  readonly schedule: ReplySchedule;
}

/** What both functions are built with (the responder adds where to schedule, if delayed). */
type FunctionProps = Omit<ResponderProps, 'scheduling' | 'entry'>;

/** The constructs the stack made, which its outputs name. */
interface Parts {
  readonly inbound: InboundTopic;
  readonly number: InboundNumber;
  readonly protection: SmsProtection;
  readonly table: ResponderTable;
  readonly senderKey: SenderKey;
  readonly responder: Responder;
  readonly delayed: SafetyDelay | undefined;
  readonly monitoring: Monitoring;
  readonly backstop: AccountBackstop | undefined;
  readonly receipts: ReplyReceipts | undefined;
}

/**
 * antirelou: a two-way SMS number whose inbound messages reach the responder through an
 * encrypted topic, a table of counters and state, alarms and a dashboard; with a safety delay
 * (`replyDelay` above 0), a schedule group and the dispatcher that sends each reply when its
 * schedule fires. It only composes the constructs in `lib/constructs/`, one concern each.
 */
export class AntirelouStack extends Stack {
  constructor(scope: Construct, id: string, props: AntirelouStackProps) {
    super(scope, id, props);
    const { config } = props;

    const inbound = new InboundTopic(this, 'Inbound');
    const number = this.createNumber(config, inbound);
    const protection = new SmsProtection(this, 'Protection', {
      allowedCountries: config.allowedCountries,
      accountDefault: config.protectConfigurationAccountDefault,
    });
    const table = new ResponderTable(this, 'Table');
    // Both functions read it: the responder hashes numbers with it, the dispatcher checks the
    // responder's signature on each scheduled reply with a key derived from it.
    const senderKey = new SenderKey(this, 'SenderKey', { logicalId: SENDER_KEY_LOGICAL_ID });

    // Receipts: replies are sent with a configuration set whose events true up the budget.
    const receipts = receiptsOn(config)
      ? new ReplyReceipts(this, 'Receipts', inbound.key)
      : undefined;
    const settings = deployedSettings(config, {
      inboundTopicArn: inbound.topic.topicArn,
      originationNumber: number.originationNumber,
      phoneNumberArn: number.phoneNumberArn,
      protectConfigurationId: protection.protectConfigurationId,
      ...(receipts === undefined ? {} : { configurationSetName: receipts.configurationSetName }),
    });
    const functionProps: FunctionProps = {
      settings,
      table: table.table,
      tableKey: table.key,
      senderKeySecret: senderKey.secret,
      // Dead letters are inbound SMS in flight, or replies carrying the number: the topic's key.
      deadLetterKey: inbound.key,
      reservedConcurrency: config.responder.reservedConcurrency,
      timeoutSeconds: config.responder.timeoutSeconds,
      sendTextResources: this.sendTextResources(config, number, protection, receipts),
    };
    receipts?.addFunction({
      ...functionProps,
      ...(props.receiptsEntry === undefined ? {} : { entry: props.receiptsEntry }),
    });
    const delayed = this.createSafetyDelay(settings, functionProps, inbound, props.dispatcherEntry);
    const responder = new Responder(this, 'Responder', {
      ...functionProps,
      ...(delayed === undefined ? {} : { scheduling: delayed.schedule }),
      ...(props.responderEntry === undefined ? {} : { entry: props.responderEntry }),
    });
    inbound.subscribe(responder.function);

    const monitoring = this.createMonitoring(config, inbound, responder, delayed, receipts);
    const backstop =
      config.accountMonthlySpendLimitUsd === undefined
        ? undefined
        : new AccountBackstop(this, 'AccountBackstop', {
            monthlySpendLimitUsd: config.accountMonthlySpendLimitUsd,
            sendVia: config.sendVia,
          });
    const parts = { inbound, number, protection, table, senderKey, responder, receipts };
    this.addOutputs(config, { ...parts, delayed, monitoring, backstop });
  }

  /** The two-way number, publishing inbound SMS to the topic. */
  private createNumber(config: AntirelouConfig, inbound: InboundTopic): InboundNumber {
    return new InboundNumber(this, 'Number', {
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
  }

  /** What `sms-voice:SendTextMessage` may name: our number, the country rules, the config set. */
  private sendTextResources(
    config: AntirelouConfig,
    number: InboundNumber,
    protection: SmsProtection,
    receipts: ReplyReceipts | undefined,
  ): string[] {
    const resources = [number.phoneNumberArn, protection.protectConfigurationArn];
    if (config.configurationSetName !== undefined) {
      resources.push(configurationSetArn(this, config.configurationSetName));
    }
    // "SendTextMessage" has the resource type ConfigurationSet, `configuration-set/${Name}`
    // (Service Authorization Reference, AWS End User Messaging SMS and Voice V2, read 2026-11-29).
    if (receipts !== undefined) resources.push(receipts.configurationSetArn);
    return resources;
  }

  /** The safety delay: replies wait in one-time schedules, then the dispatcher sends them. */
  private createSafetyDelay(
    settings: ResponderSettings,
    functionProps: FunctionProps,
    inbound: InboundTopic,
    dispatcherEntry: string | undefined,
  ): SafetyDelay | undefined {
    if (settings.replyDelay === undefined) return undefined;
    const dispatcher = new Dispatcher(this, 'Dispatcher', {
      ...functionProps,
      ...(dispatcherEntry === undefined ? {} : { entry: dispatcherEntry }),
    });
    const schedule = new ReplySchedule(this, 'ReplySchedule', {
      target: dispatcher.function,
      deadLetterKey: inbound.key,
    });
    if (settings.waitingList !== undefined) dispatcher.scheduleWaitingRepliesWith(schedule);
    return { dispatcher, schedule };
  }

  /** Alarms, their topic and the dashboard, on both functions and every dead-letter queue. */
  private createMonitoring(
    config: AntirelouConfig,
    inbound: InboundTopic,
    responder: Responder,
    delayed: SafetyDelay | undefined,
    receipts: ReplyReceipts | undefined,
  ): Monitoring {
    return new Monitoring(this, 'Monitoring', {
      responder: responder.function,
      ...(delayed === undefined ? {} : { dispatcher: delayed.dispatcher.function }),
      ...(receipts === undefined
        ? {}
        : {
            receipts: { fn: receipts.function, priceDriftPercent: config.alarms.priceDriftPercent },
          }),
      deadLetterQueues: monitoredQueues(inbound, responder, delayed, receipts),
      currency: config.budget.currency,
      floodInboundPerMinute: config.alarms.floodInboundPerMinute,
      smsSpendUsd: config.alarms.smsSpendUsd ?? config.budget.month,
      sendVia: config.sendVia,
      ...(config.alarmEmail === undefined ? {} : { alarmEmail: config.alarmEmail }),
    });
  }

  private output(key: keyof typeof StackOutput, value: string, description: string): void {
    new CfnOutput(this, StackOutput[key], { value, description });
  }

  /** The outputs the maintainers' CLI reads ({@link StackOutput}). */
  private addOutputs(config: AntirelouConfig, parts: Parts): void {
    const { number, protection, inbound, monitoring, responder } = parts;
    const output = this.output.bind(this);
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
    output(
      'TableName',
      parts.table.table.tableName,
      'Responder table (counters, senders, controls)',
    );
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
    output('SenderKeySecretArn', parts.senderKey.secret.secretArn, 'HMAC key of phone numbers');
    output('ResponderFunctionName', responder.function.functionName, 'Responder Lambda');
    if (parts.receipts !== undefined) {
      output(
        'ConfigurationSetName',
        parts.receipts.configurationSetName,
        'End User Messaging configuration set replies are sent with (receipts)',
      );
      output('ReceiptsFunctionName', parts.receipts.function.functionName, 'Receipts Lambda');
    }
    if (parts.backstop !== undefined) {
      output(
        'AccountSpendLimit',
        Fn.join(': ', [parts.backstop.status, parts.backstop.detail]),
        "The account's monthly SMS spend limit: SET, or REFUSED / FAILED and what to do",
      );
    }
    if (parts.delayed !== undefined) this.addDelayOutputs(parts.delayed);
  }

  /** The outputs of the safety delay's parts. */
  private addDelayOutputs(delayed: SafetyDelay): void {
    this.output(
      'DispatcherFunctionName',
      delayed.dispatcher.function.functionName,
      'Dispatcher Lambda',
    );
    this.output(
      'ScheduleGroupName',
      delayed.schedule.group.scheduleGroupName,
      'EventBridge Scheduler group of the delayed replies',
    );
    this.output(
      'ScheduleDeadLetterQueueUrl',
      delayed.schedule.deadLetterQueue.queueUrl,
      'Scheduler → dispatcher failures',
    );
    this.output(
      'DispatcherDeadLetterQueueUrl',
      delayed.dispatcher.deadLetterQueue.queueUrl,
      'Dispatcher on-failure destination',
    );
  }
}

/** The dead-letter queues the alarms watch, each with what a message in it means. */
function monitoredQueues(
  inbound: InboundTopic,
  responder: Responder,
  delayed: SafetyDelay | undefined,
  receipts: ReplyReceipts | undefined,
): MonitoredQueue[] {
  return [
    ...functionQueues(inbound, responder, delayed),
    ...(receipts === undefined
      ? []
      : [
          {
            name: 'ReceiptsTopic',
            queue: receipts.topicDeadLetterQueue,
            meaning: 'receipts SNS could not deliver: those replies keep their estimate.',
          },
          {
            name: 'Receipts',
            queue: receipts.deadLetterQueue,
            meaning: 'receipts the receipts function failed on: those replies keep their estimate.',
          },
        ]),
  ];
}

function functionQueues(
  inbound: InboundTopic,
  responder: Responder,
  delayed: SafetyDelay | undefined,
): MonitoredQueue[] {
  const queues: MonitoredQueue[] = [
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
  if (delayed === undefined) return queues;
  return [
    ...queues,
    {
      name: 'Schedule',
      queue: delayed.schedule.deadLetterQueue,
      meaning:
        'replies the scheduler could not hand to the dispatcher; their money stays reserved.',
    },
    {
      name: 'Dispatcher',
      queue: delayed.dispatcher.deadLetterQueue,
      meaning:
        'scheduled replies the dispatcher failed on after retries; their money stays reserved.',
    },
  ];
}
