/**
 * The responder's DynamoDB adapter: atomic claims on the sender's item and atomic reservations
 * on the month's budget item. Only `ConditionalCheckFailedException` becomes a domain answer;
 * every other error is rethrown so that nothing is sent when the state cannot be checked.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { PeriodKeys } from '../domain/calendar';
import type { SenderState } from '../domain/policy';
import type { CancelReason } from '../domain/scheduled-reply';
import type { BudgetCaps, ControlState, PeriodAmounts, RaidState } from '../domain/types';
import { DEFAULT_CONTROL } from '../domain/types';
import { allOf, atMost, attributeNames, isConditionalCheckFailed, notEqual } from './expressions';
import type { ItemKey } from './table-keys';
import {
  budgetAttribute,
  budgetItemKey,
  CONTROL_KEY,
  floodItemKey,
  senderItemKey,
  TTL_ATTRIBUTE,
} from './table-keys';

/** A reservation, enough to release it later (possibly from another function). */
export interface Reservation {
  /**
   * Names this reservation (the inbound id and the decision time, see {@link reservationId}):
   * releasing it twice gives the money back once.
   */
  readonly id: string;
  readonly periods: PeriodKeys;
  readonly costMicros: number;
}

/** The id of the reservation made for an inbound message at `decidedAtMs`. */
export const reservationId = (inboundId: string, decidedAtMs: number): string =>
  `${inboundId}@${decidedAtMs}`;

/**
 * How the budget item remembers a reservation until it is settled: its id (hashed to 16
 * characters, 96 bits), its hour and its amount, in the string set of its day. About 30 bytes a
 * reply; the sets of past days are pruned (see {@link heldDaysToPrune}).
 */
export function heldEntry(reservation: Reservation): string {
  const id = createHash('sha256').update(reservation.id).digest('base64url').slice(0, 16);
  return `${id}|${reservation.periods.hour.slice(-2)}|${reservation.costMicros}`;
}

/**
 * Days whose reservations can no longer be given back: a reply is settled at most the longest
 * delay plus `MAX_SEND_LATENESS_SECONDS` (24 h + 12 h) after its reservation, so the
 * sets of the current day and the two before are kept; older ones in this month are pruned by
 * the next reservation. A clock that runs ahead can only prune early, which keeps money counted
 * (a give-back then finds nothing): it never lowers a counter.
 */
export function heldDaysToPrune(day: string): string[] {
  const dayOfMonth = Number(day.slice(8, 10));
  const days: string[] = [];
  for (let d = 1; d <= dayOfMonth - HELD_DAYS; d += 1) {
    days.push(`${day.slice(0, 8)}${String(d).padStart(2, '0')}`);
  }
  return days;
}

/** The current day and the two before (see {@link heldDaysToPrune}); a test checks the bound. */
export const HELD_DAYS = 3;

export type ReserveResult =
  | { readonly ok: true; readonly spent: PeriodAmounts }
  | { readonly ok: false; readonly spent: PeriodAmounts };

export type RecordResult =
  { readonly duplicate: true } | { readonly duplicate: false; readonly state: SenderState };

export type ClaimResult =
  | { readonly claimed: true; readonly previousReplyAtMs: number | undefined }
  | { readonly claimed: false };

export interface ClaimRequest {
  readonly senderKey: string;
  readonly inboundId: string;
  readonly nowMs: number;
  readonly windowStartMs: number;
  readonly expiresAtSeconds: number;
  /** The inbound was already recorded by this invocation: no dedupe check, no second count. */
  readonly alreadyRecorded: boolean;
  /** Raid mode: only a sender never seen before may be claimed. */
  readonly requireNew?: boolean;
}

/** Marking a scheduled reply as settled (sent or cancelled), once per inbound message. */
export interface SettleRequest {
  readonly senderKey: string;
  readonly inboundId: string;
  readonly nowMs: number;
  /** `sent` also requires the sender to be still eligible (not opted out, blocked or flagged). */
  readonly as: 'sent' | CancelReason;
}

