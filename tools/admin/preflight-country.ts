/**
 * The country rules item of `preflight`: what `lib/config/number-rules.ts` says of the config's
 * number (France and its 06/07 numbers, numbers AWS does not provision by API, registrations,
 * simulator numbers), errors as fixes and warnings as warnings. Offline.
 */
import { numberProblems } from '../../lib/config/number-rules';
import type { AntirelouConfig } from '../../lib/config/schema';
import type { Check } from './checks';
import { fail, ok, warn } from './checks';

const ITEM = 'country rules';

/** The number's country rules, one item per finding. */
export function countryCheck(config: AntirelouConfig): Check[] {
  const problems = numberProblems(config);
  if (problems.length === 0) {
    return [ok(ITEM, `nothing against ${config.originationNumber} and the number's settings`)];
  }
  return problems.map((problem) =>
    problem.level === 'error' ? fail(ITEM, problem.message) : warn(ITEM, problem.message),
  );
}

/** The messages of {@link countryCheck}, so that the config item does not repeat them. */
export function countryMessages(config: AntirelouConfig): ReadonlySet<string> {
  return new Set(numberProblems(config).map((problem) => problem.message));
}
