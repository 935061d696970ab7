/**
 * The CDK app as `cdk synth` runs it (`bin/antirelou.ts` under tsx, context from the CLI's
 * environment variable), with no AWS credentials at all: a good config prints its cost report
 * and writes the template; a bad one exits non-zero with the fields to fix.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const APP = join(__dirname, '..', '..', 'bin', 'antirelou.ts');

/** The environment of a laptop with no AWS set-up: no credentials, no region, no profile. */
function offlineEnvironment(context: Record<string, unknown>, outdir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_)/.test(name)) env[name] = value;
  }
  return { ...env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) };
}

async function synthApp(context: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-app-'));
  const outdir = join(dir, 'cdk.out');
  try {
    const result = await run(TSX, [APP], {
      cwd: join(__dirname, '..', '..'),
      env: offlineEnvironment(context, outdir),
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    let template: Record<string, unknown> | undefined;
    try {
      template = JSON.parse(readFileSync(join(outdir, 'Antirelou.template.json'), 'utf8'));
    } catch {
      template = undefined;
    }
    return { ...result, template, dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the shipped config synthesizes offline and prints what a reply costs', async () => {
  // Bundling is covered by bundle.test.ts; skip it here to keep the suite fast.
  const { code, stderr, template } = await synthApp({ 'aws:cdk:bundling-stacks': [] });

  expect(code).toBe(0);
  expect(stderr).toContain('antirelou config config/antirelou.json:');
  expect(stderr).toMatch(
    /reply \(FR\): GSM-7, 284 characters, 2 segment\(s\), EUR 0\.15 each, 266 per day within the day's budget of EUR 40\.00/,
  );
  expect(stderr).toContain('WARNING: alarmEmail is not set');
  // The number is still to come: synth works, and says loudly that deploy will stop, and why.
  expect(stderr).toContain(
    'WARNING: number.phoneNumberId is the placeholder "phone-placeholder": synth works, ' +
      '`cdk deploy` stops before CloudFormation creates anything',
  );
  expect(template).toMatchObject({
    Resources: expect.any(Object),
    Outputs: expect.objectContaining({ TableName: expect.any(Object) }),
    Rules: expect.objectContaining({ NumberIsConfigured: expect.any(Object) }),
  });
});

test('a bad config stops synth with the fields to fix, and no template', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-bad-'));
  const file = join(dir, 'bad.json');
  writeFileSync(
    file,
    JSON.stringify({
      originationNumber: '0700000000',
      number: { mode: 'create', isoCountryCode: 'FR' },
      sendVia: 'fax',
    }),
  );
  try {
    const bad = await synthApp({ 'antirelou:config': file });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(/^\s+at /m);
    expect(bad.stderr).toContain(`invalid antirelou config (${file})`);
    expect(bad.stderr).toContain('originationNumber: must be a phone number in E.164 form');
    expect(bad.stderr).toContain('sendVia: sendVia must be one of "sns", "sms-voice"');
    expect(bad.template).toBeUndefined();

    // Once the schema is satisfied, what CloudFormation cannot do is refused too.
    writeFileSync(
      file,
      JSON.stringify({
        originationNumber: '+33700000000',
        number: { mode: 'create', isoCountryCode: 'US', numberType: 'TEN_DLC' },
      }),
    );
    const undeployable = await synthApp({ 'antirelou:config': file });
    expect(undeployable.code).toBe(2);
    expect(undeployable.stderr).toContain('number.numberType: a TEN_DLC number is requested');
    // France + 06/07 is refused whatever the number.
    expect(undeployable.stderr).toContain(
      'originationNumber: +33700000000 is a French mobile number (06/07)',
    );
    expect(undeployable.template).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a French number for the stack to create fails synth with the Support case to open', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-fr-'));
  const file = join(dir, 'fr.json');
  writeFileSync(
    file,
    JSON.stringify({
      originationNumber: '+33937000000',
      number: { mode: 'create', isoCountryCode: 'FR', numberType: 'LONG_CODE' },
    }),
  );
  try {
    const { code, stderr, template } = await synthApp({ 'antirelou:config': file });
    expect(code).toBe(2);
    expect(stderr).toContain('number: the stack cannot create a French LONG_CODE number');
    expect(stderr).toContain('Resource Type "Dedicated SMS Short Codes"');
    expect(stderr).toContain('paste: "Request for one dedicated SMS short code for France (FR)');
    expect(stderr).toContain('"number": {"mode": "existing", "phoneNumberId": "phone-…"}');
    expect(template).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
