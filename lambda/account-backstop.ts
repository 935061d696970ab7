/**
 * The account backstop's custom resource (`lib/constructs/account-backstop.ts`): sets AWS's own
 * monthly SMS spend limit on the stack's send path, and never fails the deploy. A limit AWS
 * refuses (above the account's quota: USD 1 on a new account) is reported, in the resource's
 * `Status` and `Detail` attributes (stack output `AccountSpendLimit`) and in a log line, while the
 * rest of the stack deploys: the responder's own budget is the real stop, this is a backstop.
 *
 * - `sms-voice`: End User Messaging `DescribeSpendLimits`, then
 *   `SetTextMessageSpendLimitOverride` only when the limit is within `MaxLimit` ("The requested
 *   spend limit must be less than or equal to the MaxLimit, which is set by Amazon Web
 *   Services"; botocore pinpoint-sms-voice-v2 model, docs/aws-facts.md §3).
 * - `sns`: SNS `SetSMSAttributes` `MonthlySpendLimit`. SNS has no call that reads its maximum
 *   (by default "the spend limit is set to the maximum allowed by Amazon SNS"), so the call is
 *   made and a refusal (`InvalidParameterException`, whose text is undocumented) is reported.
 *
 * Deleting the stack leaves the limit as it was last set: it is an account setting.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import {
  DescribeSpendLimitsCommand,
  PinpointSMSVoiceV2Client,
  SetTextMessageSpendLimitOverrideCommand,
  SpendLimitName,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SpendLimit } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SetSMSAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import type { CdkCustomResourceEvent, CdkCustomResourceResponse } from 'aws-lambda';

/** What the custom resource asks for (its properties; CloudFormation passes them as strings). */
export interface BackstopRequest {
  readonly sendVia: 'sns' | 'sms-voice';
  /** Whole USD. */
  readonly monthlySpendLimitUsd: number;
}

/** What happened, as the resource's attributes: `SET`, `REFUSED` (by AWS), `FAILED` (a call). */
export interface BackstopReport {
  readonly Status: 'SET' | 'REFUSED' | 'FAILED' | 'UNCHANGED';
  readonly Detail: string;
}

/** The clients the backstop calls, injected (tests use aws-sdk-client-mock). */
export interface BackstopClients {
  readonly smsVoice: Pick<PinpointSMSVoiceV2Client, 'send'>;
  readonly sns: Pick<SNSClient, 'send'>;
}

/** The spend limit of text messages in `DescribeSpendLimits`. */
export const TEXT_SPEND_LIMIT_NAME = SpendLimitName.TEXT_MESSAGE_MONTHLY_SPEND_LIMIT;
/** The physical id: one account setting per account and Region. */
export const BACKSTOP_PHYSICAL_ID = 'antirelou-account-sms-spend-limit';
/** Where to ask for more, in every End User Messaging refusal. */
const QUOTA_HELP =
  'ask for more in Service Quotas (AWS End User Messaging, TextMessageMonthlySpend, "Request ' +
  'increase at account level"; https://docs.aws.amazon.com/sms-voice/latest/userguide/awssupport-spend-threshold.html), then deploy again';
/** SNS: "If you want to raise the limit, submit an SNS Limit Increase case" (SetSMSAttributes). */
const SNS_QUOTA_HELP = 'submit an SNS Limit Increase case for SMS spend, then deploy again';
/** CloudFormation's response is at most 4,096 bytes: the detail stays well under. */
const MAX_DETAIL_CHARS = 1000;

/** An AWS error as `name: message` (the SDK v3 error's fields; anything else as text). */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const reason = (error as { Reason?: unknown }).Reason;
    return `${error.name}${typeof reason === 'string' ? ` (${reason})` : ''}: ${error.message}`;
  }
  return String(error);
}

function report(Status: BackstopReport['Status'], detail: string): BackstopReport {
  return { Status, Detail: detail.slice(0, MAX_DETAIL_CHARS) };
}

/** Every spend limit of the account (the answer is paginated). */
async function spendLimits(clients: BackstopClients): Promise<SpendLimit[]> {
  const limits: SpendLimit[] = [];
  let token: string | undefined;
  do {
    const page = await clients.smsVoice.send(
      new DescribeSpendLimitsCommand(token === undefined ? {} : { NextToken: token }),
    );
    limits.push(...(page.SpendLimits ?? []));
    token = page.NextToken;
  } while (token !== undefined);
  return limits;
}