/**
 * `settled`: this call marked it. Otherwise why not: `repeat` (already settled), `stale` (the
 * sender's claim is not this message's), or the sender's state that forbids the send.
 */
export type SettleResult =
  | { readonly settled: true }
  /** Settled already; `as`: how (`sent` or a cancel reason). */
  | { readonly settled: false; readonly why: 'repeat'; readonly as: string | undefined }
  | { readonly settled: false; readonly why: 'stale' | 'opted_out' | 'blocked' | 'flagged' };

/** The operations the responder needs from its table. */
export interface ResponderStore {
  /** Claims the sender's one reply of the window, atomically with dedupe and eligibility. */
  claimReply(request: ClaimRequest): Promise<ClaimResult>;
  /** Records an inbound that gets no reply (count, last id); returns the sender's state. */
  recordInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<RecordResult>;
  /**
   * Marks a scheduled reply settled, atomically with the re-check of the sender's state: the
   * mark is never undone, so a reply goes out at most once whatever the scheduler repeats.
   */
  settleReply(request: SettleRequest): Promise<SettleResult>;
  /** A reply settled as sent was refused by the SMS service: say so (before giving it back). */
  markSendFailed(senderKey: string, inboundId: string): Promise<void>;
  /** Gives a claimed reply back (the SMS was not sent). */
  releaseClaim(
    senderKey: string,
    inboundId: string,
    previousReplyAtMs: number | undefined,
    forgetInbound: boolean,
  ): Promise<void>;
  /** STOP (true) or START (false); returns false for a duplicate delivery. */
  setOptOut(
    senderKey: string,
    optedOut: boolean,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<boolean>;
  /**
   * Reserves `costMicros` in the hour, day and month at once, or nothing, and holds the
   * reservation in its day's set; prunes the sets of `prunedDays`.
   */
  reserve(
    reservation: Reservation,
    caps: BudgetCaps,
    prunedDays: readonly string[],
    expiresAtSeconds: number,
  ): Promise<ReserveResult>;
  /**
   * Gives a held reservation back, exactly as it was made, once: true when this call did.
   * Releasing it again, or anything that was not reserved, does nothing.
   */
  release(reservation: Reservation): Promise<boolean>;
  /** What has been spent in these periods. */
  readSpent(periods: PeriodKeys): Promise<PeriodAmounts>;
  /** Runtime controls (pause, overrides, raid state). */
  readControl(): Promise<ControlState>;
  /** Records an inbound and flags its sender, in one write; `duplicate` for a redelivery. */
  flagInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<RecordResult>;
  /** Flags a sender already recorded (a heavy repeater). */
  flagSender(
    senderKey: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<void>;
  /** Adds to a minute's inbound count; returns the hour's counts per minute (`'00'`…`'59'`). */
  addInbound(
    utcHour: string,
    minute: string,
    count: number,
    expiresAtSeconds: number,
  ): Promise<Record<string, number>>;
  /** Inbound totals of whole UTC hours (absent hours count 0). */
  readInboundTotals(utcHours: readonly string[]): Promise<Record<string, number>>;
  /** Raid mode on, unless another container did it first; true when this call did it. */
  enterRaid(nowMs: number, baselinePerMinute: number): Promise<boolean>;
  /** Notes that the flood goes on (at most once a minute per container). */
  noteFlood(nowMs: number): Promise<void>;
  /** Raid mode off, if the flood was last seen at `lastFloodMs`; true when this call did it. */
  leaveRaid(nowMs: number, lastFloodMs: number): Promise<boolean>;
}

/** Nothing forbids texting the sender (the window aside). */
const NOT_FORBIDDEN = allOf(
  notEqual('#blocked', ':true'),
  notEqual('#flagged', ':true'),
  notEqual('#optedOut', ':true'),
);

/** Attribute values of the sender item that the eligibility condition reads. */
const ELIGIBLE = allOf(NOT_FORBIDDEN, atMost('#replyAtMs', ':windowStart'));

const NOT_DUPLICATE = notEqual('#lastInboundId', ':id');

const SEEN =
  '#lastInboundId = :id, #lastSeenMs = :now, #firstSeenMs = if_not_exists(#firstSeenMs, :now)';

function senderState(item: Record<string, unknown> | undefined): SenderState {
  if (!item) return {};
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    lastInboundId: typeof item.lastInboundId === 'string' ? item.lastInboundId : undefined,
    firstSeenMs: num(item.firstSeenMs),
    lastSeenMs: num(item.lastSeenMs),
    msgCount: num(item.msgCount),
    replyAtMs: num(item.replyAtMs),
    optedOut: item.optedOut === true,
    blocked: item.blocked === true,
    flagged: item.flagged === true,
  };
}

function spentFrom(item: Record<string, unknown> | undefined, periods: PeriodKeys): PeriodAmounts {
  const read = (name: string): number => {
    const value = item?.[name];
    return typeof value === 'number' ? value : 0;
  };
  return {
    month: read(budgetAttribute.month),
    day: read(budgetAttribute.day(periods.day)),
    hour: read(budgetAttribute.hour(periods.hour)),
  };
}

function raidFrom(value: unknown): RaidState {
  const raid = (value ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    active: raid.active === true,
    sinceMs: num(raid.sinceMs),
    lastFloodMs: num(raid.lastFloodMs),
    baselinePerMinute: num(raid.baselinePerMinute),
  };
}

function minuteCounts(item: Record<string, unknown> | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (/^m\d\d$/.test(name) && typeof value === 'number') counts[name.slice(1)] = value;
  }
  return counts;
}

