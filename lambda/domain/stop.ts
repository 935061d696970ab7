/**
 * Does a message say "stop"? The number runs with self-managed opt-outs, so this is the only
 * opt-out there is, and the rule is "when in doubt, opt out": a wrong opt-out costs one reply we
 * did not send, a missed one texts someone who said stop.
 *
 * The body is read as a person reads it (the abuse normaliser undoes case, accents, fullwidth and
 * mathematical letters, look-alikes, zero-width characters, `S T O P`, `S.T.O.P`, `STOPPP`, leet;
 * `confusables.ts` adds Unicode's confusables list; a word split in pieces, `ST OP`, is joined
 * again). Then, in that order:
 * 1. a message that begins with a stop word opts out, whatever its length (AWS's own rule for
 *    managed opt-outs is "a message that begins with STOP");
 * 2. in a short message (`SHORT_MESSAGE_WORDS`), a stop word anywhere, a stop phrase ("laisse-moi
 *    tranquille", "leave me alone", "ne m'écris plus"…), a stop-sign emoji, or one of the
 *    carriers' looser keywords (END, CANCEL, QUIT) as the first word opts out;
 * 3. a few contexts make a stop word something else: "je peux pas m'arrêter de rire", "I can't
 *    stop thinking about you", "l'arrêt de bus", "sans arrêt", and the sender who insists
 *    ("arrête de m'ignorer", "stop ignoring me"). Only that occurrence is ignored.
 * Insults that also mean "go away" ("ta gueule", "fuck off") are left to the abuse matcher: it
 * sends no reply either, and it keeps the evidence.
 */
import type { Token } from './abuse/normalise';
import { squeeze, tokenise } from './abuse/normalise';
import { readableChars } from './confusables';

/**
 * A short message has at most this many words (an elided "m'écrire" is one word). The longest
 * polite stop request of the corpus, "Bonjour, pourriez-vous arrêter de m'envoyer des messages
 * s'il vous plaît", is 11; past a dozen words a message is a story, where "stop" is reported
 * speech or a figure of speech more often than a request.
 */
export const SHORT_MESSAGE_WORDS = 12;

/** A message as the keyword rules read it. */
export interface ReadMessage {
  /** Its words, normalised (see `Token` in the abuse normaliser). */
  readonly tokens: readonly Token[];
  /** Words as a person counts them: an elided "m'" or "s'" belongs to the next word. */
  readonly wordCount: number;
  /** The body as received, for emoji. */
  readonly body: string;
}

/** Reads a body once for every keyword rule. */
export function readMessage(body: string): ReadMessage {
  const tokens = tokenise(readableChars(body));
  const wordCount = tokens.filter((t) => t.before !== 'apostrophe').length;
  return { tokens, wordCount, body };
}

/** Word families that mean "stop", each a pattern on one normalised word. */
const STOP_FAMILIES = {
  // stop, STOPPP, sstop, stopstop, STOPALL, "stopsms" glued, "s t o p please" spelled out;
  // French "stoppe", "stoppez", "stopper".
  stop: /^(?:(?:s+t+o+p+)+(?:all|sms|please|pls|plz|svp|stp|now|merci)?|stop+(?:e|ez|er))$/,
  // arrêt, arrête(s/z), arrêter, arrêtons, and the usual misspellings "arête", "arette".
  arret: /^a+r+e+t+(?:e+[sz]?|e+r|ons)?$/,
  unsubscribe: /^(?:unsub|unsusc|desabon|desinscri|optout)/,
  // "Basta !": enough.
  basta: /^basta$/,
} as const;
type Family = keyof typeof STOP_FAMILIES;
const FAMILIES = Object.keys(STOP_FAMILIES) as Family[];

/** The carriers' other opt-out words: a stop only as the first word of a short message. */
const FIRST_WORD_ONLY = new Set(['end', 'cancel', 'quit', 'revoke']);

/** Neighbours that make one stop word something else than a request to us. */
interface NotARequest {
  /** The word just before. */
  readonly before: ReadonlySet<string>;
  /** The word just after (past "de", "du": "l'arrêt de bus"). */
  readonly after: ReadonlySet<string>;
}
const NOT_A_REQUEST: Readonly<Record<Family, NotARequest>> = {
  // "I can't stop thinking about you", "bus stop", "stop by tomorrow".
  stop: {
    before: new Set(['cant', 'cannot', 'couldnt', 'wont', 'dont', 'didnt', 'never', 'bus', 'pit']),
    after: new Set(['by', 'over']),
  },
  // The sender speaking of themselves ("je peux pas m'arrêter de rire", "j'arrête pas de penser
  // à toi"), a past tense ("t'as arrêté"), "sans arrêt", "en arrêt maladie", "l'arrêt de bus".
  arret: {
    before: new Set([
      ...['j', 'je', 'm', 'me', 'n', 'ne'],
      ...['ai', 'as', 'a', 'avons', 'avez', 'ont', 'suis', 'es', 'est', 'sommes', 'etes', 'sont'],
    ]),
    after: new Set(['bus', 'tram', 'metro', 'maladie', 'cardiaque', 'travail']),
  },
  unsubscribe: { before: new Set(), after: new Set() },
  basta: { before: new Set(), after: new Set() },
};
/** "sans arrêt", "en arrêt": not before "stop" ("Non merci, stop" has "merci" before it). */
const BEFORE_ARRET_ONLY = new Set(['sans', 'en']);
/** English contractions split at the apostrophe: "can't" reads "can" + "t". */
const NEGATED_AUXILIARIES = new Set(['can', 'couldn', 'won', 'don', 'didn', 'wouldn', 'doesn']);

