#!/usr/bin/env node
/**
 * The CDK app: reads and validates the config once, prints what a reply costs, builds the
 * stack from typed props, then prints what the stack and the SMS budget cost a month. A bad
 * config stops here, with a message naming each wrong field.
 *
 * Context (cdk.json or `-c`):
 * - `antirelou:config`: the config file (default `config/antirelou.json`);
 * - `antirelou:stackName`: the stack name (default `Antirelou`).
 */
import { App } from 'aws-cdk-lib';
import { AntirelouStack } from '../lib/antirelou-stack';
import { assertDeployable, synthReport } from '../lib/config/deploy-checks';
import { ConfigError, loadConfigFile } from '../lib/config/load';
import { costSummaryLines, monthlyCost } from '../lib/config/monthly-cost';
import type { AntirelouConfig } from '../lib/config/schema';
import { stackInventory } from '../lib/stack-inventory';

export const CONFIG_CONTEXT_KEY = 'antirelou:config';
export const STACK_NAME_CONTEXT_KEY = 'antirelou:stackName';
const DEFAULT_CONFIG_FILE = 'config/antirelou.json';
const DEFAULT_STACK_NAME = 'Antirelou';

const app = new App();
const configFile = String(app.node.tryGetContext(CONFIG_CONTEXT_KEY) ?? DEFAULT_CONFIG_FILE);
const stackName = String(app.node.tryGetContext(STACK_NAME_CONTEXT_KEY) ?? DEFAULT_STACK_NAME);

let config: AntirelouConfig;
try {
  config = loadConfigFile(configFile);
  assertDeployable(config, configFile);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // stderr, and no stack trace: the message says which field to fix and how. Exit 2, as every
  // command of the project does for a bad config or bad flags.
  console.error(error.message);
  process.exit(2);
}

// stderr too, so that `cdk synth > template.yaml` stays a clean template.
const report = synthReport(config);
console.error(`antirelou config ${configFile}:`);
for (const line of report.lines) console.error(`  ${line}`);
for (const warning of report.warnings) console.error(`  WARNING: ${warning}`);

const stack = new AntirelouStack(app, stackName, {
  config,
  description: 'antirelou: an SMS auto-reply number that cannot be bankrupted',
  // Environment-agnostic unless the CLI knows the account: synth needs no credentials.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// The month's cost, counted from the stack just built (offline): two lines, details in `cost`.
for (const line of costSummaryLines(monthlyCost(config, stackInventory(stack)))) {
  console.error(`  ${line}`);
}
