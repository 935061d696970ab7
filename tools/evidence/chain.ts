/**
 * The hash chain of a dossier: the records in export order (time received, then inbound id),
 * each link the SHA-256 of the previous link followed by the record's digest. A record removed,
 * added, changed or moved changes its link and every link after it, so the last one (the head),
 * written in the time-stamped manifest, stands for the whole sequence.
 *
 * Precisely: `link_0 = GENESIS` (64 zeros); `link_i = SHA-256(ASCII(link_{i-1}) ‖ ASCII(digest_i))`
 * for i = 1…n, over the 128 ASCII characters of the two lowercase hex strings, written as
 * lowercase hex; the head is `link_n` (`GENESIS` for no record).
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { sha256Hex } from '../../lambda/domain/evidence';

/** The link before the first record: 64 zeros (the length of a SHA-256 in hex). */
export const GENESIS_LINK = '0'.repeat(64);

/** One record's place in the chain, as the manifest lists it. */
export interface ChainLink {
  /** 1 for the first record. */
  readonly i: number;
  readonly receivedAt: string;
  readonly inboundMessageId: string;
  /** The record's own digest (SHA-256 of its canonical JSON). */
  readonly digest: string;
  /** SHA-256(previous link ‖ digest), hex. */
  readonly link: string;
}

/** The link that follows `previous` for a record with this digest. */
export function nextLink(previous: string, digest: string): string {
  return sha256Hex(`${previous}${digest}`);
}

/** The chain over records already in export order (see `inExportOrder`). */
export function chainOf(records: readonly EvidenceRecord[]): ChainLink[] {
  let previous = GENESIS_LINK;
  return records.map((record, index) => {
    previous = nextLink(previous, record.digest);
    return {
      i: index + 1,
      receivedAt: record.receivedAt,
      inboundMessageId: record.inboundMessageId,
      digest: record.digest,
      link: previous,
    };
  });
}

/** The last link, or {@link GENESIS_LINK} when there is none. */
export function chainHead(links: readonly ChainLink[]): string {
  return links.at(-1)?.link ?? GENESIS_LINK;
}
