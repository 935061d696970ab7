import type { Items } from './items';
import type { Reservation } from './items/budget-ledger';
import type { ClaimRelease } from './items/sender-requests';

/** The sender's claim of their one reply, as made for an inbound message (the sender item's). */
export type ReplyClaim = ClaimRelease;

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
