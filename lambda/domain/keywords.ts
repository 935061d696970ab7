/**
 * Opt-out, opt-in and help keywords, French and English, in any case, with or without accents.
 * A keyword counts when it is the first word of a short message ("stop", "Stop !", "STOP SMS",
 * "arrêt svp"): carriers honour opt-outs generously, and erring towards an opt-out only ever
 * costs us a reply we did not want to send.
 */
export type Intent = 'stop' | 'start' | 'help' | 'message';

export const STOP_WORDS: ReadonlySet<string> = new Set([
  'STOP',
  'STOPALL',
  'ARRET',
  'ARRETER',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'DESABONNER',
  'DESINSCRIRE',
  'OPTOUT',
]);

export const START_WORDS: ReadonlySet<string> = new Set(['START', 'UNSTOP', 'DEMARRER']);

export const HELP_WORDS: ReadonlySet<string> = new Set(['HELP', 'AIDE', 'INFO', 'INFOS']);

/** A keyword message has at most this many words ("stop", "stop sms", "stop sms svp"). */
const MAX_KEYWORD_MESSAGE_WORDS = 3;

/** Upper case, accents removed, punctuation turned into spaces, words split. */
export function keywordTokens(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
}

function intentOfWords(words: readonly string[]): Intent {
  const first = words[0];
  if (first === undefined || words.length > MAX_KEYWORD_MESSAGE_WORDS) return 'message';
  // "OPT OUT" and "STOP ALL" written as two words.
  const joined = words.slice(0, 2).join('');
  if (STOP_WORDS.has(first) || STOP_WORDS.has(joined)) return 'stop';
  if (START_WORDS.has(first)) return 'start';
  if (HELP_WORDS.has(first)) return 'help';
  return 'message';
}

/**
 * What the sender asks for. The keyword AWS matched (`messageKeyword`) can only add an
 * opt-out: a STOP is always honoured, whatever the body says.
 */
export function classifyIntent(body: string, awsKeyword = ''): Intent {
  const intent = intentOfWords(keywordTokens(body));
  if (intent === 'message' && intentOfWords(keywordTokens(awsKeyword)) === 'stop') return 'stop';
  return intent;
}
