/**
 * `npm run abuse:normalise -- WORD…`: prints each word as the abuse matcher sees it (one a line),
 * to write lexicon entries (see `lambda/domain/abuse/README.md`, "Adding a word").
 */
import { normalise } from '../../lambda/domain/abuse/normalise';

const words = process.argv.slice(2);
if (words.length === 0) {
  process.stderr.write('usage: npm run abuse:normalise -- WORD [WORD…]\n');
  process.exitCode = 2;
} else {
  for (const word of words) process.stdout.write(`${normalise(word)}\n`);
}
