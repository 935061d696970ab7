/**
 * What the simulated senders write. The raid's lines are modelled on what the 2017 number
 * received (insults, threats, taunts about draining the donations), including the spellings
 * raiders use to dodge filters, and harmless-looking lines that make content filters useless
 * on their own.
 */

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
