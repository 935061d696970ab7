/** The benchmark's readable report (the CLI prints it without `--json`). */
import type { BenchReport } from './run';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (n: number): string =>
  n === 0 ? 'USD 0' : `USD ${n < 0.01 ? n.toPrecision(3) : fixed(n, 4)}`;
const pad = (text: string, width: number): string => text.padEnd(width);
const lpad = (text: string, width: number): string => text.padStart(width);

function table(rows: string[][], rightAligned: readonly number[] = []): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) =>
          rightAligned.includes(col) ? lpad(cell, widths[col]!) : pad(cell, widths[col]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function commands(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([name, n]) => (n > 1 ? `${name}×${n}` : name));
  return parts.length ? parts.join(' + ') : '—';
}

export function textReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(
    `antirelou benchmarks${report.quick ? ' (--quick: tiny input, figures not meaningful)' : ''}`,
    `Machine: ${m.cpu_model}, ${m.cpus} cores, ${fixed(m.total_memory_bytes / 1024 ** 3, 1)} GiB, Node ${m.node}, ${m.platform}; load average at start ${m.load_average_at_start.join(' ')}`,
    `DynamoDB: ${report.emulator} on loopback${report.emulator === 'dynalite' ? ' (its own worker thread)' : ' (Java child process)'}; SNS mocked (aws-sdk-client-mock). Config: ${report.config}`,
    `Run time: ${fixed(report.wall_ms / 1000, 1)} s (${Object.entries(report.phases_ms)
      .map(([phase, ms]) => `${phase.replace(/_/g, ' ')} ${fixed(ms / 1000, 1)} s`)
      .join(', ')})`,
    '',
  );

  out.push('DynamoDB round trips per message (SDK commands counted by middleware)');
  const labels: Record<string, string> = {
    accepted: 'accepted reply, warm container',
    accepted_cold: 'accepted reply, new container',
    accepted_quiet: 'accepted reply, a minute after the last',
    repeat: 'repeat sender, warm container',
    repeat_new_container: 'repeat sender, new container',
    duplicate: 'duplicate delivery, warm container',
    duplicate_new_container: 'duplicate delivery, other container',
    stop: 'STOP',
    opted_out: 'opted-out sender, warm container',
    opted_out_new_container: 'opted-out sender, new container',
    over_budget_first: 'over budget, first in the container',
    over_budget: 'over budget, warm container',
    raid_drop: 'raid mode, sender seen before',
    raid_repeat: 'raid mode, same sender again',
    abusive: 'abusive message',
    flagged_repeat: 'flagged sender, any later message',
    malformed: 'malformed input',
  };
  const rows = [['message', 'own calls', '+ periodic', 'commands (all)', 'items', 'outcome']];
  for (const [name, label] of Object.entries(labels)) {
    const c = report.ddb_calls.cases[name];
    if (c) {
      rows.push([
        label,
        String(c.messageCalls),
        c.periodicCalls ? `+ ${c.periodicCalls}` : '',
        commands(c.commands),
        commands(c.items),
        c.outcome,
      ]);
    }
  }
  out.push(table(rows, [1, 2]));
  const p = report.ddb_calls.periodic as {
    controlReadEverySeconds: number;
    floodFlushEverySeconds: number | null;
    floodFlushEveryMessages: number | null;
  };
  out.push(
    `"own calls": the message's own commands (sender, budget, evidence items); "+ periodic": calls on the control item ` +
      `(read at most every ${p.controlReadEverySeconds} s per container) and the flood counter ` +
      (p.floodFlushEverySeconds === null
        ? '(raid detection off)'
        : `(flushed every few messages, flushSeconds ${p.floodFlushEverySeconds}, flushCount ${p.floodFlushEveryMessages}: see lambda/flood.ts; its baseline hours read now and then)`) +
      ' that fell on that invocation. At concurrency 1 under load they add ' +
      `${fixed(Math.max(0, (report.throughput.c1?.handler.ddbCallsPerMessage ?? 0) - report.ddb_calls_accepted), 2)} calls per message (throughput below).`,
    '',
  );

  out.push(
    'Handler throughput: accepted replies (a new sender each: 2 conditional writes + SMS publish), one message at a time per container',
  );
  const t = [
    [
      'containers',
      'msg/s',
      'p50 ms',
      'p99 ms',
      'calls/msg',
      'CPU ms/msg',
      '|',
      'bare write/s',
      'p50 ms',
      'p99 ms',
      '|',
      'handler÷bare',
      'p50s',
      'per round trip',
      '|',
      'repeat p50 ms',
      'calls/msg',
      'repeat÷bare',
    ],
  ];
  for (const r of Object.values(report.throughput)) {
    t.push([
      String(r.concurrency),
      int(r.handler.perSecond),
      fixed(r.handler.p50Ms, 2),
      fixed(r.handler.p99Ms, 2),
      fixed(r.handler.ddbCallsPerMessage, 2),
      fixed(r.handler.cpuMsPerMessage, 2),
      '|',
      int(r.bare.perSecond),
      fixed(r.bare.p50Ms, 2),
      fixed(r.bare.p99Ms, 2),
      '|',
      `${fixed(r.overheadRatio, 2)}×`,
      `${fixed(r.overheadRatioP50, 2)}×`,
      `${fixed(r.overheadRatioPerRoundTrip, 2)}×`,
      '|',
      fixed(r.repeat.p50Ms, 2),
      fixed(r.repeat.ddbCallsPerMessage, 2),
      `${fixed(r.overheadRatioRepeat, 2)}×`,
    ]);
  }
  out.push(table(t, [0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17]));
  out.push(
    '(bare write: one conditional UpdateItem of a small item, same client settings, emulator and concurrency, half before and half after the handler;',
    ' handler÷bare: ratio of mean times; p50s: of medians; per round trip: the mean ratio ÷ DynamoDB calls per message;',
    ' repeat: each sender once more, on the container that replied to it (one write, the raid path); repeat÷bare: means.',
    ' CPU ms/msg: main-thread busy time ÷ messages; the emulator runs on the other core)',
    '',
  );

  out.push(
    `Lambda bundle (esbuild with the stack's options): ${int(report.bundle_bytes)} bytes minified (source map ${int(report.bundle_map_bytes)} bytes apart)`,
    `  largest parts: ${report.bundle_top_inputs.map((i) => `${i.name} ${int(i.bytes)}`).join(', ')}`,
    `  left to the runtime: ${report.bundle_external.join(', ')}`,
    `  require() in a fresh node, median of ${report.load_runs}: ${fixed(report.load_ms, 1)} ms with --enable-source-maps (as in Lambda; min ${fixed(report.load_ms_min, 1)}, max ${fixed(report.load_ms_max, 1)}), ${fixed(report.load_ms_without_source_maps, 1)} ms without`,
    `  of which the AWS SDK clients it leaves external: ${fixed(report.sdk_load_ms, 1)} ms when required alone (the bundle's own code: about ${fixed(Math.max(0, report.load_ms - report.sdk_load_ms), 1)} ms)`,
    `  whole process: node -e '' ${fixed(report.process_start_ms, 1)} ms, node requiring the bundle ${fixed(report.process_with_bundle_ms, 1)} ms`,
    "  (@aws-sdk/* is resolved from this project's node_modules, run from the project root; Lambda uses its runtime's copy, on Node 22)",
    '',
  );

  const money = report.money;
  out.push(
    `Money: AWS list prices ${money.prices_region}, USD, checked ${money.prices_checked} (tools/bench/prices.ts); SMS at the config's prices`,
    `  Lambda ${money.lambda_memory_mb} MB arm64; billed time per invocation = CPU measured here (${fixed(money.cpu_ms_per_message, 2)} ms/msg at concurrency 1) × ${money.assumptions.fullVcpuMemoryMb}/${money.lambda_memory_mb} + ${money.assumptions.dynamoRoundTripMs} ms per DynamoDB call + ${money.assumptions.smsPublishMs} ms per SMS publish`,
    `  logs: ${int(money.log_bytes.reply ?? 0)} bytes for a reply, ${int(money.log_bytes.drop ?? 0)} for a drop (Powertools, measured) + ${money.assumptions.platformLogBytes} bytes of Lambda's own lines`,
  );
  const s = [
    [
      'scenario',
      'scale',
      'inbound',
      'replies',
      'calls/msg',
      'SMS spend',
      '|',
      'per 1,000 inbound: SMS',
      'infra',
      'Lambda',
      'DynamoDB',
      'SNS',
      'logs',
      '|',
      'total',
      '2017',
    ],
  ];
  for (const c of Object.values(money.scenarios)) {
    const i = c.per1000.infra;
    s.push([
      c.scenario,
      String(c.scale),
      int(c.inbound),
      int(c.replies),
      fixed(c.ddbCallsPerInbound, 2),
      `${c.currency} ${fixed(c.smsSpend, 2)}`,
      '|',
      `${c.currency} ${fixed(c.per1000.sms, 2)}`,
      usd(c.per1000.infraUsd),
      usd(i.lambdaRequests + i.lambdaDuration),
      usd(i.dynamoWrites + i.dynamoReads),
      usd(i.snsPublishes),
      usd(i.logs),
      '|',
      c.per1000.totalEur === null ? '—' : `EUR ${fixed(c.per1000.totalEur, 2)}`,
      `EUR ${fixed(c.per1000.cost2017Eur, 0)}`,
    ]);
  }
  out.push(table(s, [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15]));
  out.push(
    '  (the simulator, on its own dynalite whatever --emulator says: five containers take messages in turn with simulated clocks, so caches are colder than in AWS: more DynamoDB calls, never fewer;',
    '   SMS spend is capped by the budget, not proportional to traffic: per 1,000 inbound it depends on the scale)',
  );
  const r = money.rejected_raid_message;
  out.push(
    `One rejected raid message: ${usd(r.worstUsd)} at worst (${r.worstPath}); by path: ` +
      Object.entries(r.byPath)
        .map(([path, v]) => `${path} ${usd(v.usd)} (${v.ddbCalls} calls)`)
        .join(', '),
    `A new container's INIT (loading the bundle, billed since August 2025): about ${usd(money.cold_start_usd)}`,
    '',
  );

  out.push('Targets');
  out.push(
    table(
      report.targets.map((tg) => [
        tg.met ? 'met   ' : 'MISSED',
        tg.name,
        tg.unit === 'USD'
          ? usd(tg.value)
          : `${tg.unit === 'bytes' ? int(tg.value) : fixed(tg.value, tg.unit === '' ? 0 : 2)}${tg.unit && tg.unit !== 'USD' ? ` ${tg.unit}` : ''}`,
        tg.target,
      ]),
    ),
  );
  return `${out.join('\n')}\n`;
}
