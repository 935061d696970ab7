/**
 * `preflight [--config F]`: is this account ready for `npx cdk deploy` of this config? Each item
 * is checked with the maintainer's credentials, read-only, and printed as ok or as the fix to
 * make: the config and the country's rules (offline), region and credentials, CDK bootstrap,
 * the SMS sandbox, AWS's spend limit against the budget, Lambda concurrency against the
 * stack's reservations, and the number. Exit 0 ready, 1 with fixes (a check AWS refused to
 * answer is one of them), 2 for a config or command line that cannot be used.
 */
import { deployProblems } from '../../lib/config/deploy-checks';
import type { AntirelouConfig } from '../../lib/config/schema';
import { AwsClients } from './aws-clients';
import type { Check } from './checks';
import { fail, ok, printChecks, runCheck, skip } from './checks';
import { loadCommandConfig } from './config-file';
import { AdminError } from './errors';
import type { Account } from './preflight-account';
import { bootstrapCheck, concurrencyCheck, credentialsCheck } from './preflight-account';
import { countryCheck, countryMessages } from './preflight-country';
import { numberCheck } from './preflight-number';
import { sandboxCheck, spendLimitCheck } from './preflight-sms';
import type { GlobalOptions } from './target';

/** The offline items: what stops `cdk synth` / deploy, and the number's country rules. */
function offlineChecks(config: AntirelouConfig, file: string): Check[] {
  // The number's own problems are in the country rules item: not twice.
  const country = countryMessages(config);
  const problems = deployProblems(config).filter((problem) => !country.has(problem));
  return [
    problems.length > 0
      ? fail('config', `${file} cannot be deployed: ${problems.join('; ')}`)
      : ok(
          'config',
          `${file} is valid (sendVia ${config.sendVia}, number.mode ${config.number.mode})`,
        ),
    ...countryCheck(config),
  ];
}

/** The items that need the account, each run even when another failed. */
async function accountChecks(
  clients: AwsClients,
  config: AntirelouConfig,
  account: Account,
  options: GlobalOptions,
): Promise<Check[]> {
  const steps: [string, () => Promise<Check | Check[]>][] = [
    ['CDK bootstrap', () => bootstrapCheck(clients, account)],
    [`SMS sandbox (sendVia ${config.sendVia})`, () => sandboxCheck(clients, config)],
    ['SMS spend limit', () => spendLimitCheck(clients, config)],
    ['Lambda concurrency', () => concurrencyCheck(clients, config)],
    ['number', () => numberCheck(clients, config, account)],
  ];
  const checks: Check[] = [];
  for (const [item, run] of steps) checks.push(...(await runCheck(item, options, run)));
  return checks;
}

/** Runs every check, prints them, and fails (exit 1) when there is anything to fix. */
export async function preflight(
  configFile: string | undefined,
  options: GlobalOptions,
  print: (text: string) => void,
): Promise<void> {
  const { config, file } = loadCommandConfig(configFile);
  const clients = new AwsClients(options);
  try {
    const checks = offlineChecks(config, file);
    let account: Account | undefined;
    checks.push(
      ...(await runCheck('region and credentials', options, async () => {
        const found = await credentialsCheck(clients);
        account = found.account;
        return found.check;
      })),
    );
    if (account === undefined) {
      checks.push(skip('the account checks', 'they need a region and working credentials (above)'));
    } else {
      checks.push(...(await accountChecks(clients, config, account, options)));
    }
    print(
      `antirelou preflight of ${file}${account ? ` in ${account.id} / ${account.region}` : ''} (read-only):`,
    );
    const { failed, warned } = printChecks(checks, print, 'FIX');
    const warnings = warned > 0 ? `; ${warned} warning(s) to read` : '';
    if (failed > 0) {
      throw new AdminError(
        `preflight: ${failed} fix(es) to make before \`npx cdk deploy\`${warnings}`,
      );
    }
    print(`ready to deploy: npx cdk deploy${warnings}`);
  } finally {
    clients.destroy();
  }
}
