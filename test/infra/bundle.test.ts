/**
 * The one test that really bundles the Lambda: the real handler, with the locally installed
 * esbuild (no Docker), minified, with a source map, and the AWS SDK left to the runtime.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStack, responderFunction } from './synth';

test('the stack bundles the real handler with esbuild', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'antirelou-bundle-'));
  try {
    const app = new App({ outdir });
    const stack = buildStack({}, app);
    app.synth();

    const code = responderFunction(Template.fromStack(stack)).resource.Properties.Code;
    const assetHash = String(code.S3Key).replace(/\.zip$/, '');
    const assetDir = join(outdir, `asset.${assetHash}`);
    expect(readdirSync(assetDir).sort()).toEqual(['index.js', 'index.js.map']);
    const bundle = readFileSync(join(assetDir, 'index.js'), 'utf8');

    // The handler reads its environment and wires both senders.
    expect(bundle).toContain('ANTIRELOU_SETTINGS');
    expect(bundle).toContain('SENDER_KEY_SECRET_ARN');
    expect(bundle).toContain('TRANSACTIONAL');
    // AWS SDK v3 comes from the Node.js 22 runtime.
    expect(bundle).toMatch(/require\("@aws-sdk\/client-sns"\)/);
    expect(bundle).toMatch(/require\("@aws-sdk\/client-pinpoint-sms-voice-v2"\)/);
    // Minified, with the map alongside.
    expect(bundle.split('\n').length).toBeLessThan(50);
    expect(bundle).toContain('sourceMappingURL=index.js.map');
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});
