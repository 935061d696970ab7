/**
 * Every test runs with fake credentials and a fixed region, and with the SDK's instance
 * metadata lookups disabled: nothing may reach AWS or the internet.
 */
process.env.AWS_REGION = 'eu-west-3';
process.env.AWS_ACCESS_KEY_ID = 'AKIDTESTONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'test-only-secret';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
delete process.env.AWS_PROFILE;
// Powertools: no EMF noise in test output unless a test asks for it.
process.env.POWERTOOLS_DEV = 'false';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

// The SDK warns that it will need Node 22 from 2027 (Lambda runs 22 already); keep test output
// readable by dropping that one warning and nothing else.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : `${warning.name} ${warning.message}`;
  if (text.includes('NodeVersionSupportWarning')) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
