/**
 * The alarms item of `verify`: every `AWS::CloudWatch::Alarm` of the stack (CloudFormation
 * ListStackResources: their names, whatever CloudFormation generated) exists in CloudWatch
 * (DescribeAlarms) with its actions enabled and the stack's alarm topic among them; and someone
 * receives that topic (a confirmed subscription, SNS ListSubscriptionsByTopic).
 */
import { ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import type { MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { call, fail, ok, warn } from './checks';
import type { StackOutputs } from './stack-outputs';
import { requireOutput } from './stack-outputs';

const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
/** DescribeAlarms takes at most 100 alarm names a call. */
const ALARM_NAMES_PER_CALL = 100;
/** What SNS shows for a subscription nobody has confirmed yet. */
const PENDING = 'PendingConfirmation';

/** The physical names of the stack's alarms. */
async function stackAlarmNames(clients: AwsClients, stack: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await call('cloudformation:ListStackResources', () =>
      clients.cloudFormation.send(
        new ListStackResourcesCommand({ StackName: stack, NextToken: token }),
      ),
    );
    for (const resource of page.StackResourceSummaries ?? []) {
      if (resource.ResourceType === ALARM_TYPE && resource.PhysicalResourceId) {
        names.push(resource.PhysicalResourceId);
      }
    }
    token = page.NextToken;
  } while (token);
  return names;
}

async function describeAlarms(clients: AwsClients, names: string[]): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  for (let i = 0; i < names.length; i += ALARM_NAMES_PER_CALL) {
    const chunk = names.slice(i, i + ALARM_NAMES_PER_CALL);
    let token: string | undefined;
    do {
      const page = await call('cloudwatch:DescribeAlarms', () =>
        clients.cloudWatch.send(
          new DescribeAlarmsCommand({
            AlarmNames: chunk,
            AlarmTypes: ['MetricAlarm'],
            NextToken: token,
          }),
        ),
      );
      alarms.push(...(page.MetricAlarms ?? []));
      token = page.NextToken;
    } while (token);
  }
  return alarms;
}

/** Every alarm of the stack exists and notifies the alarm topic. */
export async function alarmsCheck(
  clients: AwsClients,
  stack: string,
  outputs: StackOutputs,
): Promise<Check> {
  const item = 'alarms';
  const topic = requireOutput(outputs, 'AlarmTopicArn');
  const names = await stackAlarmNames(clients, stack);
  if (names.length === 0) return fail(item, `stack ${stack} has no ${ALARM_TYPE}: redeploy`);
  const found = new Map((await describeAlarms(clients, names)).map((a) => [a.AlarmName, a]));
  const missing = names.filter((name) => !found.has(name));
  const silent = [...found.values()]
    .filter((a) => a.ActionsEnabled !== true || !(a.AlarmActions ?? []).includes(topic))
    .map((a) => a.AlarmName);
  if (missing.length > 0 || silent.length > 0) {
    const parts = [
      missing.length > 0 ? `missing in CloudWatch: ${missing.join(', ')}` : '',
      silent.length > 0 ? `without an enabled action to ${topic}: ${silent.join(', ')}` : '',
    ].filter(Boolean);
    return fail(item, `${parts.join('; ')}: redeploy (or re-enable their actions)`);
  }
  const firing = [...found.values()]
    .filter((a) => a.StateValue === 'ALARM')
    .map((a) => a.AlarmName);
  const state = firing.length > 0 ? `; in ALARM now: ${firing.join(', ')}` : '; none in ALARM';
  return ok(item, `${names.length} alarms, each notifying ${topic}${state}`);
}

/** Someone receives the alarm topic: a confirmed subscription. */
export async function alarmReceiversCheck(
  clients: AwsClients,
  outputs: StackOutputs,
): Promise<Check> {
  const item = 'alarm receivers';
  const topic = requireOutput(outputs, 'AlarmTopicArn');
  const subscriptions = [];
  let token: string | undefined;
  do {
    const page = await call('sns:ListSubscriptionsByTopic', () =>
      clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic, NextToken: token })),
    );
    subscriptions.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token);
  const confirmed = subscriptions.filter((s) => s.SubscriptionArn !== PENDING);
  const pending = subscriptions.length - confirmed.length;
  if (confirmed.length === 0) {
    return warn(
      item,
      `nobody receives the alarms (${pending} subscription(s) pending confirmation): ${pending > 0 ? 'click the link in the e-mail AWS sent' : 'set alarmEmail and redeploy, or subscribe to the topic'}`,
    );
  }
  const protocols = confirmed.map((s) => s.Protocol ?? '?').join(', ');
  return ok(
    item,
    `${confirmed.length} confirmed subscription(s) (${protocols})${pending > 0 ? `, ${pending} pending` : ''}`,
  );
}