/**
 * What a stop word starts when the sender insists instead of leaving: "arrête de m'ignorer",
 * "arrête de faire ta timide", "stop ignoring me", "stop playing hard to get". Typical first
 * messages to this number, from the very people it exists to answer.
 */
const INSISTING = RegExp(
  [
    '^(?:de |d )?(?:m |me |te )?(?:ignor|ghost|esquiv|repondre pas|cacher|fuir)',
    '^(?:de |d )?(?:fair|jou)\\w* (?:ta |la |ton |genre |semblant)',
    '^(?:being |playing |acting |pretending)|^(?:ignoring|ghosting|avoiding|hiding)',
    // "arrête ton cinéma", "arrête ton char": "stop the act".
    '^(?:ton|ta|tes) (?:cinema|char|film|cirque|comedie|jeu|manege|numero|baratin)',
  ].join('|'),
);

/**
 * Stop phrases, on the normalised words joined by spaces ("Laisse-moi tranquille !" reads
 * "laisse moi tranquille", "m'écris" reads "m ecris"). Each: a name for reports, the pattern.
 */
const CONTACT_VERBS = '(?:ecri|envo|contact|text|sms|appel|harcel|derang|relanc|spam)';
const STOP_PHRASES: readonly (readonly [name: string, pattern: RegExp])[] = [
  ['laisse-moi tranquille', /\blaiss\w* moi (?:tranquille|en paix)\b/],
  ['lache-moi', /\blach\w* moi\b/],
  ['fous-moi la paix', /\b(?:fiche|fichez|fous|foutez|fou|foute) moi la paix\b/],
  // "ne m'écris plus", "tu me contactes plus", but not "tu m'écris plus souvent ?".
  [
    "ne m'ecris plus",
    RegExp(`\\b(?:m|me|nous) ${CONTACT_VERBS}\\w* plus\\b(?! (?:souvent|tard|tot|vite))`),
  ],
  ["ne plus m'ecrire", RegExp(`\\bplus (?:m|me|nous) ${CONTACT_VERBS}`)],
  ['plus de messages', /\bplus (?:de|d) (?:sms|messages?|msg|textos?|mess)\b/],
  [
    'je ne veux plus',
    /\b(?:ne|n) (?:veu|souhait|desir)\w* plus\b|\bveu\w* plus (?:recevoir|etre)\b/,
  ],
  ['me retirer', /\b(?:m|me) (?:retir|supprim|effac|enlev|radi)/],
  [
    'retirez mon numero',
    /\b(?:retir|supprim|effac|enlev|radi)\w* (?:moi|mon (?:numero|num|tel|contact))\b/,
  ],
  ['ca suffit', /\bca suffit\b/],
  ['casse-toi', /\b(?:casse|cassez|degage|degagez|ferme|fermez) (?:toi|vous|la)\b|^degagez?\b/],
  ['non merci', /\bnon merci\b/],
  ['pas interesse', /\bpas interess/],
  ['leave me alone', /\bleave (?:me|us) (?:alone|be)\b/],
  [
    "don't text me",
    /\b(?:don t|dont|do not|never) (?:text|messag|msg|contact|sms|writ|call|bother|email)/,
  ],
  ['no more messages', /\bno more (?:texts?|messages?|sms|msgs?)\b/],
  [
    "don't want these texts",
    /\b(?:don t|dont|do not) want (?:\w+ ){0,2}(?:texts?|messages?|sms|msgs?|contact)\b/,
  ],
  ['remove me', /\b(?:remove|delete) (?:me|my (?:number|num|contact))\b|\btake me off\b/],
  ['opt me out', /\bopt (?:me )?out\b/],
  ['quit texting', /\b(?:quit|cease) (?:text|messag|contact|writ|bother|spam|sms)/],
  // Said to us, not of oneself: "I need to shut up and study" is not one.
  [
    'go away',
    /(?<!\b(?:to|i|ll|will|gonna|should|must|we) )\b(?:go away|get lost|piss off|shut up|back off)\b/,
  ],
  ['no thanks', /\bno thank(?:s| you)\b|\bnot interested\b/],
  ["that's enough", /\b(?:that s|thats) enough\b|^enough\b/],
];

