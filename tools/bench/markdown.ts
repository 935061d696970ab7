/**
 * docs/benchmarks.md as `npm run bench` writes it: the figures, where and when they were
 * measured, and what they mean. Formatted with the project's Prettier settings, so that the
 * written page passes `npm run lint`.
 */
import { join } from 'node:path';
import { formatAmount } from '../../lib/config/money';
import { markdownTable } from '../text-table';
import { PROJECT_ROOT } from './load';
import { provenance, sections } from './report';
import type { BenchReport } from './run';

export const BENCHMARKS_DOC = join(PROJECT_ROOT, 'docs', 'benchmarks.md');

const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const usdPerMillion = (usd: number): string => formatAmount(usd * 1e6, 'USD');

function coldLoadText(report: BenchReport): string {
  const { responder, dispatcher } = report.cold_load;
  const own = responder.medianMs - responder.sdkMs;
  return [
    `\`require()\` of each bundle (built with the stack's esbuild options) in ${responder.runs} fresh`,
    "Node processes, with the functions' `NODE_OPTIONS=--enable-source-maps`, timed inside the",
    'process. The bundles leave the AWS SDK to the Lambda runtime (here it comes from',
    '`node_modules`). "SDK loaded at start" is what a new container loads before its first event;',
    'the other clients wait for their first use (`lambda/aws-wiring.ts`): Secrets Manager at the',
    'first invocation (the HMAC key), EventBridge Scheduler at the first delayed reply, the SMS',
    'client at the first send. "its ms" is the time to load those SDK packages alone.',
    '',
    `**The responder loads in ${fixed(responder.medianMs, 1)} ms, of which about`,
    `${fixed(responder.sdkMs, 1)} ms are the DynamoDB clients** every message needs; the bundle's`,
    `own code is the other ${fixed(Math.max(0, own), 1)} ms or so (libphonenumber-js and its`,
    'metadata, the abuse lexicons compiled into their matcher, Powertools, building the clients).',
    `The dispatcher loads in ${fixed(dispatcher.medianMs, 1)} ms. With the DynamoDB clients alone`,
    'near or above 60 ms on this machine, loading less cannot meet that target here; what would:',
    "bundling a tree-shaken DynamoDB client into the bundle instead of the runtime's (a much bigger",
    'bundle), or compiling the lexicons and trimming the phone metadata ahead of time (the',
    'matcher and the metadata are needed by every message: loading them at the first message',
    "would only move the time from the container's start to its first message). On Lambda",
    "(Node 22, arm64, the runtime's own SDK) the figures differ: compare runs of this page.",
  ].join('\n');
}

function handlerText(report: BenchReport): string {
  const c1 = report.handler.c1!;
  const calls = c1.accepted.ddbCalls;
  const own = c1.accepted.meanMs - calls * c1.bare.meanMs;
  return [
    'Each container takes one message at a time, as in Lambda; "containers" run at once against',
    'dynalite in its own worker thread. The handler is the real responder as `npm start` wires',
    'it, with the production telemetry (Powertools; its output counted, not shown) and the SMS',
    'caught by the local sink. "accepted reply": a new sender each time; "repeat sender": a',
    'sender already answered, on the container that answered (the commonest raid message).',
    `"samples" are tinybench's, after its warm-up; "per second" counts all containers together;`,
    '"DynamoDB calls" and "CPU ms" (main thread: handler, SDK, Powertools) are per message.',
    '',
    `**An accepted reply takes ${fixed(c1.acceptedPerBare)}× a bare write (one container).** It`,
    `makes ${fixed(calls)} DynamoDB calls: two conditional writes, the sender's claim and then the`,
    "budget's reservation (plus the flood counter's write every 20 messages). They are sequential",
    'on purpose: the claim decides whether money may be touched at all, so a repeat, a duplicate',
    'or an opted-out sender never reserves money nor needs a write to give it back. Two round trips',
    'take at least two bare writes, so under 2× is out of reach while a reply needs both. Per',
    `round trip the handler costs ${fixed(c1.acceptedPerBare / calls)}× a bare write, a repeat`,
    `sender (one write) ${fixed(c1.repeatPerBare)}×; beyond its round trips an accepted reply`,
    `spends about ${fixed(Math.max(0, own))} ms of its own (parsing, HMAC, phone rules, the abuse`,
    `matcher, its log line and metrics), and bills ${fixed(c1.accepted.writeUnits)} write units`,
    '(the budget item holds each reservation for days: it grows with the replies, and so does',
    'the price of writing it). Sending both writes at once would save one round trip',
    "but make every refused claim, the raid's commonest case, pay a third write to give the",
    'reservation back; one `TransactWriteItems` is one round trip but twice the write units (and',
    'dynalite has no transactions).',
  ].join('\n');
}

function moneyText(report: BenchReport): string {
  const m = report.money;
  const a = m.assumptions;
  return [
    "SMS spend is the simulator's (`npm run simulate -- --scenario NAME --json`, `spent_micros`) at",
    "the config's prices and under its budgets: it is capped, not proportional to traffic, so per",
    '1,000 inbound it depends on the scale. Infrastructure (USD, us-east-1 list prices checked',
    `${m.prices_checked}, lib/config/aws-prices.ts): Lambda requests and arm64 GB-s (${a.memoryMb} MB;`,
    `billed time = the CPU measured above × ${a.fullVcpuMemoryMb}/${a.memoryMb} +`,
    `${a.dynamoRoundTripMs} ms per DynamoDB call + ${a.sendMs} ms per SMS or schedule), the DynamoDB`,
    'calls of the replay at the request units the emulator reported for each (DynamoDB bills a',
    'write by the size of the item it changes, 1 unit per KB), one SNS publish per inbound SMS,',
    'one Scheduler invocation per delayed reply, and the',
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
    'npm run bench              # about a minute on 2 cores; rewrites this page',
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
