/**
 * Is an SMS body abusive (insults, threats, slurs, sexual harassment, in French or English)?
 * A pure function of the body and the lexicons, compiled once per container: no I/O, no clock,
 * no model. How it reads the body is in `normalise.ts`, the lexicons as lookup tables in
 * `lexicon-index.ts`, the matching steps in `matching.ts`, the data and the measured quality in
 * this folder's README. Here: the hits of every step, the allow list, the verdict.
 */
import enData from './lexicon/en.json';
import frData from './lexicon/fr.json';
import type { Lexicon } from './lexicon';
import { parseLexicon } from './lexicon';
import type { LexiconIndex } from './lexicon-index';
import { compileIndex, wordRule } from './lexicon-index';
import type { Hit } from './matching';
import { joinedHits, phraseHits, view } from './matching';
import { tokenise } from './normalise';

/** The decision on one body: `reasons` name the entries that matched (`threat:je vais te tuer`). */
export interface AbuseVerdict {
  readonly abusive: boolean;
  readonly reasons: string[];
}

/** A compiled set of lexicons. */
export type AbuseMatcher = (body: string) => AbuseVerdict;

/** The lexicons shipped with the Lambda, validated when this module loads. */
export const LEXICONS: readonly Lexicon[] = [
  parseLexicon(frData, 'lexicon/fr.json'),
  parseLexicon(enData, 'lexicon/en.json'),
];

function assess(index: LexiconIndex, body: string): AbuseVerdict {
  const views = tokenise(body).map((token) => view(index, token));
  const allowed = new Array<boolean>(views.length).fill(false);
  const hits: Hit[] = [];
  views.forEach((v, i) => {
    for (const { end } of phraseHits(views, i, index.allow, undefined)) allowed.fill(true, i, end);
    const rule = wordRule(index, v.forms, v.squeezed, true);
    if (rule !== undefined) hits.push({ reason: rule.reason, start: i, end: i + 1 });
    for (const { rule: phrase, end } of phraseHits(
      views,
      i,
      index.phrases,
      index.squeezedPhrases,
    )) {
      hits.push({ reason: phrase.reason!, start: i, end });
    }
    hits.push(...joinedHits(index, views, i));
  });
  const counted = hits.filter((hit) => !allowed.slice(hit.start, hit.end).includes(true));
  // "fils de pute" says more than "pute": a hit inside a longer one (or after another one over
  // the same words) is not repeated.
  const kept = counted.filter(
    (hit, k) =>
      !counted.some(
        (other, o) =>
          other.start <= hit.start &&
          other.end >= hit.end &&
          (other.end - other.start > hit.end - hit.start || o < k),
      ),
  );
  const reasons = [...new Set(kept.sort((a, b) => a.start - b.start).map((hit) => hit.reason))];
  return { abusive: reasons.length > 0, reasons };
}

/** Compiles lexicons into a matcher; do it once (module scope), not per message. */
export function compileMatcher(lexicons: readonly Lexicon[]): AbuseMatcher {
  const index = compileIndex(lexicons);
  return (body) => assess(index, body);
}

const defaultMatcher = compileMatcher(LEXICONS);

/** Whether an inbound SMS body is abusive by its content, and why, with the shipped lexicons. */
export function assessBody(body: string): AbuseVerdict {
  return defaultMatcher(body);
}
