/**
 * An RFC 3161 time-stamp request (`TimeStampReq`, RFC 3161 §2.4.1), made offline and encoded in
 * DER by hand: its shape is fixed and small, so a few lines beat an ASN.1 library.
 *
 *   TimeStampReq ::= SEQUENCE { version INTEGER (1), messageImprint MessageImprint,
 *                               nonce INTEGER, certReq BOOLEAN (TRUE) }
 *   MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier (sha256, NULL parameters),
 *                                 hashedMessage OCTET STRING }
 *
 * This is what `openssl ts -query -sha256 -cert` writes (no policy, no extensions). `certReq`
 * asks the authority to put its certificate in the answer, so that the answer can be checked
 * with the authority's root certificate alone.
 */
import { randomBytes } from 'node:crypto';

/** DER of the OID 2.16.840.1.101.3.4.2.1 (id-sha256, RFC 5754 §2.2). */
const SHA256_OID = Buffer.from('0609608648016503040201', 'hex');
const DER_NULL = Buffer.from('0500', 'hex');
const TRUE = Buffer.from('0101ff', 'hex');
const VERSION_1 = Buffer.from('020101', 'hex');
const SHA256_BYTES = 32;
/** 64 bits, as `openssl ts -query` draws its nonces. */
const NONCE_BYTES = 8;

const TAG = { integer: 0x02, octetString: 0x04, sequence: 0x30 } as const;

/** A DER length: short form below 128, else long form. */
function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

/** The minimal DER content of a positive INTEGER given as big-endian bytes. */
function positiveInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  const trimmed = bytes.subarray(start);
  return (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

/** A fresh random nonce, as lowercase hex of its minimal positive DER integer (never 0). */
export function randomNonce(): string {
  for (;;) {
    const nonce = positiveInteger(randomBytes(NONCE_BYTES));
    if (nonce.some((byte) => byte !== 0)) return nonce.toString('hex');
  }
}

/** The DER `TimeStampReq` for a SHA-256 digest (hex) and a nonce (hex, see {@link randomNonce}). */
export function timeStampRequest(sha256Hex: string, nonceHex: string): Buffer {
  const digest = Buffer.from(sha256Hex, 'hex');
  if (digest.length !== SHA256_BYTES || digest.toString('hex') !== sha256Hex.toLowerCase()) {
    throw new RangeError(`not a SHA-256 digest in hex: ${sha256Hex}`);
  }
  const nonce = positiveInteger(Buffer.from(nonceHex, 'hex'));
  const algorithm = tlv(TAG.sequence, SHA256_OID, DER_NULL);
  const imprint = tlv(TAG.sequence, algorithm, tlv(TAG.octetString, digest));
  return tlv(TAG.sequence, VERSION_1, imprint, tlv(TAG.integer, nonce), TRUE);
}

/** What a request file says, read leniently (to tell which part of it differs). */
export interface ReadTimeStampRequest {
  readonly digestHex: string;
  readonly nonceHex: string;
}

/**
 * Reads the digest and nonce back from a request made by {@link timeStampRequest}; undefined
 * when the bytes are not shaped like one. Bytes are compared exactly elsewhere: this only says
 * which part changed.
 */
export function readTimeStampRequest(der: Buffer): ReadTimeStampRequest | undefined {
  const marker = Buffer.concat([
    SHA256_OID,
    DER_NULL,
    Buffer.from([TAG.octetString, SHA256_BYTES]),
  ]);
  const at = der.indexOf(marker);
  if (at < 0) return undefined;
  const digestEnd = at + marker.length + SHA256_BYTES;
  const digest = der.subarray(at + marker.length, digestEnd);
  const nonceLength = der[digestEnd + 1];
  if (der[digestEnd] !== TAG.integer || nonceLength === undefined || nonceLength >= 0x80) {
    return undefined;
  }
  const nonce = der.subarray(digestEnd + 2, digestEnd + 2 + nonceLength);
  if (digest.length !== SHA256_BYTES || nonce.length !== nonceLength) return undefined;
  return { digestHex: digest.toString('hex'), nonceHex: nonce.toString('hex') };
}
