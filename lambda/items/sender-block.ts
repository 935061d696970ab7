/**
 * The maintainers' writes on the sender's item (`S#<hmac>`, `sender-item.ts`): a block, which
 * the responder then honours like an opt-out, and lifting it (with the abuse flag if asked).
 * Only the admin CLI writes these; the responder reads them through `senderStateOf`
 * (`sender-state.ts`).
 */
import { senderItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
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

const BLOCK_FIELDS = ['#blocked', '#blockedAtMs', '#blockedBy'];
const FLAG_FIELDS = ['#flagged', '#flagReasons', '#flaggedAtMs'];

/** Blocks and unblocks senders. */
export class SenderBlocks {
  constructor(private readonly table: Table) {}

  /** Blocks the sender (creating its item if it never texted); the item as it was before. */
  async block(request: BlockRequest): Promise<Item> {
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
    return result.item ?? {};
  }

  /**
   * Lifts the block (and the flag if asked); only a sender that is blocked (or flagged, with
   * `clearFlag`) is touched, so no item is made for a stranger. The item as it was before, or
   * undefined when there was nothing to lift.
   */
  async unblock(request: UnblockRequest): Promise<Item | undefined> {
    const fields = request.clearFlag ? [...BLOCK_FIELDS, ...FLAG_FIELDS] : BLOCK_FIELDS;
    const result = await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update: `REMOVE ${fields.join(', ')}`,
      condition: request.clearFlag ? '#blocked = :true OR #flagged = :true' : '#blocked = :true',
      values: { ':true': true },
      returnValues: 'ALL_OLD',
    });
    return result.written ? (result.item ?? {}) : undefined;
  }
}
