/**
 * The responder's DynamoDB adapter: atomic claims on the sender's item and atomic reservations
 * on the month's budget item. Only `ConditionalCheckFailedException` becomes a domain answer;
 * every other error is rethrown so that nothing is sent when the state cannot be checked.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { PeriodKeys } from '../domain/calendar';
import type { SenderState } from '../domain/policy';
import type { BudgetCaps, ControlState, PeriodAmounts } from '../domain/types';
import { DEFAULT_CONTROL } from '../domain/types';
import { allOf, atMost, attributeNames, isConditionalCheckFailed, notEqual } from './expressions';
import {
  budgetAttribute,
  budgetItemKey,
  CONTROL_KEY,
  senderItemKey,
  TTL_ATTRIBUTE,
} from './table-keys';

/** A reservation, enough to release it later (possibly from another function). */
export interface Reservation {
  readonly periods: PeriodKeys;
  readonly costMicros: number;
}

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
}

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
  /** Reserves `costMicros` in the hour, day and month at once, or nothing. */
  reserve(
    reservation: Reservation,
    caps: BudgetCaps,
    staleHours: readonly string[],
    expiresAtSeconds: number,
  ): Promise<ReserveResult>;
  /** Gives a reservation back. */
  release(reservation: Reservation): Promise<void>;
  /** What has been spent in these periods. */
  readSpent(periods: PeriodKeys): Promise<PeriodAmounts>;
  /** Runtime controls (pause, overrides). */
  readControl(): Promise<ControlState>;
}

/** Attribute values of the sender item that the eligibility condition reads. */
const ELIGIBLE = allOf(
  notEqual('#blocked', ':true'),
  notEqual('#flagged', ':true'),
  notEqual('#optedOut', ':true'),
  atMost('#replyAtMs', ':windowStart'),
);

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
    const condition = allOf(request.alreadyRecorded ? undefined : NOT_DUPLICATE, ELIGIBLE);
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

  async recordInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<RecordResult> {
    // The TTL is only set on a new item: opt-outs, blocks and flags must outlive any window.
    const update = `SET ${SEEN}, #${TTL_ATTRIBUTE} = if_not_exists(#${TTL_ATTRIBUTE}, :exp) ADD #msgCount :one`;
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: senderItemKey(senderKey),
          UpdateExpression: update,
          ConditionExpression: NOT_DUPLICATE,
          ExpressionAttributeNames: attributeNames(update, NOT_DUPLICATE),
          ExpressionAttributeValues: {
            ':id': inboundId,
            ':now': nowMs,
            ':exp': expiresAtSeconds,
            ':one': 1,
          },
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
    const condition = '#replyInboundId = :id';
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: senderItemKey(senderKey),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: attributeNames(update, condition),
          ExpressionAttributeValues: {
            ':id': inboundId,
            ...(previousReplyAtMs === undefined ? {} : { ':previous': previousReplyAtMs }),
          },
        }),
      );
    } catch (error) {
      // Another message of the sender already moved the claim on: nothing left to give back.
      if (!isConditionalCheckFailed(error)) throw error;
    }
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
    staleHours: readonly string[],
    expiresAtSeconds: number,
  ): Promise<ReserveResult> {
    const { periods, costMicros } = reservation;
    const names: Record<string, string> = {
      '#m': budgetAttribute.month,
      '#d': budgetAttribute.day(periods.day),
      '#h': budgetAttribute.hour(periods.hour),
      '#ttl': TTL_ATTRIBUTE,
    };
    staleHours.forEach((hour, i) => (names[`#s${i}`] = budgetAttribute.hour(hour)));
    const remove = staleHours.length
      ? ` REMOVE ${staleHours.map((_, i) => `#s${i}`).join(', ')}`
      : '';
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: budgetItemKey(periods.month),
          UpdateExpression: `ADD #m :cost, #d :cost, #h :cost SET #ttl = :exp${remove}`,
          ConditionExpression: allOf(
            atMost('#m', ':mMax'),
            atMost('#d', ':dMax'),
            atMost('#h', ':hMax'),
          ),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: {
            ':cost': costMicros,
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
      // DynamoDB returns the item that failed the check; emulators without that feature don't.
      const item = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      const spent = item ? spentFrom(unmarshall(item), periods) : await this.readSpent(periods);
      return { ok: false, spent };
    }
  }

  async release(reservation: Reservation): Promise<void> {
    const { periods, costMicros } = reservation;
    // The hour's attribute may have been pruned if the hour has turned since the reservation.
    const attempts: [string, Record<string, string>][] = [
      [
        'ADD #m :neg, #d :neg, #h :neg',
        {
          '#m': budgetAttribute.month,
          '#d': budgetAttribute.day(periods.day),
          '#h': budgetAttribute.hour(periods.hour),
        },
      ],
      [
        'ADD #m :neg, #d :neg',
        { '#m': budgetAttribute.month, '#d': budgetAttribute.day(periods.day) },
      ],
    ];
    for (const [update, names] of attempts) {
      const condition = Object.keys(names)
        .map((name) => `attribute_exists(${name})`)
        .join(' AND ');
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: budgetItemKey(periods.month),
            UpdateExpression: update,
            ConditionExpression: condition,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':neg': -costMicros },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
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
}