/** End User Messaging: read the quota, then set the override only when it fits. */
async function applyTextLimit(clients: BackstopClients, usd: number): Promise<BackstopReport> {
  let text: SpendLimit | undefined;
  try {
    text = (await spendLimits(clients)).find((limit) => limit.Name === TEXT_SPEND_LIMIT_NAME);
  } catch (error) {
    return report(
      'FAILED',
      `DescribeSpendLimits failed, limit left as it was: ${describeError(error)}`,
    );
  }
  if (text?.MaxLimit === undefined) {
    return report(
      'FAILED',
      `DescribeSpendLimits returned no ${TEXT_SPEND_LIMIT_NAME}, limit left as it was`,
    );
  }
  const now = `enforced USD ${text.EnforcedLimit ?? '?'}, account maximum USD ${text.MaxLimit}`;
  if (usd > text.MaxLimit) {
    return report(
      'REFUSED',
      `accountMonthlySpendLimitUsd ${usd} is above the account maximum (${now}): not set; ${QUOTA_HELP}`,
    );
  }
  try {
    await clients.smsVoice.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: usd }));
  } catch (error) {
    return report(
      'REFUSED',
      `SetTextMessageSpendLimitOverride ${usd} refused (${now}): ${describeError(error)}; ${QUOTA_HELP}`,
    );
  }
  return report(
    'SET',
    `End User Messaging text spend limit set to USD ${usd} (account maximum USD ${text.MaxLimit})`,
  );
}

/** SNS: set `MonthlySpendLimit`; a refusal is reported. */
async function applySnsLimit(clients: BackstopClients, usd: number): Promise<BackstopReport> {
  try {
    await clients.sns.send(
      new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: String(usd) } }),
    );
  } catch (error) {
    return report(
      'REFUSED',
      `SetSMSAttributes MonthlySpendLimit ${usd} refused, limit left as it was: ` +
        `${describeError(error)}; ${SNS_QUOTA_HELP}`,
    );
  }
  return report('SET', `SNS SMS MonthlySpendLimit set to USD ${usd}`);
}

/** Sets the limit on the request's send path; never throws. */
export async function applyBackstop(
  request: BackstopRequest,
  clients: BackstopClients,
): Promise<BackstopReport> {
  return request.sendVia === 'sms-voice'
    ? applyTextLimit(clients, request.monthlySpendLimitUsd)
    : applySnsLimit(clients, request.monthlySpendLimitUsd);
}

/** The request in the resource's properties, or why it is unusable. */
export function readRequest(properties: Record<string, unknown>): BackstopRequest | string {
  const usd = Number(properties.MonthlySpendLimitUsd);
  const sendVia = properties.SendVia;
  if (sendVia !== 'sns' && sendVia !== 'sms-voice') return `unknown SendVia ${String(sendVia)}`;
  if (!Number.isInteger(usd) || usd <= 0) {
    return `MonthlySpendLimitUsd must be a whole number of USD above 0, not ${String(properties.MonthlySpendLimitUsd)}`;
  }
  return { sendVia, monthlySpendLimitUsd: usd };
}

/** The custom resource's handler for these clients: every outcome is a success with its report. */
export function createBackstopHandler(clients: BackstopClients, logger: Logger) {
  return async (event: CdkCustomResourceEvent): Promise<CdkCustomResourceResponse> => {
    let result: BackstopReport;
    if (event.RequestType === 'Delete') {
      result = report('UNCHANGED', 'stack deleted: the account limit stays as it was last set');
    } else {
      const request = readRequest(event.ResourceProperties);
      result =
        typeof request === 'string'
          ? report('FAILED', request)
          : await applyBackstop(request, clients).catch((error: unknown) =>
              report('FAILED', `unexpected: ${describeError(error)}`),
            );
    }
    const log = result.Status === 'SET' || result.Status === 'UNCHANGED' ? 'info' : 'warn';
    logger[log]('account SMS spend limit', { requestType: event.RequestType, ...result });
    return { PhysicalResourceId: BACKSTOP_PHYSICAL_ID, Data: { ...result } };
  };
}

/** The Lambda entry point. */
export const handler = createBackstopHandler(
  { smsVoice: new PinpointSMSVoiceV2Client({}), sns: new SNSClient({}) },
  new Logger({ serviceName: 'antirelou-account-backstop' }),
);
