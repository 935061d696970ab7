/**
 * What the composition root builds the functions from (`compose/responder.ts`,
 * `compose/dispatcher.ts`): clients, settings, table name, clock, telemetry.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReplyScheduler } from '../adapters/reply-scheduler';
import type { SmsGateway } from '../adapters/sms-gateway';
import type { ResponderSettings } from '../domain/types';
import type { Items } from '../items';
import { tableItems } from '../items';
import { ReceiptTagger } from '../receipt-tag';

/** What both functions are built from. */
export interface Parts {
  readonly settings: ResponderSettings;
  /** The document client of the table. */
  readonly dynamo: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly gateway: SmsGateway;
  /** The deployment's secret: the HMAC of phone numbers and the seal of scheduled replies. */
  readonly secret: string;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** Schedules replies (safety delay, waiting list); absent when neither is configured. */
  readonly scheduler?: ReplyScheduler;
  /** The table's items; default: those of `tableName` through `dynamo` (a test swaps one). */
  readonly items?: Items;
}

/** The parts' items: those given, or the table's. */
export const itemsOf = (parts: Pick<Parts, 'items' | 'dynamo' | 'tableName'>): Items =>
  parts.items ?? tableItems(parts.dynamo, parts.tableName);

/** The receipt tagger, when replies are tagged for their receipts (`settings.receipts`). */
export const taggerOf = (parts: Pick<Parts, 'settings' | 'secret'>): ReceiptTagger | undefined =>
  parts.settings.receipts === undefined ? undefined : new ReceiptTagger(parts.secret);
