/**
 * What the schema cannot say because it is about deploying, not about the responder: the
 * number's rules (`number-rules.ts`), the Lambda environment's size limit, and the warnings
 * `cdk synth` prints next to the cost report. The schema stays shared with the local tools;
 * these checks run only when the stack is synthesized.
 */
import { budgetItemWarnings } from './budget-item';
import { priceTableWarnings, receiptsWarnings } from './price-warnings';
import { ConfigError } from './load';
import { numberProblems } from './number-rules';
import { costReport, toResponderSettings } from './resolve';
import type { AntirelouConfig } from './schema';

/**
 * Lambda refuses a function whose environment variables total more than 4 KB.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/**
 * Room kept in the environment for what only the deployment knows: the table name, the secret's,
 * topic's, number's and protect configuration's ARNs and ids, and the variable names (each ARN
 * is under 120 characters; 800 bytes leaves a margin).
 */
export const ENVIRONMENT_RESERVED_BYTES = 800;

/**
 * Problems that make a config impossible to deploy, each naming its field: the number's errors
 * ({@link numberProblems}: what AWS does not provision by API, France's rules), then Lambda's limits.
 */
export function deployProblems(config: AntirelouConfig): string[] {
  const problems = numberProblems(config)
    .filter((problem) => problem.level === 'error')
    .map((problem) => problem.message);
  const settingsBytes = Buffer.byteLength(JSON.stringify(toResponderSettings(config)), 'utf8');
  if (settingsBytes + ENVIRONMENT_RESERVED_BYTES > LAMBDA_ENVIRONMENT_MAX_BYTES) {
    problems.push(
      `reply: the texts make the responder's settings ${settingsBytes} bytes, and Lambda allows ` +
        `${LAMBDA_ENVIRONMENT_MAX_BYTES} bytes of environment in all ` +
        `(${ENVIRONMENT_RESERVED_BYTES} are needed for the rest): shorten reply/help or drop some byCountry texts`,
    );
  }
  return problems;
}

/** Things worth knowing before deploying; none of them stops synth. */
export function deployWarnings(config: AntirelouConfig, nowMs = Date.now()): string[] {
  const warnings = numberProblems(config)
    .filter((problem) => problem.level === 'warning')
    .map((problem) => problem.message)
    .concat(budgetItemWarnings(config))
    .concat(priceTableWarnings(config, nowMs))
    .concat(receiptsWarnings(config));
  if (config.number.mode === 'create') {
    warnings.push(
      `number.mode is "create": the deployed responder answers the number AWS assigns (stack ` +
        `output OriginationNumber); originationNumber (${config.originationNumber}) is used only ` +
        `by the local tools: copy the assigned number there after the first deploy`,
    );
  }
  if (config.alarmEmail === undefined) {
    warnings.push(
      'alarmEmail is not set: alarms go to the alarm topic (output AlarmTopicArn) with no subscriber',
    );
  }
  if (config.sendVia === 'sns' && !config.protectConfigurationAccountDefault) {
    warnings.push(
      'sendVia is "sns" and protectConfigurationAccountDefault is false: the stack\'s protect ' +
        "configuration (allow-list countries only) does not apply to SNS sends; the responder's " +
        'allow-list still does',
    );
  }
  if (config.alarms.smsSpendUsd === undefined && config.budget.currency !== 'USD') {
    warnings.push(
      `alarms.smsSpendUsd is not set: the SMS spend alarm fires at ${config.budget.month} USD ` +
        `(budget.month read as USD, earlier than the budget when 1 ${config.budget.currency} > 1 USD)`,
    );
  }
  if (
    config.accountMonthlySpendLimitUsd !== undefined &&
    config.accountMonthlySpendLimitUsd < config.budget.month
  ) {
    warnings.push(
      `accountMonthlySpendLimitUsd (${config.accountMonthlySpendLimitUsd} USD) is below ` +
        `budget.month (${config.budget.month} ${config.budget.currency}): ` +
        `${config.sendVia === 'sms-voice' ? 'End User Messaging' : 'SNS'} may stop sending ` +
        "before the responder's month budget is used",
    );
  }
  const ceilingMonth = config.budget.ceiling?.month;
  if (
    config.accountMonthlySpendLimitUsd !== undefined &&
    ceilingMonth !== undefined &&
    config.accountMonthlySpendLimitUsd >= config.budget.month &&
    config.accountMonthlySpendLimitUsd < ceilingMonth
  ) {
    warnings.push(
      `accountMonthlySpendLimitUsd (${config.accountMonthlySpendLimitUsd} USD) is below ` +
        `budget.ceiling.month (${ceilingMonth} ${config.budget.currency}): after a ` +
        '`budget raise --month` above it, sends may stop before the raised budget is used',
    );
  }
  return warnings;
}

/** Throws a {@link ConfigError} when the config cannot be deployed. */
export function assertDeployable(config: AntirelouConfig, source: string): void {
  const problems = deployProblems(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
}

/** What `cdk synth` prints: the cost of each text, then every warning. */
export function synthReport(config: AntirelouConfig): { lines: string[]; warnings: string[] } {
  const report = costReport(config);
  return { lines: report.lines, warnings: [...report.warnings, ...deployWarnings(config)] };
}
