/**
 * Opt-out, opt-in and help keywords, French and English, however they are spelled or disguised.
 * Stop wins over everything else ("when in doubt, opt out": see `stop.ts` for what counts).
 * START and HELP/AIDE/INFO count as the first word of a message of at most three words
 * ("start", "Aide ?", "info svp"), after the same normalisation as stop ("ＳＴＡＲＴ", "H E L P").
 */
import type { ReadMessage } from './stop';
import { readMessage, stopReason } from './stop';

export type Intent = 'stop' | 'start' | 'help' | 'message';

const START_WORDS: ReadonlySet<string> = new Set(['start', 'unstop', 'demarrer']);

const HELP_WORDS: ReadonlySet<string> = new Set(['help', 'aide', 'info', 'infos']);

/** A START or HELP message has at most this many words ("start", "aide svp", "info svp merci"). */
const MAX_KEYWORD_MESSAGE_WORDS = 3;

function intentOf(message: ReadMessage): Intent {
  if (stopReason(message) !== undefined) return 'stop';
  const first = message.tokens[0]?.text;
  if (first === undefined || message.wordCount > MAX_KEYWORD_MESSAGE_WORDS) return 'message';
  if (START_WORDS.has(first)) return 'start';
  if (HELP_WORDS.has(first)) return 'help';
  return 'message';
}

/**
 * What the sender asks for. The keyword AWS matched (`messageKeyword`) can only add an
 * opt-out: a STOP is always honoured, whatever the body says.
 */
export function classifyIntent(body: string, awsKeyword = ''): Intent {
  const intent = intentOf(readMessage(body));
  // Only an explicit START in the body outweighs it.
  if (intent !== 'start' && intentOf(readMessage(awsKeyword)) === 'stop') return 'stop';
  return intent;
}
