/**
 * docs/benchmarks.md as `npm run bench` writes it: the figures, where and when they were
 * measured, and what they mean. Formatted with the project's Prettier settings, so that the
 * written page passes `npm run lint`.
 */
import { join } from 'node:path';
import { formatMicros } from '../../lib/config/money';
import { markdownTable } from '../text-table';
import { PROJECT_ROOT } from './load';
import { provenance, sections } from './report';
import type { BenchReport } from './run';

export const BENCHMARKS_DOC = join(PROJECT_ROOT, 'docs', 'benchmarks.md');

const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const usdPerMillion = (usd: number): string => formatMicros(Math.round(usd * 1e12), 'USD');

function coldLoadText(report: BenchReport): string {
  const { responder, dispatcher } = report.cold_load;
  return [
    `\`require()\` of each bundle (built with the stack's esbuild options) in ${responder.runs} fresh`,
    "Node processes, with the functions' `NODE_OPTIONS=--enable-source-maps`, timed inside the",
    'process. The bundles leave the AWS SDK to the Lambda runtime; here it comes from',
    '`node_modules`. "SDK loaded at init" is what a new container loads before its first event;',
    'the other clients wait for their first use (`lambda/aws-wiring.ts`): Secrets Manager for the',
    'HMAC key at the first invocation, the SMS client at the first send, EventBridge Scheduler at',
    `the first delayed reply. The responder loads in ${fixed(responder.medianMs, 1)} ms, of which`,
    `${fixed(responder.sdkMs, 1)} ms are its SDK clients; the dispatcher in`,
    `${fixed(dispatcher.medianMs, 1)} ms. On Lambda (Node 22, arm64, the runtime's own SDK) the`,
    'INIT phase differs from this machine: compare runs of this page, not the absolute figure.',
  ].join('\n');
}

function handlerText(report: BenchReport): string {
  const c1 = report.handler.c1!;
  const calls = c1.accepted.ddbCalls;
  const own = c1.accepted.meanMs - calls * c1.bare.meanMs;
  return [
    'Each container takes one message at a time, as in Lambda; "containers" run at once against',
    'dynalite in its own worker thread (the other core). The handler is the real responder as',
    '`npm start` wires it, with the production telemetry (Powertools; its output counted, not',
    'shown) and the SMS caught by the local sink. "accepted reply": a new sender each time;',
    '"repeat sender": a sender already answered (the commonest raid message). "samples" are',
    'tinybench\'s (after its warm-up); "per second" counts all containers together; "DynamoDB',
    'calls" and "CPU ms" (main thread: handler, SDK, Powertools) are per message.',
    '',
    `**Handler ÷ bare write: ${fixed(c1.acceptedPerBare)}× for an accepted reply, one`,
    `container.** It makes ${fixed(calls)} DynamoDB calls a message: two conditional writes, the`,
    "sender's claim and then the budget's reservation, plus the flood counter's periodic write.",
    'The two writes are sequential on purpose: the claim decides whether the budget may be',
    'touched at all, so a repeat sender, a duplicate or an opted-out sender never reserve money',
    'and never need a write to give it back. Two round trips cannot take less than two bare',
    `writes: under 2× is out of reach while a reply needs both. Per round trip the handler costs`,
    `${fixed(c1.acceptedPerBare / calls)}× a bare write, and a repeat sender (one write)`,
    `${fixed(c1.repeatPerBare)}×; the handler's own time beyond its round trips is about`,
    `${fixed(own)} ms a message. Sending the writes at once (about 1.3×) would make every refused`,
    "claim, the raid's commonest case, pay a third write to give the reservation back; one",
    '`TransactWriteItems` would be one round trip but twice the write units (and dynalite lacks it).',
  ].join('\n');
}

function moneyText(report: BenchReport): string {
  const m = report.money;
  const a = m.assumptions;
  return [
    "SMS spend is the simulator's (`npm run simulate -- --scenario NAME --json`, `spent_micros`) at",
    "the config's prices and under its budgets: it is capped, not proportional to traffic, so per",
    '1,000 inbound it depends on the scale. Infrastructure (USD, us-east-1 list prices checked',
    `${m.prices_checked}, tools/bench/prices.ts): Lambda requests and arm64 GB-s (${a.memoryMb} MB;`,
    `billed time = the CPU measured above × ${a.fullVcpuMemoryMb}/${a.memoryMb} +`,
    `${a.dynamoRoundTripMs} ms per DynamoDB call + ${a.sendMs} ms per SMS or schedule), the DynamoDB`,
    'calls counted during the replay (1 write unit each; 0.5 read unit per eventually consistent',
    'read), one SNS publish per inbound SMS, one Scheduler invocation per delayed reply, and the',
    `logs (${Math.round(m.measured.replyLogBytes)} bytes for a reply, ${Math.round(m.measured.dropLogBytes)}`,
    `for a drop, measured, plus Lambda's own ${a.platformLogBytes}). Not counted: the number's lease,`,
    "inbound SMS fees, KMS, free tiers. The simulator's containers have colder caches than",
    "AWS's, so its DynamoDB counts are upper bounds.",
    '',
    `**One rejected raid message:** ${usdPerMillion(m.rejected_message_usd.one_write)} per million`,
    `(a repeat, or a new number over budget: one write), ${usdPerMillion(m.rejected_message_usd.two_writes)}`,
    'per million for an abusive one (flag and evidence: two writes). In 2017 every message cost',
    'EUR 0.16.',
  ].join('\n');
}

/** The page, before Prettier. */
export function markdownReport(report: BenchReport): string {
  const [load, handler, money, targets] = sections(report).map(
    (s) => `## ${s.title}\n\n${markdownTable(s.table)}`,
  );
  return [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (tools/bench/). Do not edit: run it again. -->',
    '',
    provenance(report),
    '',
    '```sh',
    'npm run bench              # about 2 minutes on 2 cores; rewrites this page',
    'npm run bench -- --json    # exactly one JSON object on stdout; this page is left alone',
    'npm run bench -- --quick   # seconds: checks the bench (the test runs it), figures mean nothing',
    '```',
    '',
    'What the tests assert is not measured again here: the DynamoDB round trips of every kind of',
    'message (`test/integration/round-trips.test.ts`) and the bundle, byte for byte the',
    "stack's asset and at most 250,000 bytes (`test/bench/bundle-options.test.ts`).",
    '',
    `${load}\n\n${coldLoadText(report)}`,
    '',
    `${handler}\n\n${handlerText(report)}`,
    '',
    `${money}\n\n${moneyText(report)}`,
    '',
    targets,
    '',
  ].join('\n');
}

/** The page formatted as `prettier --check` expects it. */
export async function formattedMarkdown(report: BenchReport): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(BENCHMARKS_DOC)) ?? {};
  return prettier.format(markdownReport(report), { ...options, parser: 'markdown' });
}
