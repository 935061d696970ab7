/**
 * What the schema cannot say because it is about deploying, not about the responder: what
 * CloudFormation cannot do with a number, the Lambda environment's size limit, and the warnings
 * `cdk synth` prints next to the cost report. The schema stays shared with the local tools;
 * these checks run only when the stack is synthesized.
 */
import { ConfigError } from './load';
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

/** Problems that make a config impossible to deploy, each naming its field. */
export function deployProblems(config: AntirelouConfig): string[] {
  const problems: string[] = [];
  const { number } = config;
  if (number.mode === 'create') {
    if (number.numberType === 'TEN_DLC') {
      problems.push(
        'number.numberType: a TEN_DLC number is requested against an approved 10DLC campaign ' +
          'registration, which CloudFormation cannot do: register and request the number in the ' +
          'End User Messaging SMS console, then use {"mode": "existing", "phoneNumberId": "phone-…"}',
      );
    }
    if (number.registrationId !== undefined) {
      problems.push(
        'number.registrationId: CloudFormation cannot register a number or attach it to a ' +
          'registration: complete the registration in the End User Messaging SMS console (it ' +
          'provisions or links the number), then use {"mode": "existing", "phoneNumberId": "phone-…"}',
      );
    }
  }
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
export function deployWarnings(config: AntirelouConfig): string[] {
  const warnings: string[] = [];
  const { number } = config;
  if (number.mode === 'create') {
    warnings.push(
      `number.mode is "create": the deployed responder answers the number AWS assigns (stack ` +
        `output OriginationNumber); originationNumber (${config.originationNumber}) is used only ` +
        `by the local tools: copy the assigned number there after the first deploy`,
    );
    if (number.numberType === 'TOLL_FREE' || number.isoCountryCode === 'US') {
      warnings.push(
        `number: a US ${number.numberType} number cannot send until its registration (toll-free ` +
          `verification or 10DLC) is approved; CloudFormation cannot register it (see the README, "Deploy")`,
      );
    }
    if (number.isoCountryCode === 'FR') {
      warnings.push(
        'number: France is not among the countries whose long codes AWS provisions from the ' +
          'console or API (at the time of writing): if CloudFormation cannot request the number, ' +
          'open an AWS Support case for a French two-way number, then use {"mode": "existing"} (see the README, "Deploy")',
      );
    }
    if (number.numberType === 'SIMULATOR') {
      warnings.push(
        'number.numberType is SIMULATOR: it only exchanges messages with simulator destination numbers',
      );
    }
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
        `budget.month (${config.budget.month} ${config.budget.currency}): SNS may stop sending, ` +
        "without an error, before the responder's month budget is used",
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
