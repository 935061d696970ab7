/**
 * Reading and validating the config: one error message per wrong field, naming the field and
 * saying how to fix it, so that `cdk synth` and the tools fail with something actionable.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { AntirelouConfig } from './schema';
import { budgetItemProblems } from './budget-item';
import { configSchema } from './schema';

/** A config that cannot be used; `problems` lists every wrong field. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `invalid antirelou config (${source}):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        '\nFix these fields (see docs/config.md for each field) and run the command again.',
    );
    this.name = 'ConfigError';
  }
}

function describe(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || '(root)';
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
  }
  if (issue.code === 'invalid_key') {
    return `${path}: is not a valid key here (countries are ISO 3166 alpha-2 codes in capitals, e.g. "FR")`;
  }
  return `${path}: ${issue.message}`;
}

/** Validates a config object (as parsed from JSON); throws a {@link ConfigError}. */
export function parseConfig(input: unknown, source = 'config'): AntirelouConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(source, result.error.issues.map(describe));
  const problems = budgetItemProblems(result.data);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return result.data;
}

/** Reads and validates a JSON config file. */
export function loadConfigFile(path: string): AntirelouConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot read the file: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseConfig(json, path);
}
