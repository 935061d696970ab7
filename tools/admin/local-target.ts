/**
 * The local target: a simulator's state folder (`npm run simulate -- --state DIR`), opened with
 * the same embedded DynamoDB (dynalite on the folder's files), HMAC key and config the simulator
 * used. Only one process can hold a state folder at a time (LevelDB locks it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../lib/config/load';
import { readLocalState, startLocalEnvironment } from '../local/environment';
import { LocalSmsSink } from '../local/sms-sink';
import { AdminError } from './errors';
import type { Target, TrafficFigures } from './target';

/**
 * The simulator's `--json` summary of its last run on the folder, when it left one. Nothing in
 * the table counts drops (in AWS they are CloudWatch metrics), so this is the local source.
 */
export const LAST_RUN_FILE = 'last-run.json';

function readLastRun(stateDir: string): { dropped?: Record<string, number> } | undefined {
  const file = join(stateDir, LAST_RUN_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8')) as { dropped?: unknown };
    const dropped: Record<string, number> = {};
    if (summary.dropped && typeof summary.dropped === 'object') {
      for (const [reason, count] of Object.entries(summary.dropped)) {
        if (typeof count === 'number') dropped[reason] = count;
      }
    }
    return { dropped };
  } catch {
    return undefined;
  }
}

/** Opens a state folder; fails with what to do when it is not one or is in use. */
export async function openLocalTarget(stateDir: string): Promise<Target> {
  try {
    readLocalState(stateDir);
  } catch (error) {
    throw new AdminError((error as Error).message);
  }
  let env;
  try {
    env = await startLocalEnvironment({ stateDir });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = (error as Error).message;
    if (/lock|Resource temporarily unavailable/i.test(message)) {
      throw new AdminError(
        `${stateDir} is in use by another process (a simulator still running?): wait for it to finish`,
        { cause: error },
      );
    }
    // The emulator's thread stopped (LevelDB's lock): the caller says what to do about it.
    if (/ECONNREFUSED/.test(message)) throw error;
    throw new AdminError(`cannot open the local state ${stateDir}: ${message}`, { cause: error });
  }
  const { settings, senderKey } = env;
  return {
    kind: 'local',
    label: `local state ${stateDir}`,
    tableName: env.tableName,
    documentClient: env.dynamo.documentClient,
    clock: 'simulated',
    settings: async () => settings,
    senderKey: async () => senderKey,
    smsSender: async (sinkSettings, clock) => new LocalSmsSink(sinkSettings).senderFor(clock),
    traffic: async (_fromMs, _toMs, repliesInTable): Promise<TrafficFigures> => {
      const lastRun = readLastRun(stateDir);
      return {
        replies: repliesInTable,
        repliesSource: 'the table: senders whose reply was claimed that day',
        dropped: lastRun?.dropped,
        droppedSource: lastRun
          ? `the whole last simulator run, ${join(stateDir, LAST_RUN_FILE)}, not only that day`
          : `no ${LAST_RUN_FILE} in ${stateDir}, where the simulator leaves its summary`,
      };
    },
    callerArn: async () => undefined,
    close: () => env.stop(),
  };
}
