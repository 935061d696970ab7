/**
 * Lists of checks, as `preflight` and `verify` print them: one line per item, ok or what to do.
 * A check whose AWS call is refused (access denied, throttled, no credentials) does not stop the
 * others: it becomes a failed item naming the IAM action it needed, never a stack trace.
 */
import { redactNumbers } from '../../lambda/domain/phone';
import { explainAwsError } from './aws-target';
import { AdminError } from './errors';
import type { GlobalOptions } from './target';

/** `fail`: something to fix; `skip`: not checked, and why (not a failure). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** One checked item. */
export interface Check {
  readonly item: string;
  readonly status: CheckStatus;
  /** What was found, or what to do. */
  readonly detail: string;
}

export const ok = (item: string, detail: string): Check => ({ item, status: 'ok', detail });
export const warn = (item: string, detail: string): Check => ({ item, status: 'warn', detail });
export const fail = (item: string, detail: string): Check => ({ item, status: 'fail', detail });
export const skip = (item: string, detail: string): Check => ({ item, status: 'skip', detail });

/** An AWS call that failed, with the IAM action it needed (`sms-voice:DescribeSpendLimits`). */
export class AwsCallError extends Error {
  constructor(
    readonly action: string,
    readonly error: unknown,
  ) {
    super(`${action} failed`, { cause: error });
    this.name = 'AwsCallError';
  }
}

/** Runs one AWS call; a failure carries the action's name. */
export async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new AwsCallError(action, error);
  }
}

/** The AWS error's `name` and (masked) message. */
export function errorText(error: unknown): { name: string; message: string } {
  const err = error as { name?: string; message?: string; Message?: string };
  return { name: err.name ?? 'Error', message: redactNumbers(err.message ?? err.Message ?? '') };
}

function isAccessDenied(error: unknown): boolean {
  const { name } = errorText(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return /AccessDenied|AuthorizationError|UnauthorizedOperation/.test(name) || status === 403;
}

/** Why a refused AWS call left an item unchecked, and what to do. */
export function cannotCheck(item: string, failure: AwsCallError, options: GlobalOptions): Check {
  const { action, error } = failure;
  const { name, message } = errorText(error);
  if (isAccessDenied(error)) {
    return fail(
      item,
      `could not check: not allowed to call ${action} (${name}${message ? `: ${message}` : ''}); ` +
        `grant ${action} to this identity, or use a profile that has it`,
    );
  }
  if (/Throttl|TooManyRequests/.test(name)) {
    return fail(item, `could not check: ${action} was throttled (${name}); run again in a minute`);
  }
  const explained = explainAwsError(error, options);
  if (explained === undefined) throw error; // not an AWS answer: a bug, reported as such
  return fail(item, `could not check (${action}): ${explained.message}`);
}

/**
 * Runs one check; a refused AWS call becomes a failed item saying what was refused, and a known
 * failure (an `AdminError`: a missing stack output…) a failed item saying what to do.
 */
export async function runCheck(
  item: string,
  options: GlobalOptions,
  run: () => Promise<Check | Check[]>,
): Promise<Check[]> {
  try {
    const result = await run();
    return Array.isArray(result) ? result : [result];
  } catch (error) {
    if (error instanceof AwsCallError) return [cannotCheck(item, error, options)];
    if (error instanceof AdminError) return [fail(item, error.message)];
    throw error;
  }
}

/** Prints the checks, one line each, with `failLabel` for the failed ones; returns the counts. */
export function printChecks(
  checks: readonly Check[],
  print: (text: string) => void,
  failLabel: 'FIX' | 'FAIL',
): { failed: number; warned: number } {
  const label: Record<CheckStatus, string> = {
    ok: 'ok',
    warn: 'warn',
    fail: failLabel,
    skip: 'skip',
  };
  for (const check of checks) {
    print(`  ${label[check.status].padEnd(4)}  ${check.item}: ${check.detail}`);
  }
  return {
    failed: checks.filter((check) => check.status === 'fail').length,
    warned: checks.filter((check) => check.status === 'warn').length,
  };
}
