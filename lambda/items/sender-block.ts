/**
 * The maintainers' writes on the sender's item (`S#<hmac>`, `sender-item.ts`): a block, which
 * the responder then honours like an opt-out, and lifting it (with the abuse flag if asked);
 * and what `send-test` and `verify` read and clean up of one sender's item. Only the admin CLI
 * writes these; the responder reads them through `senderStateOf` (`sender-state.ts`).
 */
import { senderItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
import type { SenderState } from '../domain/policy';
import { senderStateOf } from './sender-state';
import type { Item, Table } from './table';

/** Blocking a sender: who did it, when, and until when the item is kept. */
export interface BlockRequest {
  readonly senderKey: string;
  readonly nowMs: number;
  /** Who blocked it, for the item (the audit trail has the rest). */
  readonly by: string;
  /** The far TTL opt-outs and flags have: a block must outlive any window. */
  readonly expiresAtSeconds: number;
}

/** Lifting a block, and the abuse flag too when `clearFlag`. */
export interface UnblockRequest {
  readonly senderKey: string;
  readonly clearFlag: boolean;
}

/** A sender's block and flag as a maintainer's change found them (for audit records). */
export interface BlockState {
  readonly blocked: boolean;
  readonly flagged: boolean;
  /** Why it was flagged, as stored (absent: never flagged). */
  readonly flagReasons?: readonly unknown[];
  /** Messages the sender sent so far. */
  readonly msgCount: number;
}

/** The block fields of a sender item (absent: a stranger). */
export function blockStateOf(item: Item | undefined): BlockState {
  return {
    blocked: item?.blocked === true,
    flagged: item?.flagged === true,
    ...(Array.isArray(item?.flagReasons) ? { flagReasons: item.flagReasons as unknown[] } : {}),
    msgCount: typeof item?.msgCount === 'number' ? item.msgCount : 0,
  };
}

const BLOCK_FIELDS = ['#blocked', '#blockedAtMs', '#blockedBy'];
const FLAG_FIELDS = ['#flagged', '#flagReasons', '#flaggedAtMs'];

/** Blocks and unblocks senders; forgets a test sender. */
export class SenderBlocks {
  constructor(private readonly table: Table) {}

  /** Blocks the sender (creating its item if it never texted); its state before. */
  async block(request: BlockRequest): Promise<BlockState> {
    const result = await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update: `SET #blocked = :true, #blockedAtMs = :now, #blockedBy = :who, #${TTL_ATTRIBUTE} = :exp`,
      values: {
        ':true': true,
        ':now': request.nowMs,
        ':who': request.by,
        ':exp': request.expiresAtSeconds,
      },
      returnValues: 'ALL_OLD',
    });
    return blockStateOf(result.item);
  }

  /**
   * Lifts the block (and the flag if asked); only a sender that is blocked (or flagged, with
   * `clearFlag`) is touched, so no item is made for a stranger. Its state before, or undefined
   * when there was nothing to lift.
   */
  async unblock(request: UnblockRequest): Promise<BlockState | undefined> {
    const fields = request.clearFlag ? [...BLOCK_FIELDS, ...FLAG_FIELDS] : BLOCK_FIELDS;
    const result = await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update: `REMOVE ${fields.join(', ')}`,
      condition: request.clearFlag ? '#blocked = :true OR #flagged = :true' : '#blocked = :true',
      values: { ':true': true },
      returnValues: 'ALL_OLD',
    });
    return result.written ? blockStateOf(result.item) : undefined;
  }

  /** The sender's state (read consistently), for a maintainer's send to check first. */
  async readState(senderKey: string): Promise<SenderState> {
    return senderStateOf(await this.table.get(senderItemKey(senderKey), true));
  }

  /** Whether the sender has an item (read consistently). */
  async exists(senderKey: string): Promise<boolean> {
    return (await this.table.get(senderItemKey(senderKey), true)) !== undefined;
  }

  /** Deletes the sender's item: for `verify`'s synthetic sender only, after its test. */
  async forget(senderKey: string): Promise<void> {
    await this.table.delete(senderItemKey(senderKey));
  }
}
