/**
 * Senders, by the HMAC of their number (the only form in which a number reaches the table):
 * block and unblock one, count the stop list. The responder checks `blocked` in the same
 * conditional write that claims a reply, so a block holds from the next message on, in every
 * container, with no cache.
 */
import { maskNumber } from '../../lambda/domain/phone';
import { PERSISTENT_STATE_SECONDS } from '../../lambda/responder';
import type { SenderRow } from '../evidence/attack-summary';
import { summariseAttack } from '../evidence/attack-summary';
import type { SenderBlocks } from '../../lambda/items/sender-block';
import { writeAudit } from './audit';
import { senderCensus } from './census';
import type { CommandContext } from './context';
import { actor, currentTime } from './context';
import type { EvidenceQueryResult } from './evidence-query';
import { queryEvidence } from './evidence-query';
import { itemsOf } from './target';
import { renderTable } from '../text-table';
import { count, localTime } from './format';

const MS_PER_SECOND = 1000;
/** `senders --flagged` without `--since`: everything the retention still keeps (clamped). */
const EARLIEST_EVIDENCE = '1970-01-01';

/** How an audit record names a sender: masked number and the start of its HMAC. */
export function senderRef(e164: string, key: string): { number: string; senderRef: string } {
  return { number: maskNumber(e164), senderRef: key.slice(0, 12) };
}

/** The sender items' block writes (`lambda/items/sender-block.ts`) on the target's table. */
const senderBlocks = (context: CommandContext): SenderBlocks => itemsOf(context.target).blocks;

/** `block <number>`: the sender gets no reply, ever, until `unblock`. */
export async function block(context: CommandContext, e164: string): Promise<void> {
  const key = (await context.target.senderKey())(e164);
  const who = await actor(context);
  const nowMs = Date.now();
  const before = await senderBlocks(context).block({
    senderKey: key,
    nowMs,
    by: who.who,
    // A block must outlive any window: the item keeps the far TTL opt-outs and flags have.
    expiresAtSeconds: Math.floor(nowMs / MS_PER_SECOND) + PERSISTENT_STATE_SECONDS,
  });
  const wasBlocked = before.blocked;
  await writeAudit(context.target, who, {
    command: 'block',
    args: senderRef(e164, key),
    before: { blocked: wasBlocked },
    after: { blocked: true },
  });
  const seen = before.msgCount;
  context.print(
    `${context.target.label}: ${maskNumber(e164)} ${wasBlocked ? 'was already blocked' : 'blocked'} ` +
      `(${seen === 0 ? 'it never texted the number' : `${seen} message(s) so far`}). ` +
      'It gets no reply from its next message on. Undo with `antirelou unblock`.',
  );
}

/** `unblock <number> [--clear-flag]`: lifts a block (and, if asked, an abuse flag). */
export async function unblock(
  context: CommandContext,
  e164: string,
  clearFlag: boolean,
): Promise<void> {
  const key = (await context.target.senderKey())(e164);
  const who = await actor(context);
  const before = await senderBlocks(context).unblock({ senderKey: key, clearFlag });
  if (before === undefined) {
    context.print(
      `${context.target.label}: ${maskNumber(e164)} is not ${clearFlag ? 'blocked or flagged' : 'blocked'}; nothing to do.`,
    );
    return;
  }
  const { flagged } = before;
  await writeAudit(context.target, who, {
    command: 'unblock',
    args: { ...senderRef(e164, key), clearFlag },
    before: { blocked: before.blocked, flagged, flagReasons: before.flagReasons },
    after: { blocked: false, flagged: flagged && !clearFlag },
  });
  const reasons = before.flagReasons?.join(', ') ?? '';
  context.print(
    `${context.target.label}: ${maskNumber(e164)} unblocked.` +
      (flagged && !clearFlag
        ? ` It is still flagged as abusive${reasons ? ` (${reasons})` : ''} and gets no reply: add --clear-flag to lift that too.`
        : flagged
          ? ' Its abuse flag is lifted too.'
          : ' It can get its one reply of the window again.'),
  );
}

