/**
 * DynamoDB round trips per message, counted by SDK middleware on the real responder. A
 * container also makes periodic calls, whatever the message: the control item (read at most every
 * `controlCacheSeconds`) and the flood counter (flushed every few messages or seconds, with a
 * read of the baseline hours now and then). Commands are told apart by the item they address:
 * a case's `messageCalls` is what the message itself costs; `calls` adds the periodic calls that
 * fell on that invocation (the cold and quiet cases are about those).
 */
import type { Outcome } from '../../lambda/domain/types';
import type { Responder } from '../../lambda/responder';
import type { ConfigInput } from '../../lib/config';
import type { CommandCounts } from './counter';
import { periodicCalls } from './counter';
import type { BenchEmulator } from './emulator';
import type { Handled, Sms } from './lab';
import { benchSettings, Lab, mobile } from './lab';

/** One measured case. */
export interface RoundTripCase {
  /**
   * The message's own round trips: commands on the sender, budget and evidence items. The
   * periodic calls (control item, flood counter) that happened to fall on this invocation are
   * in `periodicCalls`.
   */
  readonly messageCalls: number;
  readonly periodicCalls: number;
  /** Every DynamoDB command of the invocation. */
  readonly calls: number;
  /** By command, e.g. `{ "UpdateItem": 2 }` (all commands of the invocation). */
  readonly commands: Record<string, number>;
  /** By item addressed, e.g. `{ "sender": 1, "budget": 1 }`. */
  readonly items: Record<string, number>;
  /** Request units of the message's own commands (periodic items excluded). */
  readonly writeUnits: number;
  readonly readUnits: number;
  /** What the responder did, e.g. `replied`, `dropped:window`. */
  readonly outcome: string;
  readonly what: string;
}

export interface RoundTrips {
  readonly cases: Record<string, RoundTripCase>;
  /** The calls a container makes now and then, whatever the messages. */
  readonly periodic: {
    readonly controlReadEverySeconds: number;
    readonly floodFlushEverySeconds: number | null;
    readonly floodFlushEveryMessages: number | null;
    /** Periodic calls over all the cases above ÷ their messages (a cold, sparse mix). */
    readonly perMessageInCases: number;
    readonly what: string;
  };
}

/** A message the abuse matcher flags (threat, French). */
export const ABUSIVE_BODY = 'Je vais te tuer, on sait où tu habites';
const ORDINARY_BODY = "Salut, c'est quoi ce numéro ?";
const DAY_MS = 86_400_000;

function describe(outcome: Outcome | undefined): string {
  if (outcome === undefined) return 'error';
  return outcome.kind === 'dropped' ? `dropped:${outcome.reason}` : outcome.kind;
}

function toCase(handled: Handled, what: string): RoundTripCase {
  const counts: CommandCounts = handled.counts;
  const periodic = periodicCalls(counts);
  return {
    messageCalls: counts.total - periodic,
    periodicCalls: periodic,
    calls: counts.total,
    commands: counts.commands,
    items: counts.items,
    writeUnits: counts.writeUnits - counts.periodicWriteUnits,
    readUnits: counts.readUnits - counts.periodicReadUnits,
    outcome: describe(handled.outcome),
    what,
  };
}

