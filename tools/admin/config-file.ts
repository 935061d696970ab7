/**
 * The config file of the commands that read one (`preflight`, `cost`): `--config F`, else the
 * file `cdk synth` uses by default. A config that cannot be read or is not valid is a usage
 * error (exit 2): one line naming the file and each wrong field.
 */
import { ConfigError, loadConfigFile } from '../../lib/config/load';
import type { AntirelouConfig } from '../../lib/config/schema';
import { UsageError } from './errors';

/** As `bin/antirelou.ts` and `cdk.json` (`antirelou:config`). */
export const DEFAULT_CONFIG_FILE = 'config/antirelou.json';

/** A validated config and the file it came from. */
export interface LoadedConfig {
  readonly config: AntirelouConfig;
  readonly file: string;
}

/** Reads and validates the config, or throws a {@link UsageError} saying what to fix. */
export function loadCommandConfig(file: string = DEFAULT_CONFIG_FILE): LoadedConfig {
  try {
    return { config: loadConfigFile(file), file };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new UsageError(
      `the config ${file} cannot be used: ${error.problems.join('; ')} ` +
        '(fix it, or pass another file with --config F)',
      { cause: error },
    );
  }
}
