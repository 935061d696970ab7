/**
 * The metrics the dashboard and alarms read, as Powertools writes them (CloudWatch EMF on
 * stdout): the safety delay's outcomes, from the dispatcher.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../lambda/metric-names';
import { classifySendError } from '../../lambda/adapters/sms-gateway';
import { PowertoolsTelemetry } from '../../lambda/telemetry';

/** EMF documents written while `run` runs. */
function emitted(run: (telemetry: PowertoolsTelemetry) => void): Record<string, unknown>[] {
  // test/setup.ts turns metrics off for every other test.
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const logger = new Logger({ serviceName: METRICS_SERVICE, logLevel: 'SILENT' });
    const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
    run(new PowertoolsTelemetry(logger, metrics));
  } finally {
    spy.mockRestore();
    process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('_aws'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('the dispatcher counts what it sent, spent and cancelled, by reason', () => {
  const documents = emitted((telemetry) => {
    telemetry.sendOutcome({ kind: 'sent', text: 'reply', costMicros: 150_000 }, {});
    telemetry.sendOutcome({ kind: 'cancelled', reason: 'opted_out', released: true }, {});
    telemetry.sendOutcome({ kind: 'repeat' }, {});
    telemetry.flush();
  });
  const merged = Object.assign({}, ...documents) as Record<string, unknown>;
  expect(merged.Replies).toBe(1);
  expect(merged.SpentMicros).toBe(150_000);
  expect(merged.ScheduleRepeats).toBe(1);
  const cancelled = documents.find((d) => d.RepliesCancelled !== undefined);
  expect(cancelled).toMatchObject({ RepliesCancelled: 1, Reason: 'opted_out' });
});

test('the responder counts a scheduled reply, not yet as spent', () => {
  const documents = emitted((telemetry) => {
    telemetry.outcome({ kind: 'scheduled', text: 'reply', costMicros: 150_000, sendAtMs: 1 }, {});
    telemetry.flush();
  });
  const merged = Object.assign({}, ...documents) as Record<string, unknown>;
  expect(merged.RepliesScheduled).toBe(1);
  expect(merged.SpentMicros).toBeUndefined();
  expect(merged.Replies).toBeUndefined();
});

// Issue 14: SNS quotes the number it refused; neither the log nor the send result may keep it.
describe('an AWS error that quotes a phone number', () => {
  const refusal = Object.assign(
    new Error('Invalid parameter: PhoneNumber Reason: +33612345678 is not valid to publish to'),
    { name: 'InvalidParameterException', $fault: 'client' },
  );

  test('is logged with the number masked', () => {
    const lines: string[] = [];
    const capture = (chunk: unknown) => (lines.push(String(chunk)), true);
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation(capture),
    );
    const level = process.env.POWERTOOLS_LOG_LEVEL;
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
    try {
      const logger = new Logger({ serviceName: METRICS_SERVICE });
      const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
      new PowertoolsTelemetry(logger, metrics).error('send refused', refusal, {});
    } finally {
      spies.forEach((spy) => spy.mockRestore());
      process.env.POWERTOOLS_LOG_LEVEL = level;
    }
    const logged = lines.join('');
    expect(logged).toContain('InvalidParameterException');
    expect(logged).toContain('+336******78');
    expect(logged).not.toContain('612345678');
  });

  test('becomes a send result with the number masked', () => {
    const result = classifySendError(refusal);
    expect(result).toEqual({
      status: 'rejected',
      error:
        'InvalidParameterException: Invalid parameter: PhoneNumber Reason: +336******78 is not valid to publish to',
    });
  });
});

test('the receipts function counts receipts by reason, billed and estimated, a learned price', () => {
  const documents = emitted((telemetry) => {
    telemetry.receipt(
      {
        kind: 'applied',
        addedMicros: 30_000,
        billedMicros: 180_000,
        estimatedMicros: 150_000,
        corrected: false,
        learned: { country: 'FR', micros: 90_000 },
      },
      'msg-1',
    );
    telemetry.receipt(
      {
        kind: 'applied',
        addedMicros: 4_000,
        billedMicros: 4_000,
        estimatedMicros: 0,
        corrected: true,
      },
      'msg-1',
    );
    telemetry.receipt({ kind: 'skipped', reason: 'unknown_message' }, 'msg-2');
    telemetry.flush();
  });
  const merged = Object.assign({}, ...documents) as Record<string, unknown>;
  expect(merged.BilledMicros).toEqual([180_000, 4_000]);
  expect(merged.EstimatedMicros).toEqual([150_000, 0]);
  const reasons = documents.filter((d) => d.Receipts !== undefined).map((d) => d.Reason);
  expect(reasons).toEqual(['applied', 'corrected', 'unknown_message']);
  expect(documents.find((d) => d.LearnedPriceMicros !== undefined)).toMatchObject({
    LearnedPriceMicros: 90_000,
    Country: 'FR',
  });
});
