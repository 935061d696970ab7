/**
 * Evidence of abuse, as a lawyer needs it: who (the raw number: the one place it is kept), to
 * which number, when, what, the inbound message id, why it was flagged, and a SHA-256 digest of
 * the canonical record so that any later change to a record can be detected.
 */
import { createHash } from 'node:crypto';

export interface EvidenceRecord {
  /** ISO 8601 UTC time the message was received. */
  readonly receivedAt: string;
  readonly inboundMessageId: string;
  /** The sender, E.164. */
  readonly from: string;
  /** Our number, E.164. */
  readonly to: string;
  readonly body: string;
  /** Why it was kept, e.g. `insult:connard`, `repeater:21`, `flagged_sender`. */
  readonly reasons: readonly string[];
  /** SHA-256 (hex) of {@link canonicalEvidence} of the fields above. */
  readonly digest: string;
}

export type EvidenceFields = Omit<EvidenceRecord, 'digest'>;

/** The fields in a fixed order, as compact JSON: the bytes the digest is computed over. */
export function canonicalEvidence(fields: EvidenceFields): string {
  return JSON.stringify({
    body: fields.body,
    from: fields.from,
    inboundMessageId: fields.inboundMessageId,
    reasons: [...fields.reasons],
    receivedAt: fields.receivedAt,
    to: fields.to,
  });
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function evidenceRecord(fields: EvidenceFields): EvidenceRecord {
  return { ...fields, reasons: [...fields.reasons], digest: sha256Hex(canonicalEvidence(fields)) };
}

/** True when the record's digest matches its fields. */
export function verifyEvidence(record: EvidenceRecord): boolean {
  return sha256Hex(canonicalEvidence(record)) === record.digest;
}

/**
 * The digest of a whole export: SHA-256 over the records' digests in export order, one per
 * line. It does not depend on the file format, so a JSON Lines and a CSV export of the same
 * records have the same manifest digest.
 */
export function manifestDigest(records: readonly EvidenceRecord[]): string {
  return sha256Hex(records.map((record) => record.digest).join('\n'));
}
