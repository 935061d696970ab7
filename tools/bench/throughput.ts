/**
 * Handler throughput and latency at a given concurrency: N Lambda containers (each handles one
 * message at a time, as Lambda does) take accepted replies (a new sender each, the heaviest
 * common path: two conditional writes and an SMS publish) from one queue, against the emulator
 * on loopback, SNS mocked, the real clock. The emulator's own cost is measured the same way
 * with a bare conditional UpdateItem, so that the handler's overhead shows as a ratio.
 */
import { performance } from 'node:perf_hooks';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEventRecord } from 'aws-lambda';
import type { Responder } from '../../lambda/responder';
import type { ConfigInput } from '../../lib/config';
import { countCommands } from './counter';
import type { BenchEmulator } from './emulator';
import { benchClient } from './emulator';
import { benchSettings, Lab, mobile } from './lab';

export interface Latency {
  /** Operations measured (warm-up excluded). */
  readonly count: number;
  readonly perSecond: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface ConcurrencyResult {
  readonly concurrency: number;
  readonly handler: Latency & {
    /** DynamoDB commands per message, periodic calls included (measured). */
    readonly ddbCallsPerMessage: number;
    /** Main-thread busy time per message (handler, SDK, mocked SNS): the CPU a Lambda would spend. */
    readonly cpuMsPerMessage: number;
    /** Outcomes other than a reply (should be none). */
    readonly notReplied: number;
  };
  /**
   * The same senders again, each on the container that replied to it (one write: the repeat
   * path, the raid's most common): the handler and the bare write then make as many round trips.
   */
  readonly repeat: Latency & {
    readonly ddbCallsPerMessage: number;
    readonly cpuMsPerMessage: number;
    /** Outcomes other than a `window` drop (should be none). */
    readonly notWindow: number;
  };
  /** Measured before and after the handler, pooled (the emulator drifts as its tables grow). */
  readonly bare: Latency;
  /** Handler time per message ÷ bare conditional write time (means, same concurrency). */
  readonly overheadRatio: number;
  /** The same with medians. */
  readonly overheadRatioP50: number;
  /** The same per DynamoDB round trip of the handler. */
  readonly overheadRatioPerRoundTrip: number;
  /** Repeat sender (one round trip) ÷ bare write, means. */
  readonly overheadRatioRepeat: number;
}

export interface ThroughputOptions {
  readonly concurrency: number;
  readonly messages: number;
  /** Messages each container handles before timing starts (cold caches, connections). */
  readonly warmupPerContainer: number;
}

/** Large enough that no reply of the run is refused for budget. */
const UNLIMITED_BUDGET = { hour: 1_000_000, day: 1_000_000, month: 1_000_000 };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

function latency(samples: number[], wallMs: number): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = samples.reduce((a, b) => a + b, 0);
  return {
    count: samples.length,
    perSecond: wallMs > 0 ? (samples.length * 1000) / wallMs : 0,
    meanMs: samples.length ? total / samples.length : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

/** Runs each worker's own list of items in order; returns per-item times. */
async function driveLists<T>(
  lists: readonly T[][],
  work: (worker: number, item: T) => Promise<unknown>,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(
    lists.map(async (items, worker) => {
      for (const item of items) {
        const t0 = performance.now();
        await work(worker, item);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, wallMs: performance.now() - started };
}

/** Runs `work(worker, i)` for i in [0, total) on `concurrency` workers; returns per-op times. */
async function drive(
  concurrency: number,
  total: number,
  work: (worker: number, index: number) => Promise<unknown>,
): Promise<{ samples: number[]; wallMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let index = next++; index < total; index = next++) {
        const t0 = performance.now();
        await work(worker, index);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { samples, wallMs: performance.now() - started };
}

async function measureHandler(
  emulator: BenchEmulator,
  config: ConfigInput,
  options: ThroughputOptions,
): Promise<Pick<ConcurrencyResult, 'handler' | 'repeat'>> {
  const settings = benchSettings({ ...config, budget: { ...config.budget, ...UNLIMITED_BUDGET } });
  const lab = await Lab.open(emulator, settings, Date.now());
  try {
    // Flood detection keeps counting (its writes are part of the cost) but may not switch raid
    // mode on: a benchmark is a flood.
    await lab.setControl({ raidOverride: 'off' });
    const containers: Responder[] = Array.from({ length: options.concurrency }, () =>
      lab.container({ clock: Date.now }),
    );
    let senders = 0;
    const newSender = (): string => mobile((senders += 1), 1);
    const message = (from: string, body: string): SNSEventRecord => lab.record({ from, body });
    await Promise.all(
      containers.map(async (container) => {
        for (let i = 0; i < options.warmupPerContainer; i += 1)
          await container({ Records: [message(newSender(), 'Bonjour')] });
      }),
    );

    const firsts = Array.from({ length: options.messages }, () => newSender());
    const records = firsts.map((from) => message(from, "Salut, c'est quoi ce numéro ?"));
    const repliedBy: string[][] = containers.map(() => []);
    lab.counter.reset();
    let notReplied = 0;
    let elu = performance.eventLoopUtilization();
    const accepted = await drive(options.concurrency, records.length, async (worker, i) => {
      const result = await containers[worker]!({ Records: [records[i]!] });
      if (result.outcomes[0]?.kind === 'replied') repliedBy[worker]!.push(firsts[i]!);
      else notReplied += 1;
    });
    const busy = performance.eventLoopUtilization(elu);
    const acceptedCounts = lab.counter.snapshot();

    const repeats = repliedBy.map((from) => from.map((sender) => message(sender, 'Et alors ?')));
    const repeatCount = repeats.reduce((sum, list) => sum + list.length, 0);
    lab.counter.reset();
    let notWindow = 0;
    elu = performance.eventLoopUtilization();
    const repeated = await driveLists(repeats, async (worker, record) => {
      const outcome = (await containers[worker]!({ Records: [record] })).outcomes[0];
      if (outcome?.kind !== 'dropped' || outcome.reason !== 'window') notWindow += 1;
    });
    const repeatBusy = performance.eventLoopUtilization(elu);
    const repeatCounts = lab.counter.snapshot();
    return {
      handler: {
        ...latency(accepted.samples, accepted.wallMs),
        ddbCallsPerMessage: acceptedCounts.total / records.length,
        cpuMsPerMessage: busy.active / records.length,
        notReplied,
      },
      repeat: {
        ...latency(repeated.samples, repeated.wallMs),
        ddbCallsPerMessage: repeatCount ? repeatCounts.total / repeatCount : 0,
        cpuMsPerMessage: repeatCount ? repeatBusy.active / repeatCount : 0,
        notWindow,
      },
    };
  } finally {
    lab.close();
  }
}

async function measureBare(
  emulator: BenchEmulator,
  options: ThroughputOptions,
): Promise<{ samples: number[]; wallMs: number }> {
  const tableName = await emulator.createTable();
  const client = benchClient(emulator.endpoint);
  const counter = countCommands(client);
  try {
    // Shaped like the handler's writes: a conditional update of one small item, new values back.
    const write = (worker: number, index: number): Promise<unknown> =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: `BARE#${worker}#${index}`, sk: 'B' },
          UpdateExpression: 'SET #at = :now ADD #n :one',
          ConditionExpression: 'NOT #n > :max',
          ExpressionAttributeNames: { '#at': 'atMs', '#n': 'n' },
          ExpressionAttributeValues: { ':now': Date.now(), ':one': 1, ':max': 1_000 },
          ReturnValues: 'ALL_NEW',
        }),
      );
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, worker) => {
        for (let i = 0; i < options.warmupPerContainer; i += 1) await write(worker, -1 - i);
      }),
    );
    const timed = await drive(options.concurrency, options.messages, write);
    if (counter.snapshot().total === 0) throw new Error('the bare writes were not sent');
    return timed;
  } finally {
    client.destroy();
  }
}

/** Handler and bare write at one concurrency: half the bare writes before, half after. */
export async function measureThroughput(
  emulator: BenchEmulator,
  config: ConfigInput,
  options: ThroughputOptions,
): Promise<ConcurrencyResult> {
  const half = {
    ...options,
    messages: Math.max(options.concurrency, Math.ceil(options.messages / 2)),
  };
  const before = await measureBare(emulator, half);
  const { handler, repeat } = await measureHandler(emulator, config, options);
  const after = await measureBare(emulator, half);
  const bare = latency([...before.samples, ...after.samples], before.wallMs + after.wallMs);
  const overheadRatio = bare.meanMs > 0 ? handler.meanMs / bare.meanMs : 0;
  return {
    concurrency: options.concurrency,
    handler,
    repeat,
    bare,
    overheadRatio,
    overheadRatioP50: bare.p50Ms > 0 ? handler.p50Ms / bare.p50Ms : 0,
    overheadRatioPerRoundTrip:
      handler.ddbCallsPerMessage > 0 ? overheadRatio / handler.ddbCallsPerMessage : 0,
    overheadRatioRepeat: bare.meanMs > 0 ? repeat.meanMs / bare.meanMs : 0,
  };
}
