/**
 * The handler against a bare conditional write, timed by tinybench: the real responder as local
 * mode wires it (tools/local/host.ts), production telemetry counted, not shown, on dynalite in
 * its own worker thread; each container takes one message at a time, as in Lambda. Its round
 * trips are test/integration/round-trips.test.ts's, not counted again here.
 */
import { performance } from 'node:perf_hooks';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Bench } from 'tinybench';
import { createTelemetry } from '../../lambda/aws-wiring';
import type { ConfigInput } from '../../lib/config';
import type { LocalDynamo } from '../local/emulator';
import { createResponderTable } from '../local/emulator';
import { ContainerHost } from '../local/host';
import { inboundJson, localSnsRecord } from '../local/sns-record';

/** tinybench's statistics of one operation (rme: of the mean, 95 %); the rate of all containers. */
export type Timing = Readonly<
  Record<'samples' | 'meanMs' | 'p50Ms' | 'p99Ms' | 'rmePercent' | 'perSecond', number>
>;
/** The handler's, with per message: main-thread CPU, telemetry bytes (both priced). */
export type HandlerTiming = Timing & { readonly cpuMs: number; readonly logBytes: number };
/** One concurrency level; `bare` is a conditional UpdateItem of a new small item. */
export type HandlerLevel = Readonly<{ concurrency: number; bare: Timing }> &
  Readonly<Record<'accepted' | 'repeat', HandlerTiming>> &
  Readonly<Record<'acceptedPerBare' | 'repeatPerBare', number>>;

/** Containers at once per level; tinybench's iterations per task (no time budget). */
export type HandlerPlan = Record<'iterations' | 'warmupIterations', number> & {
  readonly concurrency: readonly number[];
};

/**
 * Replies at once, caps no run reaches (a level sends at most about 800 replies, on a table of
 * its own; the config check allows no more than the budget item can track), raid mode never
 * entered (a bench is a flood), and no receipts.
 */
const benchConfig = (config: ConfigInput): ConfigInput => ({
  ...config,
  replyDelay: 0,
  budget: { ...config.budget, hour: 200, day: 200, month: 200 },
  raid: { ...config.raid, floodFloorPerMinute: 1_000_000_000 },
  // Receipts add nothing to the handler's path (test/integration/round-trips.test.ts), and
  // their true-ups would make the budget item hold fewer replies a day than these caps buy.
  receipts: { enabled: false },
});

/** Times `fn(container)` with tinybench, `concurrency` containers at once. */
async function timeTask(
  plan: HandlerPlan,
  concurrency: number,
  fn: (container: number) => Promise<void>,
): Promise<Timing> {
  const free = Array.from({ length: concurrency }, (_, i) => i);
  const { iterations, warmupIterations } = plan;
  const parallel = concurrency > 1 ? { concurrency: 'task' as const, threshold: concurrency } : {};
  const bench = new Bench({ time: 0, iterations, warmupIterations, throws: true, ...parallel });
  let startedMs = 0;
  const task = async (): Promise<void> => {
    const container = free.pop()!;
    await fn(container).finally(() => free.push(container));
  };
  // Called before the warm-up, then before the timed run: the rate counts the run only.
  bench.add('task', task, { beforeAll: () => void (startedMs = performance.now()) });
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`tinybench: ${result.state}`);
  const { samplesCount: samples, mean: meanMs, p50: p50Ms, p99: p99Ms, rme } = result.latency;
  const perSecond = (samples * 1000) / (performance.now() - startedMs);
  return { samples, meanMs, p50Ms, p99Ms, rmePercent: rme, perSecond };
}

/** What the telemetry writes (stdout and stderr, both CloudWatch Logs in Lambda), counted. */
async function countingOutput<T>(work: (bytes: () => number) => Promise<T>): Promise<T> {
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  let bytes = 0;
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      rest.find((r): r is () => void => typeof r === 'function')?.();
      return true;
    }) as typeof stream.write;
  }
  return work(() => bytes).finally(() => streams.forEach((s, i) => (s.write = writes[i]!)));
}

