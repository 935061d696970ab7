/**
 * The simulator's trace format (JSON Lines, one inbound SMS per line), as documented in the
 * README: `{"t": 12.5, "from": "+33612345678", "to": "+33700000000", "body": "…",
 * "id": "optional-inbound-id", "legit": true}` or `{"t": 3, "raw": "<exact SNS message>"}`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const traceEventSchema = z.union([
  z.strictObject({
    t: z.number().nonnegative(),
    raw: z.string(),
    legit: z.boolean().optional(),
  }),
  z.strictObject({
    t: z.number().nonnegative(),
    from: z.string(),
    to: z.string().optional(),
    body: z.string(),
    id: z.string().optional(),
    keyword: z.string().optional(),
    legit: z.boolean().optional(),
  }),
]);

export type TraceEvent = z.infer<typeof traceEventSchema>;

/** A trace that cannot be replayed, with the line that is wrong. */
export class TraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceError';
  }
}

/** Parses JSON Lines; blank lines and lines starting with `#` are skipped. */
export function parseTrace(text: string, source = 'trace'): TraceEvent[] {
  const events: TraceEvent[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      throw new TraceError(`${source}:${index + 1}: not valid JSON`);
    }
    const result = traceEventSchema.safeParse(json);
    if (!result.success) {
      throw new TraceError(
        `${source}:${index + 1}: expected {"t": seconds, "from", "body"[, "to", "id", "legit"]} ` +
          `or {"t": seconds, "raw": "…"}`,
      );
    }
    events.push(result.data);
  });
  return events;
}

export function readTraceFile(path: string): TraceEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TraceError(`cannot read trace ${path}: ${(error as Error).message}`);
  }
  return parseTrace(text, path);
}

/** Serialises events as JSON Lines. */
export function toJsonLines(events: readonly TraceEvent[]): string {
  return events.map((event) => JSON.stringify(event)).join('\n') + '\n';
}