/** Stop signs: 🛑 ⛔ 🚫 anywhere in a short message; ✋ only alone (it also says hello). */
const STOP_EMOJI = /[\u{1F6D1}\u{26D4}\u{1F6AB}]/u;
const HAND_EMOJI = /\u{270B}/u;

/** Which stop family a token is in, through each of its readings ("STOPP" squeezes to stop). */
function stopFamily(token: Token): Family | undefined {
  for (const reading of [token.text, token.alt, squeeze(token.text)]) {
    if (reading === undefined) continue;
    const family = FAMILIES.find((f) => STOP_FAMILIES[f].test(reading));
    if (family !== undefined) return family;
  }
  return undefined;
}

/** Is the stop word at `i` something else than a request, by the words around it? */
function notARequest(tokens: readonly Token[], i: number, family: Family): boolean {
  const rule = NOT_A_REQUEST[family];
  const [before, beforeThat] = [tokens[i - 1], tokens[i - 2]];
  const rest = tokens.slice(i + 1).map((t) => t.text);
  if (INSISTING.test(rest.join(' '))) return true;
  const after = rest[0] === 'de' || rest[0] === 'du' ? tokens[i + 2] : tokens[i + 1];
  if (after !== undefined && rule.after.has(after.text)) return true;
  if (before === undefined) return false;
  if (rule.before.has(before.text)) return true;
  if (family === 'arret') return BEFORE_ARRET_ONLY.has(before.text);
  if (family !== 'stop') return false;
  // "can't stop", "don't stop".
  if (before.text === 't' && before.before === 'apostrophe') {
    return beforeThat !== undefined && NEGATED_AUXILIARIES.has(beforeThat.text);
  }
  // "non-stop" and "je pense à toi non stop"; but "Non, stop" and "Non stop" (a refusal) opt out.
  const glued = tokens[i]!.before === 'join';
  return before.text === 'non' && (glued || (i > 1 && tokens[i]!.before === 'space'));
}

/** The first stop word that is a request: its family and position. */
function stopWord(tokens: readonly Token[]): { family: Family; index: number } | undefined {
  for (let index = 0; index < tokens.length; index += 1) {
    const family = stopFamily(tokens[index]!);
    if (family !== undefined && !notARequest(tokens, index, family)) return { family, index };
  }
  return undefined;
}

/** A stop word is at most this many pieces when split by spaces or dots ("ST OP", "arr ête"). */
const MAX_PIECES = 3;
/** The families whose words are long enough to be recognised in pieces. */
const SPLIT_FAMILIES: readonly Family[] = ['stop', 'arret'];

/**
 * A stop word split into pieces ("ST OP", "S TOP", "st.op", "arr ête"): where it starts. Never
 * across an apostrophe: "it's top" is "it" + "s" + "top", not a stop.
 */
function splitStopWord(tokens: readonly Token[]): { family: Family; index: number } | undefined {
  for (let index = 0; index < tokens.length; index += 1) {
    if (tokens[index]!.before === 'apostrophe') continue;
    let joined = tokens[index]!.text;
    for (let n = 1; n < MAX_PIECES && index + n < tokens.length; n += 1) {
      if (tokens[index + n]!.before === 'apostrophe') break;
      joined += tokens[index + n]!.text;
      const family = SPLIT_FAMILIES.find((f) => STOP_FAMILIES[f].test(joined));
      if (family !== undefined) return { family, index };
    }
  }
  return undefined;
}

function stopPhrase(tokens: readonly Token[]): string | undefined {
  const words = tokens.map((t) => t.text).join(' ');
  return STOP_PHRASES.find(([, pattern]) => pattern.test(words))?.[0];
}

function stopEmoji(message: ReadMessage): string | undefined {
  const sign = STOP_EMOJI.exec(message.body)?.[0];
  if (sign !== undefined) return sign;
  return message.tokens.length === 0 ? HAND_EMOJI.exec(message.body)?.[0] : undefined;
}

/**
 * Why a message says "stop" (`first-word:stop`, `word:arret`, `phrase:leave me alone`,
 * `emoji:🛑`), or `undefined` when it does not.
 */
export function stopReason(message: ReadMessage): string | undefined {
  const { tokens } = message;
  const first = tokens[0];
  const short = message.wordCount <= SHORT_MESSAGE_WORDS;
  const word = stopWord(tokens) ?? splitStopWord(tokens);
  if (word?.index === 0) return `first-word:${word.family}`;
  if (!short) return undefined;
  if (first !== undefined && FIRST_WORD_ONLY.has(squeeze(first.text))) {
    // "quit ignoring me" insists, like "stop ignoring me".
    const rest = tokens.slice(1).map((t) => t.text);
    if (!INSISTING.test(rest.join(' '))) return `first-word:${first.text}`;
  }
  if (word !== undefined) return `word:${word.family}`;
  const phrase = stopPhrase(tokens);
  if (phrase !== undefined) return `phrase:${phrase}`;
  const emoji = stopEmoji(message);
  return emoji === undefined ? undefined : `emoji:${emoji}`;
}
