/**
 * What the simulated senders write. The raid's lines are modelled on what the 2017 number
 * received (insults, threats, taunts about draining the donations), including the spellings
 * raiders use to dodge filters, and harmless-looking lines that make content filters useless
 * on their own.
 */
import type { Random } from './random';

/** People who heard of the number and try it. */
export const CURIOUS = [
  'Test',
  'Allô ?',
  "C'est quoi ce numéro ?",
  'Bonjour',
  'Coucou 🙂',
  'Je teste le numéro anti-relou',
  "Bravo pour l'initiative !",
  'Salut',
  'Qui est là ?',
  'hello',
  "J'ai vu l'article, je teste",
  'Ça marche vraiment ?',
];

/** What curious people write after the reply. */
export const FOLLOW_UPS = ['Ah ok 😂', 'Bien joué', 'Merci', 'Génial', 'Top !', 'lol', '👍'];

/** The people the number is for: they were given it instead of a real number. */
export const RELOUS = [
  'Salut ça va ?',
  'Tu fais quoi ce soir ?',
  'Pourquoi tu réponds pas ?',
  'On se voit quand ?',
  "T'es trop belle",
  "Je t'ai vue au bar hier",
  'Réponds stp',
  "C'est Karim du métro",
  'Allez un verre, juste un',
  'Tu me dois bien une réponse',
  'Hey beautiful',
  'Why are you ignoring me',
];

/** Raid messages: insults, threats, taunts; obfuscated spellings; innocent-looking filler. */
export const RAID = [
  'Connard de féministe',
  'Ferme-la salope',
  'On va vider votre cagnotte',
  'Vidage du compte en cours lol',
  'Crève',
  'On sait où tu habites',
  'Sale pute',
  'Féminazie',
  "T'es qu'une merde",
  'go fuck yourself',
  'ur dead',
  'stupid bitch',
  'RAID RAID RAID',
  'c o n n a r d',
  's4l0pe',
  'connaaaaard',
  'p.u.t.e',
  'On va te retrouver',
  'Je vais te tuer',
  'test',
  'lol',
  'coucou',
  'ratio',
  'ça coûte combien un sms déjà ? 😂',
];

export const STOP_MESSAGES = ['STOP', 'Stop', 'stop', 'Arrêt', 'ARRET'];
export const HELP_MESSAGES = ['AIDE', 'Info', 'help'];

/**
 * A slow raid's canned list: benign-looking texts an app or a bot sends from fresh numbers
 * (none abusive, all long enough to be counted by the canned-text signal).
 */
export const CANNED = [
  "Coucou ! Tu te souviens de moi ? On s'est vus samedi 😘",
  "Salut, j'ai eu ton numéro par une amie, on peut parler ?",
  'Hello, tu es dispo ce soir pour un verre ?',
  "Bonsoir, c'est bien le numéro de Julie ?",
  'Hey, réponds-moi quand tu peux, bisous',
  "Salut ! J'ai trouvé ton numéro sur le groupe, tu fais quoi ?",
];

/** Chatty real people: harmless, many times. */
export const CHATTY = [
  'mdr',
  "t'es un robot ?",
  'ptdr',
  'allo ?',
  'réponds',
  'haha',
  'ok',
  'encore toi',
  'tu es qui en vrai',
  'lol',
  "c'est qui derrière ?",
  'pourquoi tu réponds toujours pareil',
];

/** Short, generic first texts: common among real people, never counted as canned. */
const SHORT_FIRST = [
  'Bonjour',
  'Salut',
  'Coucou 🙂',
  'Test',
  'Allô ?',
  'hello',
  '?',
  'Salut ça va ?',
];
/** Longer phrases many real people write alike in a launch rush. */
const COMMON_FIRST = [
  "C'est quoi ce numéro ?",
  'Je teste le numéro anti-relou',
  "Bravo pour l'initiative !",
  "J'ai vu l'article, je teste",
  'Ça marche vraiment ?',
];
const GREETINGS = ['Salut', 'Coucou', 'Bonjour', 'Bonsoir', 'Hello', 'Hey', 'Yo', 'Re'];
const NAMES = [
  'Karim',
  'Léa',
  'Thomas',
  'Inès',
  'Julien',
  'Sarah',
  'Mehdi',
  'Camille',
  'Hugo',
  'Chloé',
  'Nicolas',
  'Manon',
  'Yanis',
  'Emma',
  'Lucas',
  'Jade',
  'Samir',
  'Louise',
  'Maxime',
  'Nora',
  'Antoine',
  'Zoé',
  'Bilal',
  'Clara',
  'Romain',
  'Lina',
  'Kevin',
  'Alice',
  'Adrien',
  'Yasmine',
];
const PLACES = [
  "du bar d'hier",
  'de la soirée de samedi',
  'du métro',
  'de la salle de sport',
  'du boulot',
  'de la fac',
  'du concert',
  'du train',
  'de la fête chez Paul',
  'de la boulangerie',
  'du festival',
  'de la laverie',
];
const ENDINGS = ['', ' 🙂', ' !', ', tu te souviens ?', ', ça va ?', ', tu fais quoi ?', ' 😉'];
const OUTLETS = ['Twitter', 'Insta', 'France Inter', 'le Parisien', 'TikTok', 'Libé', 'BFM'];

/**
 * A real person's first text, as varied as people write: a quarter short and generic, a tenth
 * one of a few common phrases, the rest their own words (a name, a place, a context).
 */
export function firstText(random: Random): string {
  const roll = random.float();
  if (roll < 0.25) return random.pick(SHORT_FIRST);
  if (roll < 0.35) return random.pick(COMMON_FIRST);
  if (roll < 0.5) {
    return `${random.pick(['Vu sur', "J'ai vu ça sur", 'Trouvé sur'])} ${random.pick(OUTLETS)}, ${random.pick(['je teste', 'trop bien', 'ça marche ?', 'génial'])}${random.pick(ENDINGS)}`;
  }
  return `${random.pick(GREETINGS)} c'est ${random.pick(NAMES)} ${random.pick(PLACES)}${random.pick(ENDINGS)}`;
}
