/**
 * Where the records of a file part from the chain the manifest holds: the first record altered
 * (its content no longer matches its digest, or its digest is not the one chained), missing,
 * added, or out of place (two swapped, one moved), each named by its position, inbound id and
 * time, with the link that breaks there.
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { verifyEvidence } from '../../lambda/domain/evidence';
import type { ChainLink } from './chain';

const named = (
  position: number,
  record: { inboundMessageId: string; receivedAt: string },
): string => `record ${position} (id ${record.inboundMessageId}, received ${record.receivedAt})`;

/** How a record that is not the chained one got there. */
function misplaced(
  records: readonly EvidenceRecord[],
  links: readonly ChainLink[],
  index: number,
): string {
  const record = records[index]!;
  const link = links[index]!;
  const position = index + 1;
  const breaks = `; link ${position} breaks`;
  const chainedAt = links.findIndex((entry) => entry.digest === record.digest);
  const foundAt = records.findIndex((entry) => entry.digest === link.digest);
  if (chainedAt === index + 1 && foundAt === index + 1) {
    return (
      `records ${position} and ${position + 1} were swapped ` +
      `(ids ${link.inboundMessageId} and ${links[index + 1]!.inboundMessageId})${breaks}`
    );
  }
  if (foundAt === -1) {
    return `${named(position, link)} was removed${breaks}`;
  }
  if (chainedAt === -1) {
    return record.inboundMessageId === link.inboundMessageId
      ? `${named(position, record)} was altered: its digest is not the one manifest.json chains${breaks}`
      : `${named(position, record)} is not in manifest.json's chain: it was added or altered${breaks}`;
  }
  return `${named(position, record)} was moved: manifest.json chains it as record ${chainedAt + 1}${breaks}`;
}

/** The first difference between a file's records and the manifest's chain; undefined: none. */
export function firstRecordDifference(
  records: readonly EvidenceRecord[],
  links: readonly ChainLink[],
): string | undefined {
  const count = Math.max(records.length, links.length);
  for (let index = 0; index < count; index += 1) {
    const record = records[index];
    const link = links[index];
    const position = index + 1;
    if (record === undefined) {
      return `${named(position, link!)} is missing: the file ends after record ${index}; link ${position} breaks`;
    }
    if (link === undefined) {
      return `${named(position, record)} was added after the last record manifest.json chains`;
    }
    if (!verifyEvidence(record)) {
      return `${named(position, record)} was altered: its content no longer matches its digest; link ${position} breaks`;
    }
    if (record.digest !== link.digest) return misplaced(records, links, index);
  }
  return undefined;
}
