/**
 * The local target: a simulator's state folder (`npm run simulate -- --state DIR`), opened with
 * the same embedded DynamoDB (dynalite on the folder's files), HMAC key and config the simulator
 * used. Only one process can hold a state folder at a time (LevelDB locks it). Traffic figures
 * come from `DIR/metrics.json`, the simulator's stand-in for CloudWatch.
 */
import { join } from 'node:path';
import { ConfigError } from '../../lib/config/load';
import { readLocalState, startLocalEnvironment } from '../local/environment';
import { METRICS_FILE, readMetrics } from '../local/local-metrics';
import { LocalSmsSink } from '../local/sms-sink';
import { AdminError } from './errors';
import { figuresFromMinutes } from './metric-figures';
import type { Target } from './target';

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
  const metrics = readMetrics(stateDir);
  return {
    kind: 'local',
    label: `local state ${stateDir}`,
    tableName: env.tableName,
    documentClient: env.dynamo.documentClient,
    clock: 'simulated',
    settings: async () => settings,
    senderKey: async () => senderKey,
    smsGateway: async (sinkSettings, clock) => new LocalSmsSink(sinkSettings).gatewayFor(clock),
    metrics: async (fromMs, toMs) =>
      metrics === undefined
        ? undefined
        : figuresFromMinutes(
            metrics,
            fromMs,
            toMs,
            `the simulator's metrics, ${join(stateDir, METRICS_FILE)}`,
          ),
    ...(metrics?.untilMs === undefined ? {} : { simulatedUntilMs: metrics.untilMs }),
    callerArn: async () => undefined,
    close: () => env.stop(),
  };
}
