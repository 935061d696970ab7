/**
 * cfn-lint (CloudFormation's own linter, with the resource schemas of every Region) on the
 * template of every shipped config (`config/*.json`), synthesized as `cdk synth` does offline
 * (no account, no Region; no bundling, which the linter does not look at). Zero errors; a warning
 * passes only if it is in {@link ACKNOWLEDGED}, with its reason.
 *
 * cfn-lint is a Python tool, not an npm package: where it is not on PATH, the test says so and
 * passes (TOOLCHAIN.md: installed on the project's machines, not in Debian nor reachable on PyPI).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AntirelouStack } from '../../lib/antirelou-stack';
import { loadConfigFile } from '../../lib/config';

/** The Regions the templates are linted for: Paris (where the French number goes) and us-east-1. */
const REGIONS = ['eu-west-3', 'us-east-1'];
/**
 * One cfn-lint run lints every template (one Python start-up, one load of the schemas): about
 * 8 s on an idle 2-core machine, three times that on a loaded one.
 */
const LINT_TIMEOUT_MS = 120_000;

/** A finding of `cfn-lint --format json`. */
interface Finding {
  readonly Filename: string;
  readonly Level: 'Error' | 'Warning' | 'Informational';
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: readonly (string | number)[] };
}

/** A warning the project accepts, what it matches, and why. */
interface Acknowledged {
  readonly rule: string;
  readonly message: RegExp;
  readonly reason: string;
}

const ACKNOWLEDGED: readonly Acknowledged[] = [
  {
    rule: 'W3005',
    message:
      /^'\w+' dependency already enforced by a 'GetAtt' at 'Resources\/\w+\/Properties\/Role'$/,
    reason:
      "aws-cdk-lib's lambda.Function adds a DependsOn on its role (with the role's policy, which " +
      'is needed: the function must not run before its permissions exist) next to the GetAtt of ' +
      "the role's ARN. Redundant, harmless, and not ours to remove from the CDK's constructs " +
      '(our functions and the CDK custom resource provider alike).',
  },
];

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const available = cfnLint.status === 0;
const configs = readdirSync('config').filter((file) => file.endsWith('.json'));

/** The template of a shipped config, as `cdk synth` makes it offline (no account, no Region). */
function template(configFile: string): object {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new AntirelouStack(app, 'Antirelou', { config: loadConfigFile(configFile) });
  return Template.fromStack(stack).toJSON();
}

/** The findings of one cfn-lint run over the templates of every shipped config, per config. */
function lintAll(files: readonly string[]): Map<string, Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-cfn-lint-'));
  try {
    const paths = files.map((file) => {
      const path = join(dir, file);
      writeFileSync(path, JSON.stringify(template(join('config', file)), null, 1));
      return path;
    });
    // cfn-lint exits non-zero whenever it finds something: read its report either way.
    let output: string;
    try {
      output = execFileSync(
        'cfn-lint',
        ['--format', 'json', '--regions', ...REGIONS, '--', ...paths],
        {
          encoding: 'utf8',
        },
      );
    } catch (error) {
      output = String((error as { stdout?: unknown }).stdout ?? '');
      if (output.trim() === '') throw error;
    }
    const findings = JSON.parse(output) as Finding[];
    return new Map(
      files.map((file, i) => [file, findings.filter((finding) => finding.Filename === paths[i])]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const describeFinding = (finding: Finding): string =>
  `${finding.Level} ${finding.Rule.Id} at ${finding.Location.Path.join('/')}: ${finding.Message}`;

const isAcknowledged = (finding: Finding): boolean =>
  finding.Level !== 'Error' &&
  ACKNOWLEDGED.some((ack) => ack.rule === finding.Rule.Id && ack.message.test(finding.Message));

test('cfn-lint is on PATH, or the check says it skipped', () => {
  if (!available) {
    console.warn(
      'cfn-lint is not on PATH: the CloudFormation lint of config/*.json was skipped ' +
        '(pip install cfn-lint, then run this test again).',
    );
  }
  expect(configs).toEqual(expect.arrayContaining(['antirelou.json', 'rehearsal.json']));
  for (const ack of ACKNOWLEDGED) expect(ack.reason.length).toBeGreaterThan(40);
});

let findings: Map<string, Finding[]> = new Map();
beforeAll(() => {
  if (available) findings = lintAll(configs);
}, LINT_TIMEOUT_MS);

test.each(configs)('config/%s: no cfn-lint error, no warning without its reason', (file) => {
  if (!available) return;
  expect(findings.has(file)).toBe(true);
  const unexplained = (findings.get(file) ?? []).filter((finding) => !isAcknowledged(finding));
  expect(unexplained.map(describeFinding)).toEqual([]);
});

test(
  'the lint does report: a broken template gets an error',
  () => {
    if (!available) return;
    const dir = mkdtempSync(join(tmpdir(), 'antirelou-cfn-lint-'));
    try {
      const path = join(dir, 'broken.json');
      const broken = {
        Resources: { Number: { Type: 'AWS::SMSVOICE::PhoneNumber', Properties: {} } },
      };
      writeFileSync(path, JSON.stringify(broken));
      const result = spawnSync('cfn-lint', ['--format', 'json', '--', path], { encoding: 'utf8' });
      const reported = JSON.parse(result.stdout) as Finding[];
      expect(reported.filter((finding) => finding.Level === 'Error').length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  LINT_TIMEOUT_MS / 4,
);
