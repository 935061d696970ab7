/**
 * Unicode look-alikes beyond the abuse normaliser's own table: Cherokee `ᏚᎢᎾᏢ`, Lisu `ꓢꓔꓳꓑ`,
 * Canadian syllabics `ᑭ`, Armenian `Տ`… The data is Unicode's confusables list (UTS #39), cut to
 * the letters that read as Latin letters (see `confusables-table.ts` and the script that writes it).
 */
import { canonicalChars } from './abuse/canonical';
import { CONFUSABLE_LETTERS } from './confusables-table';

const FOLD: ReadonlyMap<string, string> = new Map(
  CONFUSABLE_LETTERS.flatMap(([latin, chars]) => [...chars].map((ch) => [ch, latin] as const)),
);

const ASCII = /^[\x20-\x7e\t\n\r]*$/;

/**
 * `canonicalChars` (NFKC, no accents, no invisible characters, its look-alikes, lower case), then
 * the confusable letters it leaves, as the Latin letters they stand for.
 */
export function readableChars(text: string): string {
  const canonical = canonicalChars(text);
  // Most SMS: nothing left to fold.
  if (ASCII.test(canonical)) return canonical;
  let out = '';
  for (const ch of canonical) out += FOLD.get(ch) ?? ch;
  return out;
}
