/**
 * The wiring items of `verify`, read from AWS after a deploy: the number's two-way destination
 * is the stack's inbound topic (End User Messaging DescribePhoneNumbers / DescribePools), the
 * topic's subscription reaches the responder (SNS ListSubscriptionsByTopic), every alarm of the
 * the schedule group exists when replies wait (Scheduler GetScheduleGroup), and AWS's spend
 * limit on the send path leaves room for the month's budget (as in `preflight`). The alarms are
 * in `verify-alarms.ts`.
 */
import {
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetScheduleGroupCommand } from '@aws-sdk/client-scheduler';
import type { Subscription } from '@aws-sdk/client-sns';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import type { ResponderSettings } from '../../lambda/domain/types';
import { budgetInUsd } from '../../lib/config/budget-usd';
import { MICROS_PER_UNIT } from '../../lib/config/money';
import type { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { AwsCallError, call, errorText, fail, ok, skip } from './checks';
import { spendLimitFor } from './preflight-sms';
import type { StackOutputs } from './stack-outputs';
import { requireOutput } from './stack-outputs';

/** The ResourceNotFoundException of a call, as a failed item; other errors go on. */
function notFound(item: string, error: unknown, what: string): Check {
  const cause = error instanceof AwsCallError ? error.error : undefined;
  const { name, message } = errorText(cause);
  if (name !== 'ResourceNotFoundException') throw error;
  return fail(item, `${what} does not exist (${name}: ${message}): redeploy the stack`);
}

/** The number's two-way destination is the stack's topic, and its number the responder's. */
export async function twoWayCheck(
  clients: AwsClients,
  outputs: StackOutputs,
  settings: ResponderSettings,
): Promise<Check> {
  const item = 'number two-way';
  const id = requireOutput(outputs, 'PhoneNumberId');
  const topic = requireOutput(outputs, 'InboundTopicArn');
  let found: { enabled?: boolean; channel?: string; number?: string };
  try {
    if (/^pool-|:pool\//.test(id)) {
      const answer = await call('sms-voice:DescribePools', () =>
        clients.smsVoice.send(new DescribePoolsCommand({ PoolIds: [id] })),
      );
      const pool = answer.Pools?.[0];
      found = { enabled: pool?.TwoWayEnabled, channel: pool?.TwoWayChannelArn };
    } else {
      const answer = await call('sms-voice:DescribePhoneNumbers', () =>
        clients.smsVoice.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] })),
      );
      const number = answer.PhoneNumbers?.[0];
      found = {
        enabled: number?.TwoWayEnabled,
        channel: number?.TwoWayChannelArn,
        number: number?.PhoneNumber,
      };
    }
  } catch (error) {
    return notFound(item, error, `the number ${id}`);
  }
  if (found.enabled !== true || found.channel !== topic) {
    return fail(
      item,
      `${id}: two-way ${found.enabled ? `goes to ${found.channel ?? 'nothing'}` : 'is off'}, not to the stack's topic ${topic}: inbound SMS never reach the responder; redeploy (the stack sets it)`,
    );
  }
  if (found.number !== undefined && found.number !== settings.originationNumber) {
    return fail(
      item,
      `${id} is ${found.number} but the responder answers only ${settings.originationNumber} (wrong_destination): set originationNumber and redeploy`,
    );
  }
  return ok(item, `${id}${found.number ? ` (${found.number})` : ''} sends inbound SMS to ${topic}`);
}

async function subscriptions(clients: AwsClients, topicArn: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let token: string | undefined;
  do {
    const page = await call('sns:ListSubscriptionsByTopic', () =>
      clients.sns.send(
        new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: token }),
      ),
    );
    all.push(...(page.Subscriptions ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

/** The topic the responder accepts, and the topic's subscription to the responder. */
export async function subscriptionCheck(
  clients: AwsClients,
  outputs: StackOutputs,
  settings: ResponderSettings,
): Promise<Check[]> {
  const topic = requireOutput(outputs, 'InboundTopicArn');
  const responder = requireOutput(outputs, 'ResponderFunctionName');
  const accepts =
    settings.inboundTopicArn === topic
      ? ok('responder topic', `the responder accepts records from ${topic} only`)
      : fail(
          'responder topic',
          `the responder accepts ${settings.inboundTopicArn ?? 'any topic'}, the stack's topic is ${topic}: redeploy`,
        );
  const found = (await subscriptions(clients, topic)).find(
    // A Lambda endpoint is the function's ARN: arn:aws:lambda:region:account:function:NAME[:qualifier]
    (s) => s.Protocol === 'lambda' && s.Endpoint?.split(':')[6] === responder,
  );
  const subscribed =
    found === undefined
      ? fail(
          'topic subscription',
          `${topic} has no lambda subscription to ${responder}: inbound SMS go nowhere; redeploy`,
        )
      : found.SubscriptionArn === 'PendingConfirmation'
        ? fail(
            'topic subscription',
            `the subscription of ${responder} is pending confirmation: redeploy`,
          )
        : ok('topic subscription', `${topic} → ${responder}`);
  return [accepts, subscribed];
}

/** The schedule group of delayed replies exists and is active (with a reply delay only). */
export async function scheduleGroupCheck(
  clients: AwsClients,
  outputs: StackOutputs,
  settings: ResponderSettings,
): Promise<Check> {
  const item = 'schedule group';
  if (settings.replyDelay === undefined) {
    return skip(item, 'no reply delay in the deployed settings: replies go out at once');
  }
  const name = requireOutput(outputs, 'ScheduleGroupName');
  try {
    const group = await call('scheduler:GetScheduleGroup', () =>
      clients.scheduler.send(new GetScheduleGroupCommand({ Name: name })),
    );
    return group.State === 'ACTIVE'
      ? ok(item, `${name} ACTIVE`)
      : fail(item, `${name} is ${group.State ?? 'in no state'}: redeploy`);
  } catch (error) {
    return notFound(item, error, `the schedule group ${name}`);
  }
}

/** AWS's spend limit on the deployed send path against the deployed month budget. */
export async function deployedSpendCheck(
  clients: AwsClients,
  settings: ResponderSettings,
): Promise<Check> {
  const { monthMicros, currency } = settings.budget;
  return spendLimitFor(clients, {
    sendVia: settings.sendVia ?? 'sns',
    budget: budgetInUsd(monthMicros / MICROS_PER_UNIT, currency),
  });
}
