/**
 * Default texts of the config. The default prices are in `sms-prices.ts`, with their source
 * and date.
 */

/**
 * The default reply: French, GSM-7 only (straight apostrophes; é è à are GSM-7), 284 characters,
 * so 2 segments. The same text with curly apostrophes (’) would be UCS-2 and 5 segments.
 */
export const DEFAULT_REPLY =
  "Bonjour. Ce numéro est un numéro anti-relou : la personne qui vous l'a donné ne voulait pas " +
  "vous donner le sien. Quand quelqu'un dit non, c'est non. Insister n'est pas de la séduction, " +
  "c'est du harcèlement. Réponse automatique, envoyée une seule fois. STOP pour ne plus rien recevoir.";

/** The HELP/AIDE/INFO answer: one GSM-7 segment. */
export const DEFAULT_HELP =
  'antirelou: numéro de réponse automatique, une seule réponse par personne. ' +
  'STOP pour ne plus recevoir de SMS.';