function controlFrom(item: Record<string, unknown> | undefined): ControlState {
  if (!item) return DEFAULT_CONTROL;
  const override = (item.budgetOverride ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    paused: item.paused === true,
    pausedReason: typeof item.pausedReason === 'string' ? item.pausedReason : undefined,
    budgetOverride: {
      hourMicros: num(override.hourMicros),
      dayMicros: num(override.dayMicros),
      monthMicros: num(override.monthMicros),
    },
    raidOverride:
      item.raidOverride === 'on' || item.raidOverride === 'off' ? item.raidOverride : undefined,
    raid: raidFrom(item.raid),
  };
}

/** The DynamoDB implementation of {@link ResponderStore}. */
export class DynamoResponderStore implements ResponderStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimReply(request: ClaimRequest): Promise<ClaimResult> {
    const update =
      `SET ${SEEN}, #replyAtMs = :now, #replyInboundId = :id, #${TTL_ATTRIBUTE} = :exp` +
      (request.alreadyRecorded ? '' : ' ADD #msgCount :one');
    const condition = allOf(
      request.alreadyRecorded ? undefined : NOT_DUPLICATE,
      ELIGIBLE,
      request.requireNew && !request.alreadyRecorded
        ? 'attribute_not_exists(#firstSeenMs)'
        : undefined,
    );
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: senderItemKey(request.senderKey),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: attributeNames(update, condition),
          ExpressionAttributeValues: {
            ':id': request.inboundId,
            ':now': request.nowMs,
            ':exp': request.expiresAtSeconds,
            ':true': true,
            ':windowStart': request.windowStartMs,
            ...(request.alreadyRecorded ? {} : { ':one': 1 }),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      const previous = result.Attributes?.replyAtMs;
      return {
        claimed: true,
        previousReplyAtMs: typeof previous === 'number' ? previous : undefined,
      };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { claimed: false };
      throw error;
    }
  }

  async settleReply(request: SettleRequest): Promise<SettleResult> {
    const update = 'SET #settledInboundId = :id, #settledAtMs = :now, #settledAs = :as';
    const condition = allOf(
      notEqual('#settledInboundId', ':id'),
      '#replyInboundId = :id',
      request.as === 'sent' ? NOT_FORBIDDEN : undefined,
    );
    const key = senderItemKey(request.senderKey);
    const values = {
      ':id': request.inboundId,
      ':now': request.nowMs,
      ':as': request.as,
      ...(request.as === 'sent' ? { ':true': true } : {}),
    };
    // Twice at most: the state may change between a refused write and the read that says why.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await this.updateIf(key, update, condition, values, 'read');
      if (result.written) return { settled: true };
      const { item } = result;
      if (item?.settledInboundId === request.inboundId) {
        const as = typeof item.settledAs === 'string' ? item.settledAs : undefined;
        return { settled: false, why: 'repeat', as };
      }
      if (item?.replyInboundId !== request.inboundId) return { settled: false, why: 'stale' };
      const state = senderState(item);
      if (state.blocked) return { settled: false, why: 'blocked' };
      if (state.flagged) return { settled: false, why: 'flagged' };
      if (state.optedOut) return { settled: false, why: 'opted_out' };
    }
    throw new Error('the sender item kept changing while a scheduled reply was settled');
  }

  async markSendFailed(senderKey: string, inboundId: string): Promise<void> {
    // Only if this message's reply is the one settled (a repeat may come after a newer one).
    await this.updateIf(
      senderItemKey(senderKey),
      'SET #settledAs = :as',
      '#settledInboundId = :id',
      {
        ':as': 'send_failed',
        ':id': inboundId,
      },
    );
  }

  async recordInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<RecordResult> {
    // The TTL is only set on a new item: opt-outs, blocks and flags must outlive any window.
    const update = `SET ${SEEN}, #${TTL_ATTRIBUTE} = if_not_exists(#${TTL_ATTRIBUTE}, :exp) ADD #msgCount :one`;
    return this.recordWith(senderKey, update, {
      ':id': inboundId,
      ':now': nowMs,
      ':exp': expiresAtSeconds,
      ':one': 1,
    });
  }

  /** Records an inbound on the sender's item unless it is a redelivery; returns the new state. */
  private async recordWith(
    senderKey: string,
    update: string,
    values: Record<string, unknown>,
  ): Promise<RecordResult> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: senderItemKey(senderKey),
          UpdateExpression: update,
          ConditionExpression: NOT_DUPLICATE,
          ExpressionAttributeNames: attributeNames(update, NOT_DUPLICATE),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { duplicate: false, state: senderState(result.Attributes) };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { duplicate: true };
      throw error;
    }
  }

  async releaseClaim(
    senderKey: string,
    inboundId: string,
    previousReplyAtMs: number | undefined,
    forgetInbound: boolean,
  ): Promise<void> {
    const restore = previousReplyAtMs === undefined ? undefined : 'SET #replyAtMs = :previous';
    const remove = ['#replyInboundId']
      .concat(previousReplyAtMs === undefined ? ['#replyAtMs'] : [])
      .concat(forgetInbound ? ['#lastInboundId'] : []);
    const update = [restore, `REMOVE ${remove.join(', ')}`].filter(Boolean).join(' ');
    // Another message of the sender may have moved the claim on: then nothing is left to give back.
    await this.updateIf(senderItemKey(senderKey), update, '#replyInboundId = :id', {
      ':id': inboundId,
      ...(previousReplyAtMs === undefined ? {} : { ':previous': previousReplyAtMs }),
    });
  }

  async setOptOut(
    senderKey: string,
    optedOut: boolean,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<boolean> {
    const stamp = optedOut ? '#optedOutAtMs' : '#optedInAtMs';
    // An opt-out keeps the item for as long as the table lives (far TTL); START leaves it alone.
    const ttl = optedOut ? ':exp' : `if_not_exists(#${TTL_ATTRIBUTE}, :exp)`;
    const update = `SET ${SEEN}, #optedOut = :optedOut, ${stamp} = :now, #${TTL_ATTRIBUTE} = ${ttl} ADD #msgCount :one`;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: senderItemKey(senderKey),
          UpdateExpression: update,
          ConditionExpression: NOT_DUPLICATE,
          ExpressionAttributeNames: attributeNames(update, NOT_DUPLICATE),
          ExpressionAttributeValues: {
            ':id': inboundId,
            ':now': nowMs,
            ':optedOut': optedOut,
            ':exp': expiresAtSeconds,
            ':one': 1,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async reserve(
    reservation: Reservation,
    caps: BudgetCaps,
    prunedDays: readonly string[],
    expiresAtSeconds: number,
  ): Promise<ReserveResult> {
    const { periods, costMicros } = reservation;
    const names: Record<string, string> = {
      '#m': budgetAttribute.month,
      '#d': budgetAttribute.day(periods.day),
      '#h': budgetAttribute.hour(periods.hour),
      '#r': budgetAttribute.held(periods.day),
      '#ttl': TTL_ATTRIBUTE,
    };
    prunedDays.forEach((day, i) => (names[`#p${i}`] = budgetAttribute.held(day)));
    const remove = prunedDays.length
      ? ` REMOVE ${prunedDays.map((_, i) => `#p${i}`).join(', ')}`
      : '';
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: budgetItemKey(periods.month),
          UpdateExpression: `ADD #m :cost, #d :cost, #h :cost, #r :held SET #ttl = :exp${remove}`,
          ConditionExpression: allOf(
            atMost('#m', ':mMax'),
            atMost('#d', ':dMax'),
            atMost('#h', ':hMax'),
          ),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':cost': costMicros,
            ':held': new Set([heldEntry(reservation)]),
            ':mMax': caps.monthMicros - costMicros,
            ':dMax': caps.dayMicros - costMicros,
            ':hMax': caps.hourMicros - costMicros,
            ':exp': expiresAtSeconds,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true, spent: spentFrom(result.Attributes, periods) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const item = await this.itemOfFailedCheck(error, budgetItemKey(periods.month));
      return { ok: false, spent: spentFrom(item, periods) };
    }
  }

  async release(reservation: Reservation): Promise<boolean> {
    const { periods, costMicros } = reservation;
    const entry = heldEntry(reservation);
    // The money goes back only while the budget item still holds this very reservation (its
    // id, hour and amount), and the same write forgets it: a repeated release, a forged one or
    // one for another amount finds nothing to give back.
    const update = 'ADD #m :neg, #d :neg, #h :neg DELETE #r :held';
    const condition = 'contains(#r, :entry)';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: budgetItemKey(periods.month),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: {
            '#m': budgetAttribute.month,
            '#d': budgetAttribute.day(periods.day),
            '#h': budgetAttribute.hour(periods.hour),
            '#r': budgetAttribute.held(periods.day),
          },
          ExpressionAttributeValues: {
            ':neg': -costMicros,
            ':held': new Set([entry]),
            ':entry': entry,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * The item a conditional write was refused on: DynamoDB returns it with
   * `ReturnValuesOnConditionCheckFailure`; emulators without that feature don't, so it is read.
   */
  private async itemOfFailedCheck(
    error: unknown,
    key: ItemKey,
  ): Promise<Record<string, unknown> | undefined> {
    const returned = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    if (returned) return unmarshall(returned);
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return result.Item;
  }

  async readSpent(periods: PeriodKeys): Promise<PeriodAmounts> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: budgetItemKey(periods.month),
        ConsistentRead: true,
      }),
    );
    return spentFrom(result.Item, periods);
  }

  async readControl(): Promise<ControlState> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: CONTROL_KEY }),
    );
    return controlFrom(result.Item);
  }

  async flagInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<RecordResult> {
    const update = `SET ${SEEN}, #flagged = :true, #flaggedAtMs = if_not_exists(#flaggedAtMs, :now), #flagReasons = :reasons, #${TTL_ATTRIBUTE} = :exp ADD #msgCount :one`;
    return this.recordWith(senderKey, update, {
      ':id': inboundId,
      ':now': nowMs,
      ':true': true,
      ':reasons': [...reasons],
      ':exp': expiresAtSeconds,
      ':one': 1,
    });
  }

  async flagSender(
    senderKey: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<void> {
    const update =
      'SET #flagged = :true, #flaggedAtMs = if_not_exists(#flaggedAtMs, :now), #flagReasons = :reasons, #expiresAt = :exp';
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: senderItemKey(senderKey),
        UpdateExpression: update,
        ExpressionAttributeNames: attributeNames(update),
        ExpressionAttributeValues: {
          ':true': true,
          ':now': nowMs,
          ':reasons': [...reasons],
          ':exp': expiresAtSeconds,
        },
      }),
    );
  }

  async addInbound(
    utcHour: string,
    minute: string,
    count: number,
    expiresAtSeconds: number,
  ): Promise<Record<string, number>> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: floodItemKey(utcHour),
        UpdateExpression: 'ADD #minute :count, #n :count SET #ttl = :exp',
        ExpressionAttributeNames: { '#minute': `m${minute}`, '#n': 'n', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: { ':count': count, ':exp': expiresAtSeconds },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return minuteCounts(result.Attributes);
  }

  async readInboundTotals(utcHours: readonly string[]): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const hour of utcHours) totals[hour] = 0;
    // BatchGetItem takes 100 keys a call; it may leave some unprocessed under load.
    for (let i = 0; i < utcHours.length; i += 100) {
      let keys: Record<string, unknown>[] = utcHours
        .slice(i, i + 100)
        .map((hour) => floodItemKey(hour) as unknown as Record<string, unknown>);
      for (let attempt = 0; keys.length > 0 && attempt < 5; attempt += 1) {
        const result = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys, ProjectionExpression: 'pk, n' } },
          }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          if (typeof item.n === 'number') totals[String(item.pk).slice(2)] = item.n;
        }
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return totals;
  }

  async enterRaid(nowMs: number, baselinePerMinute: number): Promise<boolean> {
    return this.updateControl(
      'SET #raid = :raid',
      'attribute_not_exists(#raid.#active) OR #raid.#active = :false',
      {
        ':raid': { active: true, sinceMs: nowMs, lastFloodMs: nowMs, baselinePerMinute },
        ':false': false,
      },
    );
  }

  async noteFlood(nowMs: number): Promise<void> {
    await this.updateControl('SET #raid.#lastFloodMs = :now', '#raid.#active = :true', {
      ':now': nowMs,
      ':true': true,
    });
  }

  async leaveRaid(nowMs: number, lastFloodMs: number): Promise<boolean> {
    return this.updateControl(
      'SET #raid.#active = :false, #raid.#endedMs = :now',
      '#raid.#active = :true AND #raid.#lastFloodMs = :last',
      { ':false': false, ':true': true, ':now': nowMs, ':last': lastFloodMs },
    );
  }

  /** A conditional update of the control item; false when the condition did not hold. */
  private async updateControl(
    update: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    return (await this.updateIf(CONTROL_KEY, update, condition, values)).written;
  }

  /**
   * A conditional update; `written: false` when the condition did not hold, with (`read`) the
   * item it was refused on.
   */
  private async updateIf(
    key: ItemKey,
    update: string,
    condition: string,
    values: Record<string, unknown>,
    onRefusal: 'ignore' | 'read' = 'ignore',
  ): Promise<
    | { readonly written: true }
    | { readonly written: false; readonly item?: Record<string, unknown> }
  > {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: attributeNames(update, condition),
          ExpressionAttributeValues: values,
          ...(onRefusal === 'read' ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
        }),
      );
      return { written: true };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      if (onRefusal === 'ignore') return { written: false };
      return { written: false, item: await this.itemOfFailedCheck(error, key) };
    }
  }
}
