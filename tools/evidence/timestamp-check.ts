/**
 * Checking the time-stamping authority's answer (`manifest.tsr`) with `openssl ts -verify`, the
 * standard tool a third party would use, when openssl is on PATH: the signature, the authority's
 * certificate (against `--ca-file`, or openssl's default trust store), and that the signed digest
 * is manifest.json's. Then the signed time and the authority's name, from `openssl ts -reply`.
 */
import { spawnSync } from 'node:child_process';

/** What became of the check. */
export type TimeStampCheck =
  | { readonly status: 'no-openssl' }
  | {
      readonly status: 'verified';
      readonly time: string | undefined;
      readonly tsa: string | undefined;
    }
  | { readonly status: 'failed'; readonly reason: string; readonly imprintMismatch: boolean };

const TIMEOUT_MS = 20_000;

interface Run {
  readonly ok: boolean;
  readonly missing: boolean;
  readonly output: string;
}

function run(openssl: string, args: readonly string[]): Run {
  const result = spawnSync(openssl, [...args], { encoding: 'utf8', timeout: TIMEOUT_MS });
  const missing = (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  return {
    ok: result.status === 0,
    missing,
    output: `${result.stdout ?? ''}\n${result.stderr ?? ''}`,
  };
}

/** True when `openssl` can be run. */
export function hasOpenssl(openssl = 'openssl'): boolean {
  return !run(openssl, ['version']).missing;
}

/** openssl's reasons (`message imprint mismatch`, `unable to get local issuer certificate`). */
function reasonOf(output: string): string {
  const reasons = output
    .split('\n')
    .map((line) => /:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)(?::.*?Verify error:(.*))?/.exec(line))
    .filter((match) => match !== null)
    .map((match) => (match[2] ? `${match[1]}: ${match[2].trim()}` : match[1]!));
  return reasons.length > 0 ? [...new Set(reasons)].join('; ') : 'openssl said no';
}

/** Verifies `tsr` over `data` (the manifest), trusting `caFile` when given. */
export function checkTimeStamp(
  data: string,
  tsr: string,
  caFile: string | undefined,
  openssl = 'openssl',
): TimeStampCheck {
  const verify = run(openssl, [
    'ts',
    '-verify',
    '-data',
    data,
    '-in',
    tsr,
    ...(caFile === undefined ? [] : ['-CAfile', caFile]),
  ]);
  if (verify.missing) return { status: 'no-openssl' };
  if (!verify.ok || !/Verification: OK/.test(verify.output)) {
    const reason = reasonOf(verify.output);
    return { status: 'failed', reason, imprintMismatch: /imprint mismatch/i.test(reason) };
  }
  const text = run(openssl, ['ts', '-reply', '-in', tsr, '-text']).output;
  const time = /^Time stamp: (.+)$/m.exec(text)?.[1]?.trim();
  const tsa = /^TSA: (.+)$/m.exec(text)?.[1]?.trim();
  return { status: 'verified', time, tsa: tsa === 'unspecified' ? undefined : tsa };
}