/** Measures every case on fresh tables of the emulator, with the given config. */
export async function measureRoundTrips(
  emulator: BenchEmulator,
  config: ConfigInput,
  startMs: number,
): Promise<RoundTrips> {
  const settings = benchSettings(config);
  const cases: Record<string, RoundTripCase> = {};
  let primers = 0;
  const primerSender = (): string => mobile(9_000_000 + (primers += 1), 2);
  /** A STOP from a sender of its own: takes the container's periodic calls for this instant. */
  const prime = async (lab: Lab, container: Responder): Promise<void> => {
    await lab.deliver(container, lab.record({ from: primerSender(), body: 'STOP' }));
    lab.now += 1;
  };
  const measure = async (
    name: string,
    lab: Lab,
    container: Responder,
    sms: Sms,
    what: string,
  ): Promise<Handled> => {
    const handled = await lab.deliver(container, lab.record(sms));
    cases[name] = toCase(handled, what);
    lab.now += 1;
    return handled;
  };

  // Replies, repeats, duplicates, STOP, malformed and abusive messages.
  const lab = await Lab.open(emulator, settings, startMs);
  try {
    const warm = lab.container();
    await measure(
      'accepted_cold',
      lab,
      warm,
      { from: mobile(1), body: ORDINARY_BODY },
      'accepted reply, first message of a new container (control read, flood counter and its previous hour, claim, reservation)',
    );
    await measure(
      'accepted',
      lab,
      warm,
      { from: mobile(2), body: ORDINARY_BODY },
      'accepted reply, warm container (claim on the sender item, reservation on the budget item)',
    );
    await measure(
      'repeat',
      lab,
      warm,
      { from: mobile(2), body: 'Et alors ?' },
      'repeat sender within the window, warm container (the container knows: one write records it)',
    );
    const duplicateId = 'bench-duplicate-inbound-id';
    await lab.deliver(warm, lab.record({ from: mobile(3), body: ORDINARY_BODY, id: duplicateId }));
    lab.now += 1;
    await measure(
      'duplicate',
      lab,
      warm,
      { from: mobile(3), body: ORDINARY_BODY, id: duplicateId },
      'the same inbound delivered again by SNS, warm container',
    );
    await measure('stop', lab, warm, { from: mobile(4), body: 'STOP' }, 'STOP (opt-out recorded)');
    await measure(
      'opted_out',
      lab,
      warm,
      { from: mobile(4), body: ORDINARY_BODY },
      'message from an opted-out sender, warm container',
    );
    await measure(
      'malformed',
      lab,
      warm,
      { from: '', body: '', raw: '{not json' },
      'malformed input (bad JSON)',
    );
    await measure(
      'abusive',
      lab,
      warm,
      { from: mobile(5), body: ABUSIVE_BODY },
      'abusive content: the sender flagged (one write) and the message kept as evidence (one PutItem)',
    );
    await measure(
      'flagged_repeat',
      lab,
      warm,
      { from: mobile(5), body: ORDINARY_BODY },
      'any later message of a flagged sender: recorded, and kept as evidence',
    );

    // The same senders on a container that has never seen them.
    const fresh = lab.container();
    await prime(lab, fresh);
    await measure(
      'repeat_new_container',
      lab,
      fresh,
      { from: mobile(2), body: 'Encore moi' },
      'repeat sender on a new container (the claim fails, then the inbound is recorded)',
    );
    await lab.deliver(
      warm,
      lab.record({ from: mobile(6), body: ORDINARY_BODY, id: `${duplicateId}-2` }),
    );
    lab.now += 1;
    await measure(
      'duplicate_new_container',
      lab,
      fresh,
      { from: mobile(6), body: ORDINARY_BODY, id: `${duplicateId}-2` },
      'duplicate delivery landing on another container',
    );
    await measure(
      'opted_out_new_container',
      lab,
      fresh,
      { from: mobile(4), body: ORDINARY_BODY },
      'opted-out sender on a new container',
    );

    // Quiet traffic: a minute later, the control item and the flood counter are due again.
    lab.now += 60_000;
    await measure(
      'accepted_quiet',
      lab,
      warm,
      { from: mobile(7), body: ORDINARY_BODY },
      'accepted reply a minute after the previous message (control read and flood counter due again)',
    );
  } finally {
    lab.close();
  }

  // Over budget: the hour's cap lowered to what one reply costs, then spent.
  const budgetLab = await Lab.open(emulator, settings, startMs);
  try {
    const first = budgetLab.container();
    const spent = await budgetLab.deliver(
      first,
      budgetLab.record({ from: mobile(1), body: ORDINARY_BODY }),
    );
    const costMicros = spent.outcome?.kind === 'replied' ? spent.outcome.costMicros : 1;
    await budgetLab.setControl({ budgetOverride: { hourMicros: costMicros } });
    const container = budgetLab.container();
    await prime(budgetLab, container);
    await measure(
      'over_budget_first',
      budgetLab,
      container,
      { from: mobile(2), body: ORDINARY_BODY },
      "the first message of a container to find the hour's budget spent (claim, reservation refused, claim given back; emulators without ReturnValuesOnConditionCheckFailure add a read)",
    );
    await measure(
      'over_budget',
      budgetLab,
      container,
      { from: mobile(3), body: ORDINARY_BODY },
      'new sender while the budget is spent, warm container (the container remembers the spent budget: one write records the inbound)',
    );
  } finally {
    budgetLab.close();
  }

  // Raid mode forced on: a sender seen before (a reply more than a window ago) is not new.
  const raidLab = await Lab.open(emulator, settings, startMs);
  try {
    const container = raidLab.container();
    await raidLab.deliver(container, raidLab.record({ from: mobile(1), body: ORDINARY_BODY }));
    await raidLab.setControl({ raidOverride: 'on' });
    raidLab.now += settings.senderWindowSeconds * 1000 + DAY_MS;
    await prime(raidLab, container);
    await measure(
      'raid_drop',
      raidLab,
      container,
      { from: mobile(1), body: ORDINARY_BODY },
      'raid mode, a sender seen before (raid_not_new): the claim for new senders fails, then the inbound is recorded',
    );
    await measure(
      'raid_repeat',
      raidLab,
      container,
      { from: mobile(1), body: ORDINARY_BODY },
      'raid mode, the same sender again, warm container',
    );
  } finally {
    raidLab.close();
  }

  const all = Object.values(cases);
  return {
    cases,
    periodic: {
      perMessageInCases: all.reduce((sum, c) => sum + c.periodicCalls, 0) / Math.max(1, all.length),
      controlReadEverySeconds: settings.controlCacheSeconds,
      floodFlushEverySeconds: settings.raid?.flushSeconds ?? null,
      floodFlushEveryMessages: settings.raid?.flushCount ?? null,
      what: 'per container: GetItem of the control item at most every controlCacheSeconds; UpdateItem of the flood counter every flushSeconds or flushCount messages, whichever first; GetItem of the previous hour of the flood counter once an hour (outside raid mode)',
    },
  };
}