/** Bare conditional writes: each a conditional update of a new small item. */
function timeBare(dynamo: LocalDynamo, tableName: string, plan: HandlerPlan, concurrency: number) {
  let item = 0;
  return timeTask(plan, concurrency, async () => {
    await dynamo.documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `BARE#${(item += 1)}`, sk: 'B' },
        UpdateExpression: 'SET #at = :now ADD #n :one',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
        ExpressionAttributeNames: { '#at': 'atMs', '#n': 'n' },
        ExpressionAttributeValues: { ':now': Date.now(), ':one': 1, ':max': 1_000 },
      }),
    );
  });
}

/** Accepted replies, repeats, then bare writes, at one concurrency, on tables of their own. */
export async function measureHandlerLevel(
  dynamo: LocalDynamo,
  config: ConfigInput,
  plan: HandlerPlan,
  concurrency: number,
): Promise<HandlerLevel> {
  const tableName = `antirelou-bench-c${concurrency}`;
  await createResponderTable(dynamo.client, tableName);
  await createResponderTable(dynamo.client, `${tableName}-bare`);
  // The functions run with Powertools' defaults: the stack sets no POWERTOOLS_* variable.
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('POWERTOOLS_')) delete process.env[name];
  }
  const senderKeySecret = 'bench-only-hmac-secret-0123456789abcdef';
  const descriptor = { endpoint: dynamo.endpoint, tableName, containers: concurrency };
  const host = new ContainerHost(
    { ...descriptor, senderKeySecret, config: benchConfig(config) },
    createTelemetry(),
  );
  /** Times messages from `from(container)`, each expected to end as `expected` (`dropped:window`…). */
  const time = (from: (container: number) => string, expected: string) =>
    countingOutput(async (logBytes): Promise<HandlerTiming> => {
      let messages = 0;
      const [bytesBefore, elu] = [logBytes(), performance.eventLoopUtilization()];
      const timing = await timeTask(plan, concurrency, async (container) => {
        messages += 1;
        const body = inboundJson({
          from: from(container),
          to: config.originationNumber,
          body: 'Salut',
        });
        const { outcome, error } = await host.handle(
          container,
          localSnsRecord(body, Date.now()),
          Date.now(),
        );
        const got =
          outcome?.kind === 'dropped' ? `dropped:${outcome.reason}` : (outcome?.kind ?? error);
        if (got !== expected) throw new Error(`expected ${expected}, got ${got}`);
      });
      const cpuMs = performance.eventLoopUtilization(elu).active / messages;
      return { ...timing, cpuMs, logBytes: (logBytes() - bytesBefore) / messages };
    });
  try {
    // Accepted: a new sender each time. Repeats: those senders again, each on the container
    // that answered it (which knows it), in turn (30 messages would flag a heavy repeater).
    const answered: string[][] = Array.from({ length: concurrency }, () => []);
    let senders = 0;
    const fresh = (c: number): string => {
      answered[c]!.push(`+3361${String((senders += 1)).padStart(7, '0')}`);
      return answered[c]!.at(-1)!;
    };
    const accepted = await time(fresh, 'replied');
    const turns = answered.map(() => 0);
    const repeat = await time(
      (c) => answered[c]![turns[c]!++ % answered[c]!.length]!,
      'dropped:window',
    );
    // Last: the emulator then holds as many items as when the handler ran.
    const bare = await timeBare(dynamo, `${tableName}-bare`, plan, concurrency);
    const ratios = {
      acceptedPerBare: accepted.meanMs / bare.meanMs,
      repeatPerBare: repeat.meanMs / bare.meanMs,
    };
    return { concurrency, bare, accepted, repeat, ...ratios };
  } finally {
    host.stop();
  }
}
