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

import '../tools/node-warnings';
