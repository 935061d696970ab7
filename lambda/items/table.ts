/**
 * The one way this code writes conditionally to the table (and reads back an item): every
 * item module goes through {@link Table.updateIf} (the evidence records, written once, through
 * {@link Table.putIfAbsent}). Only `ConditionalCheckFailedException`
 * becomes an answer ("not written"); every other error is rethrown, so that nothing is sent
 * when the state cannot be checked. Modelled on Powertools' `DynamoDBPersistenceLayer`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { attributeNames, isConditionalCheckFailed } from '../adapters/expressions';
import type { ItemKey } from '../adapters/table-keys';

/** An item as the document client returns it. */
export type Item = Record<string, unknown>;

/** An item's attribute as a number, or undefined when it is absent or not a number. */
export const numberOrUndefined = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : undefined;

/** One update, conditional or not. */
export interface UpdateRequest {
  readonly key: ItemKey;
  readonly update: string;
  /** Absent: an unconditional update. */
  readonly condition?: string;
  /** Absent: the expressions use no value (a `REMOVE` alone). */
  readonly values?: Record<string, unknown>;
  /** Default: the `#names` of the expressions, each standing for itself. */
  readonly names?: Record<string, string>;
  /** The item before (`ALL_OLD`) or after (`ALL_NEW`) the write, when written. */
  readonly returnValues?: 'ALL_OLD' | 'ALL_NEW';
  /** When refused, return the item the condition was checked against. */
  readonly readOnRefusal?: boolean;
}

/** `written`, with the item asked for; or refused, with the item when asked for. */
export type UpdateResult =
  | { readonly written: true; readonly item?: Item }
  | { readonly written: false; readonly item?: Item };

/** The responder's table, for the item modules. */
export class Table {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  /** One update; `written: false` when its condition did not hold. */
  async updateIf(request: UpdateRequest): Promise<UpdateResult> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.name,
          Key: request.key,
          UpdateExpression: request.update,
          ConditionExpression: request.condition,
          ExpressionAttributeNames:
            request.names ?? attributeNames(request.update, request.condition),
          ExpressionAttributeValues: request.values,
          ReturnValues: request.returnValues,
          ...(request.readOnRefusal ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
        }),
      );
      return { written: true, item: result.Attributes };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      if (!request.readOnRefusal) return { written: false };
      return { written: false, item: await this.itemOfFailedCheck(error, request.key) };
    }
  }

  /** Puts a new item; false when an item with its key exists already. */
  async putIfAbsent(item: Item & ItemKey): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.name,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return false;
    }
  }

  /** An item, read strongly consistent or not. */
  async get(key: ItemKey, consistent = false): Promise<Item | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: consistent }),
    );
    return result.Item;
  }

  /** Deletes an item, unconditionally (the maintainers' clean-up of a test's own item). */
  async delete(key: ItemKey): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.name, Key: key }));
  }

  /** The document client, for the rare batch read. */
  get documentClient(): DynamoDBDocumentClient {
    return this.client;
  }

  /**
   * The item a conditional write was refused on: DynamoDB returns it with
   * `ReturnValuesOnConditionCheckFailure`; emulators without that feature don't, so it is read.
   */
  private async itemOfFailedCheck(error: unknown, key: ItemKey): Promise<Item | undefined> {
    const returned = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
    if (returned) return unmarshall(returned);
    return this.get(key, true);
  }
}
