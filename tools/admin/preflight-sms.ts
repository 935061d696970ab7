/**
 * The SMS items of `preflight`, on the send path the config chooses (`sendVia`): is the account
 * out of the SMS sandbox, and does AWS's monthly spend limit leave room for the month's budget?
 * End User Messaging (sms-voice): DescribeAccountAttributes, DescribeSpendLimits. SNS:
 * GetSMSSandboxAccountStatus, GetSMSAttributes. Shapes: botocore's pinpoint-sms-voice-v2 and sns
 * models (docs/aws-facts.md §3, §4).
 */
import {
  DescribeAccountAttributesCommand,
  DescribeSpendLimitsCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SpendLimit } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetSMSAttributesCommand, GetSMSSandboxAccountStatusCommand } from '@aws-sdk/client-sns';
import type { BudgetUsd } from '../../lib/config/budget-usd';
import { monthBudgetUsd } from '../../lib/config/budget-usd';
import type { AntirelouConfig } from '../../lib/config/schema';
import type { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { call, fail, ok, warn } from './checks';

/** AWS's pages for each fix. */
export const SMS_DOCS = {
  sandbox: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/sandbox.html',
  snsSandbox:
    'https://docs.aws.amazon.com/sns/latest/dg/sns-mobile-phone-number-getting-started.html',
  spendQuota:
    'https://docs.aws.amazon.com/sms-voice/latest/userguide/awssupport-spend-threshold.html',
} as const;

const SANDBOX_FIX =
  'replies reach only verified numbers (10 at most) and spend stops at USD 1 a month. Ask for ' +
  'production access: a Support case, Service Quotas, AWS End User Messaging SMS, General ' +
  'Limits, quota "SMS Production Access" (AWS answers within 24 hours)';

/** Which way the account's SMS sandbox is, for the config's send path. */
async function inSandbox(
  clients: AwsClients,
  config: AntirelouConfig,
): Promise<{ sandbox: boolean | undefined; seen: string }> {
  if (config.sendVia === 'sns') {
    const status = await call('sns:GetSMSSandboxAccountStatus', () =>
      clients.sns.send(new GetSMSSandboxAccountStatusCommand({})),
    );
    return { sandbox: status.IsInSandbox, seen: `SNS IsInSandbox ${String(status.IsInSandbox)}` };
  }
  const attributes = [];
  let token: string | undefined;
  do {
    const page = await call('sms-voice:DescribeAccountAttributes', () =>
      clients.smsVoice.send(new DescribeAccountAttributesCommand({ NextToken: token })),
    );
    attributes.push(...(page.AccountAttributes ?? []));
    token = page.NextToken;
  } while (token);
  const tier = attributes.find((attribute) => attribute.Name === 'ACCOUNT_TIER')?.Value;
  // AWS documents the attribute ("sandbox or production environment"), not its values.
  const sandbox =
    tier === undefined
      ? undefined
      : /sandbox/i.test(tier)
        ? true
        : /production/i.test(tier)
          ? false
          : undefined;
  return { sandbox, seen: `End User Messaging ACCOUNT_TIER ${tier ?? 'absent'}` };
}

/** SMS sandbox status on the send path. */
export async function sandboxCheck(clients: AwsClients, config: AntirelouConfig): Promise<Check> {
  const item = `SMS sandbox (sendVia ${config.sendVia})`;
  const { sandbox, seen } = await inSandbox(clients, config);
  const docs = config.sendVia === 'sns' ? SMS_DOCS.snsSandbox : SMS_DOCS.sandbox;
  if (sandbox === undefined) {
    return warn(
      item,
      `${seen}: not a value AWS documents; check the account's tier in the console (${docs})`,
    );
  }
  if (!sandbox) return ok(item, `${seen}: production`);
  const rehearsal = config.number.mode === 'create' && config.number.numberType === 'SIMULATOR';
  if (rehearsal) {
    return warn(
      item,
      `${seen}: the account is in the sandbox; enough for a rehearsal on a SIMULATOR number, not for going live: ${SANDBOX_FIX} (${docs})`,
    );
  }
  return fail(item, `${seen}: the account is in the sandbox: ${SANDBOX_FIX} (${docs})`);
}

function textLimit(limits: readonly SpendLimit[]): SpendLimit | undefined {
  return limits.find((limit) => limit.Name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT');
}

/** End User Messaging's text spend limit against the month's budget: DescribeSpendLimits. */
async function smsVoiceSpend(clients: AwsClients, needUsd: number, basis: string): Promise<Check> {
  const item = 'SMS spend limit (End User Messaging)';
  const limits: SpendLimit[] = [];
  let token: string | undefined;
  do {
    const page = await call('sms-voice:DescribeSpendLimits', () =>
      clients.smsVoice.send(new DescribeSpendLimitsCommand({ NextToken: token })),
    );
    limits.push(...(page.SpendLimits ?? []));
    token = page.NextToken;
  } while (token);
  const text = textLimit(limits);
  if (text?.EnforcedLimit === undefined || text.MaxLimit === undefined) {
    return fail(
      item,
      'AWS reported no TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: check the account in the End User Messaging console',
    );
  }
  const found = `enforced USD ${text.EnforcedLimit} of at most USD ${text.MaxLimit} a month (quota TextMessageMonthlySpend)`;
  if (needUsd > text.MaxLimit) {
    return fail(
      item,
      `${found}; the month budget needs USD ${needUsd} (${basis}): ask for more in Service Quotas, AWS End User Messaging, TextMessageMonthlySpend, "Request increase at account level" (${SMS_DOCS.spendQuota}), or lower budget.month`,
    );
  }
  if (needUsd > text.EnforcedLimit) {
    return fail(
      item,
      `${found}; the month budget needs USD ${needUsd} (${basis}): raise the override (aws pinpoint-sms-voice-v2 set-text-message-spend-limit-override --monthly-limit ${Math.ceil(needUsd)}) or delete it (delete-text-message-spend-limit-override: the enforced limit becomes the maximum)`,
    );
  }
  return ok(item, `${found}; the month budget needs USD ${needUsd} (${basis})`);
}

/** SNS's MonthlySpendLimit against the month's budget: GetSMSAttributes. */
async function snsSpend(
  clients: AwsClients,
  needUsd: number,
  basis: string,
  backstop: number | undefined,
): Promise<Check> {
  const item = 'SMS spend limit (SNS MonthlySpendLimit)';
  const answer = await call('sns:GetSMSAttributes', () =>
    clients.sns.send(new GetSMSAttributesCommand({ attributes: ['MonthlySpendLimit'] })),
  );
  const raw = answer.attributes?.MonthlySpendLimit;
  const limit = raw === undefined ? undefined : Number(raw);
  if (limit === undefined || !Number.isFinite(limit)) {
    return warn(
      item,
      `not reported (${raw ?? 'absent'}): SNS then uses the account's maximum, USD 1 on a new account; check the quota in Service Quotas (${SMS_DOCS.spendQuota})`,
    );
  }
  const planned =
    backstop === undefined
      ? ''
      : `; the stack will set it to USD ${backstop} (accountMonthlySpendLimitUsd), which SNS refuses above the account's quota`;
  if (limit < needUsd) {
    return fail(
      item,
      `USD ${limit} a month, under the month budget (USD ${needUsd}, ${basis}): SNS would stop replies first, without an error; raise it (aws sns set-sms-attributes --attributes MonthlySpendLimit=${Math.ceil(needUsd)}), after a quota increase if the account's is lower${planned}`,
    );
  }
  return ok(
    item,
    `USD ${limit} a month; the month budget needs USD ${needUsd} (${basis})${planned}`,
  );
}

/** What the spend limit is checked against. */
export interface SpendNeed {
  readonly sendVia: 'sns' | 'sms-voice';
  readonly budget: BudgetUsd;
  /** SNS only: the `MonthlySpendLimit` the stack sets (`accountMonthlySpendLimitUsd`). */
  readonly backstopUsd?: number;
}

/** AWS's monthly spend limit on the send path against the month's budget. */
export async function spendLimitFor(clients: AwsClients, need: SpendNeed): Promise<Check> {
  const basis = need.budget.assumption ?? 'budget.month, in USD';
  return need.sendVia === 'sns'
    ? snsSpend(clients, need.budget.usd, basis, need.backstopUsd)
    : smsVoiceSpend(clients, need.budget.usd, basis);
}

/** The spend limit item of `preflight`, for the config. */
export async function spendLimitCheck(
  clients: AwsClients,
  config: AntirelouConfig,
): Promise<Check> {
  return spendLimitFor(clients, {
    sendVia: config.sendVia,
    budget: monthBudgetUsd(config),
    ...(config.accountMonthlySpendLimitUsd === undefined
      ? {}
      : { backstopUsd: config.accountMonthlySpendLimitUsd }),
  });
}
