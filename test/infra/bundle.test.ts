/**
 * The one test that really bundles the Lambdas: the real handlers (the responder and, with the
 * default safety delay, the dispatcher; the account backstop's, with a spend limit), with the
 * locally installed esbuild (no Docker), minified, with a source map, and the AWS SDK left to
 * the runtime.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DispatcherEnvironment } from '../../lambda/env';
import { ResponderEnvironment } from '../../lambda/env';
import { buildStack, logicalId, responderFunction, dispatcherFunction } from './synth';
import type { CfnJson } from './synth';

let outdir: string;
let template: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'antirelou-bundle-'));
  const app = new App({ outdir });
  const stack = buildStack({ accountMonthlySpendLimitUsd: 10 }, app);
  app.synth();
  template = Template.fromStack(stack);
});

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

/** The bundle of a function: its asset directory's files and its `index.js`. */
function bundleOf(fn: { resource: CfnJson }): { files: string[]; code: string } {
  const assetHash = String(fn.resource.Properties.Code.S3Key).replace(/\.zip$/, '');
  const assetDir = join(outdir, `asset.${assetHash}`);
  return {
    files: readdirSync(assetDir).sort(),
    code: readFileSync(join(assetDir, 'index.js'), 'utf8'),
  };
}

function expectMinifiedWithMap(bundle: { files: string[]; code: string }): void {
  expect(bundle.files).toEqual(['index.js', 'index.js.map']);
  expect(bundle.code.split('\n').length).toBeLessThan(50);
  expect(bundle.code).toContain('sourceMappingURL=index.js.map');
}

test('the stack bundles the real responder handler with esbuild', () => {
  const bundle = bundleOf(responderFunction(template));
  expectMinifiedWithMap(bundle);
  // The handler reads every variable the stack sets (the scheduler's four included) and wires
  // both ways of sending.
  for (const name of Object.values(ResponderEnvironment)) expect(bundle.code).toContain(name);
  expect(bundle.code).toContain('TRANSACTIONAL');
  expect(bundle.code).toMatch(/require\("@aws-sdk\/client-scheduler"\)/);
  // AWS SDK v3 comes from the Node.js 22 runtime.
  expect(bundle.code).toMatch(/require\("@aws-sdk\/client-sns"\)/);
  expect(bundle.code).toMatch(/require\("@aws-sdk\/client-pinpoint-sms-voice-v2"\)/);
});

test('the stack bundles the real dispatcher handler, apart from the responder', () => {
  const bundle = bundleOf(dispatcherFunction(template));
  expect(bundle.code).not.toBe(bundleOf(responderFunction(template)).code);
  expectMinifiedWithMap(bundle);
  // It reads every variable the stack sets, the HMAC secret's ARN included: it checks the
  // responder's signature on each scheduled reply with a key derived from that secret.
  for (const name of Object.values(DispatcherEnvironment)) expect(bundle.code).toContain(name);
  expect(bundle.code).toMatch(/require\("@aws-sdk\/client-secrets-manager"\)/);
  expect(bundle.code).toMatch(/require\("@aws-sdk\/client-dynamodb"\)/);
  expect(bundle.code).toMatch(/require\("@aws-sdk\/client-sns"\)/);
});

test('the stack bundles the account backstop handler: both send paths, the SDK from the runtime', () => {
  const id = logicalId(template, 'AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp('^antirelou account backstop'),
  });
  const assetHash = String(template.toJSON().Resources[id].Properties.Code.S3Key).replace(
    /\.zip$/,
    '',
  );
  const code = readFileSync(join(outdir, `asset.${assetHash}`, 'index.js'), 'utf8');
  expect(code).toContain('TEXT_MESSAGE_MONTHLY_SPEND_LIMIT');
  expect(code).toMatch(/require\("@aws-sdk\/client-pinpoint-sms-voice-v2"\)/);
  expect(code).toMatch(/require\("@aws-sdk\/client-sns"\)/);
});
