import type { Items } from './items';
import type { Reservation } from './items/budget-ledger';

/** The sender's claim of their one reply, as made for an inbound message. */
export interface ReplyClaim {
  readonly senderKey: string;
  readonly inboundId: string;
  /** Restored as the sender's last reply time. */
  readonly previousReplyAtMs: number | undefined;
  /** Also forget the inbound id, so that Lambda's retry of the message is not a duplicate. */
  readonly forgetInbound: boolean;
}

/**
 * A reply that will not go out: its money goes back to the budget (once, however often this
 * runs: the budget item holds each reservation until it is given back), and, when given, the sender's claim, so that they
 * can still get a reply. Both steps may run again after a crash.
 */
export async function giveBack(
  items: Pick<Items, 'ledger' | 'senders'>,
  reservation: Reservation,
  claim?: ReplyClaim,
): Promise<boolean> {
  const released = await items.ledger.release(reservation);
  if (claim) {
    await items.senders.releaseClaim(claim);
  }
  return released;
}
