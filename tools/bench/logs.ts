/**
 * What one invocation writes to CloudWatch Logs through Powertools (its log line and its EMF
 * metrics), measured by running the real responder with the production telemetry and capturing
 * stdout. Lambda's own START/END/REPORT lines are a stated assumption (`prices.ts`).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../lambda/metric-names';
import { PowertoolsTelemetry } from '../../lambda/telemetry';
import type { ConfigInput } from '../../lib/config';
import type { BenchEmulator } from './emulator';
import { benchSettings, Lab, mobile } from './lab';

export interface LogVolume {
  /** Bytes and log events our code writes for an accepted reply. */
  readonly replyBytes: number;
  readonly replyEvents: number;
  /** The same for a dropped message (a repeat sender). */
  readonly dropBytes: number;
  readonly dropEvents: number;
}

/** Runs `work` with stdout captured (nothing reaches the terminal); returns bytes and writes. */
async function captureStdout(
  work: () => Promise<void>,
): Promise<{ bytes: number; events: number }> {
  const write = process.stdout.write;
  let bytes = 0;
  let events = 0;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    events += 1;
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    await work();
  } finally {
    process.stdout.write = write;
  }
  return { bytes, events };
}

export async function measureLogVolume(
  emulator: BenchEmulator,
  config: ConfigInput,
  startMs: number,
): Promise<LogVolume> {
  const lab = await Lab.open(emulator, benchSettings(config), startMs);
  try {
    const telemetry = new PowertoolsTelemetry(
      new Logger({ serviceName: METRICS_SERVICE }),
      new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }),
    );
    const container = lab.container({ telemetry });
    const reply = await captureStdout(async () => {
      await lab.deliver(container, lab.record({ from: mobile(1), body: 'Bonjour' }));
    });
    lab.now += 1;
    const drop = await captureStdout(async () => {
      await lab.deliver(container, lab.record({ from: mobile(1), body: 'Encore' }));
    });
    return {
      replyBytes: reply.bytes,
      replyEvents: reply.events,
      dropBytes: drop.bytes,
      dropEvents: drop.events,
    };
  } finally {
    lab.close();
  }
}
