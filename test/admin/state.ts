/**
 * A simulator state folder for the admin CLI's tests: made and extended with `simulate()` (the
 * real responder on dynalite), read back directly. A folder can be open in one place at a time
 * (LevelDB locks it), so every helper opens it, does its work and closes it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CONTROL_KEY, senderItemKey } from '../../lambda/adapters/table-keys';
import type { ConfigInput } from '../../lib/config';
import type { LocalEnvironment } from '../../tools/local/environment';
import { startLocalEnvironment } from '../../tools/local/environment';
import type { Summary } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import type { TraceEvent } from '../../tools/simulator/trace';

export const MS_PER_DAY = 86_400_000;

/** Replays events on the folder (creating it), and leaves the summary where status reads it. */
export async function simulateOn(
  stateDir: string,
  config: ConfigInput,
  startMs: number,
  events: readonly TraceEvent[],
  prepare?: (env: LocalEnvironment) => Promise<void>,
): Promise<Summary> {
  const { summary } = await simulate({
    events,
    config,
    startMs,
    stateDir,
    concurrency: 1,
    ...(prepare === undefined ? {} : { prepare }),
  });
  writeFileSync(join(stateDir, 'last-run.json'), JSON.stringify(summary));
  return summary;
}

/** New senders, one message each, a minute apart: `+3361000<i>` style numbers. */
export function newSenders(prefix: string, count: number, body = 'Bonjour'): TraceEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    t: i * 60,
    from: `+336${prefix}${String(i).padStart(8 - prefix.length, '0')}`,
    body,
  }));
}

export async function withEnv<T>(
  stateDir: string,
  run: (env: LocalEnvironment) => Promise<T>,
): Promise<T> {
  const env = await startLocalEnvironment({ stateDir });
  try {
    return await run(env);
  } finally {
    await env.stop();
  }
}

/** Every item of the table (the test tables are small). */
export async function allItems(env: LocalEnvironment): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await env.dynamo.documentClient.send(
      new ScanCommand({ TableName: env.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function auditRecords(stateDir: string): Promise<Record<string, unknown>[]> {
  return withEnv(stateDir, async (env) =>
    (await allItems(env))
      .filter((item) => String(item.pk).startsWith('AUDIT#'))
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk))),
  );
}

export async function controlItem(stateDir: string): Promise<Record<string, unknown> | undefined> {
  return withEnv(
    stateDir,
    async (env) =>
      (
        await env.dynamo.documentClient.send(
          new GetCommand({ TableName: env.tableName, Key: CONTROL_KEY }),
        )
      ).Item,
  );
}

export async function senderItem(
  stateDir: string,
  e164: string,
): Promise<Record<string, unknown> | undefined> {
  return withEnv(
    stateDir,
    async (env) =>
      (
        await env.dynamo.documentClient.send(
          new GetCommand({ TableName: env.tableName, Key: senderItemKey(env.senderKey(e164)) }),
        )
      ).Item,
  );
}

/** A fingerprint of the whole table, to show that a refused command wrote nothing. */
export async function tableSnapshot(stateDir: string): Promise<string> {
  return withEnv(stateDir, async (env) =>
    JSON.stringify(
      (await allItems(env)).sort((a, b) =>
        `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`),
      ),
    ),
  );
}
