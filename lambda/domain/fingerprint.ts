/**
 * The canned-text fingerprint: a text as the abuse matcher reads it (case, accents, look-alike
 * and confusable letters, leetspeak, stretched, spaced-out or dotted letters, invisible
 * characters: `abuse/normalise.ts`, `confusables.ts`), then only its letters, each run of one
 * letter squeezed to one. "Salut !! Tu fais quoi ce soir ? 😘" and "salut tu fais koi ce soir"
 * differ; "SALUUUT, tu f@is qu0i ce soir 😘 42" and "Salut tu fais quoi ce soir ?" do not.
 * Digits standing alone and emoji are dropped, so that a counter or a smiley appended by a bot
 * does not make a new text.
 */
import { squeeze, tokenise } from './abuse/normalise';
import { readableChars } from './confusables';

/** The letters a text is counted by, and how many there are. */
export interface TextFingerprint {
  /** Lower-case Latin letters only, runs squeezed ("salutufaiscoicesoir"). */
  readonly letters: string;
}

/** Reads a body as its fingerprint letters (pure). */
export function textFingerprint(body: string): TextFingerprint {
  let letters = '';
  for (const token of tokenise(readableChars(body))) {
    letters += token.text.replace(/[^a-z]/g, '');
  }
  return { letters: squeeze(letters) };
}