/** `stop-list [--json]`: how many senders opted out (counts only: no number is kept). */
export async function stopList(context: CommandContext, json: boolean): Promise<void> {
  const census = await senderCensus(context.target);
  if (json) {
    context.print(
      JSON.stringify({
        optedOut: census.optedOut,
        blocked: census.blocked,
        flagged: census.flagged,
        senders: census.senders,
      }),
    );
    return;
  }
  context.print(
    `${context.target.label}: ${count(census.optedOut)} sender(s) opted out (STOP); they get no ` +
      `SMS until they text START. Of ${count(census.senders)} senders, ${count(census.blocked)} ` +
      `blocked, ${count(census.flagged)} flagged. Numbers are kept only as HMAC: none can be listed.`,
  );
}

/** `senders --flagged`'s options, validated by the command line. */
export interface FlaggedRequest {
  /** Absent: as far back as evidence is kept. */
  readonly since?: string;
  readonly json: boolean;
}

/**
 * `senders --flagged [--since …] [--json]`: the senders of evidence records (messages flagged as
 * abusive, or from flagged senders), with their FULL numbers: they are evidence, and the
 * maintainer needs them to pick `dossier --sender`. A sender whose flag was lifted since
 * (`unblock --clear-flag`) still appears: its messages are still evidence. Audited, since it
 * shows full numbers.
 */
export async function flaggedSenders(
  context: CommandContext,
  request: FlaggedRequest,
): Promise<void> {
  const { nowMs } = await currentTime(context);
  const found = await queryEvidence(context, { since: request.since ?? EARLIEST_EVIDENCE }, nowMs);
  const settings = await context.target.settings();
  const { timeZone } = settings.budget;
  const rows = summariseAttack(found.records, undefined).senders;
  await writeAudit(context.target, await actor(context), {
    command: 'senders --flagged',
    args: { since: new Date(found.searchedSinceMs).toISOString() },
    before: null,
    after: { senders: rows.length, records: found.records.length },
  });
  const iso = (ms: number): string => new Date(ms).toISOString();
  if (request.json) {
    context.print(
      JSON.stringify({
        since: iso(found.searchedSinceMs),
        until: iso(found.searchedUntilMs),
        timeZone,
        senders: rows.map((row) => ({
          number: row.number,
          messages: row.messages,
          firstSeen: iso(row.firstMs),
          lastSeen: iso(row.lastMs),
          reasons: row.reasons.map(([kind]) => kind),
        })),
      }),
    );
    return;
  }
  context.print(renderFlagged(context.target.label, found, rows, timeZone, request.since));
}

function renderFlagged(
  label: string,
  found: EvidenceQueryResult,
  rows: readonly SenderRow[],
  timeZone: string,
  since: string | undefined,
): string {
  const from = since === undefined ? 'as far back as evidence is kept' : `since ${since}`;
  const head =
    `${label}: ${count(rows.length)} flagged sender(s) in ${count(found.records.length)} evidence ` +
    `record(s) received ${from} (${localTime(found.searchedSinceMs, timeZone)} to ` +
    `${localTime(found.searchedUntilMs, timeZone)} ${timeZone}). Full numbers: they are evidence; keep them private.`;
  if (rows.length === 0) return head;
  const table = renderTable({
    header: ['number', 'messages', 'first seen', 'last seen', 'reasons'],
    rows: rows.map((row) => [
      row.number,
      count(row.messages),
      localTime(row.firstMs, timeZone),
      localTime(row.lastMs, timeZone),
      row.reasons.map(([kind]) => kind).join(', '),
    ]),
    align: ['left', 'right'],
    indent: 2,
  });
  return [
    head,
    ...table,
    `Pick one for a dossier: npx antirelou dossier --sender ${rows[0]!.number} --since … --out DIR`,
  ].join('\n');
}
