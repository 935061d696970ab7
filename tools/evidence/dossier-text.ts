/**
 * The words of the dossier page, in French (the default: the victims, their lawyer and the court
 * are in France) and in English. Only plain text lives here: the page escapes it.
 */
import type { DossierLanguage } from './local-time';

/** Everything the page says, in one language. */
export interface DossierText {
  readonly locale: string;
  readonly title: string;
  readonly lead: (ourNumbers: string) => string;
  readonly meta: {
    readonly range: string;
    readonly sender: string;
    readonly timeZone: string;
    readonly timeZoneNote: string;
    readonly generated: string;
    readonly generator: string;
    readonly source: string;
    readonly chainHead: string;
  };
  readonly from: string;
  readonly to: string;
  readonly summary: {
    readonly title: string;
    readonly start: string;
    readonly end: string;
    readonly duration: string;
    readonly messages: string;
    readonly numbers: string;
    readonly peak: string;
    readonly peakValue: (messages: string, at: string) => string;
    readonly foreign: (home: string) => string;
    readonly premium: string;
    readonly share: (part: string, whole: string, percent: string) => string;
    readonly inbound: string;
    readonly inboundValue: (total: string, peak: string) => string;
    readonly raid: string;
    readonly none: string;
  };
  readonly raid: {
    readonly recorded: string;
    readonly estimated: string;
    readonly ongoing: string;
    readonly overrideOn: string;
    readonly overrideOff: string;
    readonly off: string;
    readonly note: string;
  };
  readonly chart: {
    readonly title: (bucketMinutes: number) => string;
    readonly abusive: string;
    readonly inbound: string;
    readonly raid: string;
    readonly inboundSource: string;
    readonly inboundMissing: string;
  };
  readonly senders: {
    readonly title: (count: string) => string;
    readonly columns: readonly string[];
  };
  readonly messages: {
    readonly title: (count: string) => string;
    readonly columns: readonly string[];
    /** Shown on paper only. */
    readonly printNote: string;
  };
  readonly verify: {
    readonly title: string;
    readonly paragraphs: (records: string, head: string) => readonly string[];
  };
  readonly empty: string;
  readonly reasonKinds: Readonly<Record<string, string>>;
  readonly numberTypes: Readonly<Record<string, string>>;
}

const FR: DossierText = {
  locale: 'fr-FR',
  title: 'Dossier de preuves : messages abusifs reçus',
  lead: (ourNumbers) =>
    `Messages reçus par le numéro ${ourNumbers} et conservés comme preuves par son répondeur ` +
    'automatique (antirelou), parce qu’ils ont été jugés abusifs : insultes, menaces, propos ' +
    'discriminatoires ou sexuels, envois répétés. Chaque message est reproduit tel qu’il a été ' +
    'reçu, avec le numéro complet de son expéditeur.',
  meta: {
    range: 'Période recherchée',
    sender: 'Expéditeur recherché',
    timeZone: 'Fuseau horaire',
    timeZoneNote: 'toutes les heures sont locales, suivies de leur décalage par rapport à UTC',
    generated: 'Dossier établi le',
    generator: 'Établi par',
    source: 'Source des données',
    chainHead: 'Tête de la chaîne d’empreintes',
  },
  from: 'du',
  to: 'au',
  summary: {
    title: 'Résumé de l’attaque',
    start: 'Premier message',
    end: 'Dernier message',
    duration: 'Durée',
    messages: 'Messages conservés',
    numbers: 'Numéros expéditeurs distincts',
    peak: 'Pic',
    peakValue: (messages, at) => `${messages} messages dans la minute du ${at}`,
    foreign: (home) => `Numéros étrangers (hors ${home})`,
    premium: 'Numéros surtaxés',
    share: (part, whole, percent) => `${part} sur ${whole} (${percent})`,
    inbound: 'Tous les messages reçus, même période (compteurs d’afflux, approchés)',
    inboundValue: (total, peak) => `${total}, jusqu’à ${peak} par minute`,
    raid: 'Mode raid',
    none: 'aucun',
  },
  raid: {
    recorded: 'enregistré par la détection d’afflux',
    estimated: 'estimé d’après les compteurs de messages reçus',
    ongoing: 'toujours en cours',
    overrideOn: 'forcé par les mainteneurs (antirelou raid on) à la date du dossier',
    overrideOff: 'désactivé par les mainteneurs (antirelou raid off) à la date du dossier',
    off: 'la détection d’afflux est désactivée dans la configuration',
    note:
      'En mode raid, le répondeur ne répond plus qu’à des numéros jamais vus et sous un plafond ' +
      'horaire réduit : une attaque ne coûte presque rien.',
  },
  chart: {
    title: (minutes) =>
      minutes === 1 ? 'Messages par minute' : `Messages par tranche de ${minutes} minutes`,
    abusive: 'messages abusifs conservés',
    inbound: 'tous les messages reçus',
    raid: 'mode raid',
    inboundSource:
      'Tous les messages reçus : compteurs d’afflux du répondeur, par minute, conservés deux ' +
      'jours. Chaque instance du répondeur les additionne par lots de quelques secondes : un ' +
      'message peut y tomber dans la minute suivante, et les derniers d’un lot peuvent manquer.',
    inboundMissing:
      'Les compteurs de tous les messages reçus ne sont plus disponibles pour cette période ' +
      '(ils sont conservés deux jours) : seuls les messages conservés sont tracés.',
  },
  senders: {
    title: (count) => `Expéditeurs (${count})`,
    columns: ['Numéro', 'Pays', 'Type', 'Messages', 'Premier', 'Dernier', 'Motifs', 'Exemples'],
  },
  messages: {
    title: (count) => `Liste complète des messages conservés (${count})`,
    printNote:
      'À l’impression, seuls les 16 premiers caractères de chaque empreinte et le premier ' +
      'exemple de chaque expéditeur figurent ; tout est complet à l’écran et dans evidence.jsonl.',
    columns: ['N°', 'Reçu le', 'Expéditeur', 'Message', 'Motifs', 'Identifiant et empreinte'],
  },
  verify: {
    title: 'Comment vérifier ce dossier',
    paragraphs: (records, head) => [
      `Ce dossier est un dossier de fichiers. evidence.jsonl et evidence.csv contiennent les mêmes ${records} messages que cette page, chacun avec son empreinte SHA-256. manifest.json donne l’empreinte SHA-256 de chaque fichier (dont cette page) et la chaîne d’empreintes des messages. manifest.tsq est une demande d’horodatage (RFC 3161) portant sur manifest.json.`,
      'Intégrité des fichiers : l’empreinte SHA-256 de chaque fichier (commande sha256sum) doit être celle que donne manifest.json.',
      'Date certaine : envoyer manifest.tsq à une autorité d’horodatage, qualifiée eIDAS pour un usage en justice, et garder sa réponse sous le nom manifest.tsr ; « openssl ts -verify -data manifest.json -in manifest.tsr -CAfile <certificat racine de l’autorité> » confirme alors que manifest.json existait tel quel à la date signée.',
      `Chaîne : en partant de 64 zéros, chaque maillon est le SHA-256 du maillon précédent suivi de l’empreinte du message suivant. Un message retiré, ajouté, modifié ou déplacé change tous les maillons suivants. Le dernier maillon (tête) vaut ${head}.`,
      'Avec antirelou : « npx antirelou verify-evidence <dossier> » fait toutes ces vérifications et nomme le premier élément modifié. Le fichier VERIFY.md donne chaque étape en détail, avec des outils standard uniquement.',
    ],
  },
  empty: 'Aucun message conservé dans cette période.',
  reasonKinds: {
    insult: 'insulte',
    threat: 'menace',
    slur: 'propos discriminatoire',
    sexual_harassment: 'harcèlement sexuel',
    repeater: 'envois répétés',
    flagged_sender: 'expéditeur déjà signalé',
  },
  numberTypes: {
    MOBILE: 'mobile',
    FIXED_LINE: 'fixe',
    FIXED_LINE_OR_MOBILE: 'fixe ou mobile',
    PREMIUM_RATE: 'surtaxé',
    TOLL_FREE: 'gratuit',
    SHARED_COST: 'coût partagé',
    VOIP: 'VoIP',
    PERSONAL_NUMBER: 'personnel',
    PAGER: 'bipeur',
    UAN: 'UAN',
    VOICEMAIL: 'messagerie',
  },
};

const EN: DossierText = {
  locale: 'en-GB',
  title: 'Evidence dossier: abusive messages received',
  lead: (ourNumbers) =>
    `Messages received by the number ${ourNumbers} and kept as evidence by its automatic ` +
    'responder (antirelou) because they were found abusive: insults, threats, slurs, sexual ' +
    'harassment, repeated messages. Each message is shown as it was received, with the full ' +
    'number of its sender.',
  meta: {
    range: 'Time range searched',
    sender: 'Sender searched',
    timeZone: 'Time zone',
    timeZoneNote: 'all times are local, followed by their offset from UTC',
    generated: 'Made on',
    generator: 'Made by',
    source: 'Data source',
    chainHead: 'Head of the hash chain',
  },
  from: 'from',
  to: 'to',
  summary: {
    title: 'Summary of the attack',
    start: 'First message',
    end: 'Last message',
    duration: 'Duration',
    messages: 'Messages kept',
    numbers: 'Distinct sender numbers',
    peak: 'Peak',
    peakValue: (messages, at) => `${messages} messages in the minute of ${at}`,
    foreign: (home) => `Foreign numbers (not ${home})`,
    premium: 'Premium-rate numbers',
    share: (part, whole, percent) => `${part} of ${whole} (${percent})`,
    inbound: 'All messages received, same span (flood counters, approximate)',
    inboundValue: (total, peak) => `${total}, up to ${peak} a minute`,
    raid: 'Raid mode',
    none: 'none',
  },
  raid: {
    recorded: 'recorded by flood detection',
    estimated: 'estimated from the inbound counters',
    ongoing: 'still on',
    overrideOn: 'forced on by the maintainers (antirelou raid on) when the dossier was made',
    overrideOff: 'forced off by the maintainers (antirelou raid off) when the dossier was made',
    off: 'flood detection is off in the configuration',
    note:
      'In raid mode the responder replies only to numbers never seen before, under a lower ' +
      'hourly cap: an attack costs next to nothing.',
  },
  chart: {
    title: (minutes) => (minutes === 1 ? 'Messages per minute' : `Messages per ${minutes} minutes`),
    abusive: 'abusive messages kept',
    inbound: 'all messages received',
    raid: 'raid mode',
    inboundSource:
      'All messages received: the responder’s flood counters, per minute, kept two days. Each ' +
      'responder instance adds to them in batches a few seconds apart: a message may fall in ' +
      'the next minute, and the last few of a batch may be missing.',
    inboundMissing:
      'The counters of all messages received are no longer available for this span (they are ' +
      'kept two days): only the messages kept are drawn.',
  },
  senders: {
    title: (count) => `Senders (${count})`,
    columns: ['Number', 'Country', 'Type', 'Messages', 'First', 'Last', 'Reasons', 'Samples'],
  },
  messages: {
    title: (count) => `Every message kept (${count})`,
    printNote:
      'On paper, each digest shows its first 16 characters and each sender its first sample; ' +
      'everything is whole on screen and in evidence.jsonl.',
    columns: ['No.', 'Received', 'Sender', 'Message', 'Reasons', 'Id and digest'],
  },
  verify: {
    title: 'How to check this dossier',
    paragraphs: (records, head) => [
      `This dossier is a folder of files. evidence.jsonl and evidence.csv hold the same ${records} messages as this page, each with its SHA-256 digest. manifest.json gives the SHA-256 of every file (this page included) and the hash chain of the messages. manifest.tsq is an RFC 3161 time-stamp request for manifest.json.`,
      'File integrity: the SHA-256 of each file (sha256sum) must be the one manifest.json gives.',
      'Proof of date: send manifest.tsq to a time-stamping authority (a qualified eIDAS one for court use) and keep its answer as manifest.tsr; "openssl ts -verify -data manifest.json -in manifest.tsr -CAfile <the authority’s root certificate>" then confirms that manifest.json existed as it is at the signed time.',
      `Chain: starting from 64 zeros, each link is the SHA-256 of the previous link followed by the next message’s digest. A message removed, added, changed or moved changes every later link. The last link (the head) is ${head}.`,
      'With antirelou: "npx antirelou verify-evidence <folder>" makes all these checks and names the first thing altered. VERIFY.md gives every step in detail, with standard tools only.',
    ],
  },
  empty: 'No message kept in this time range.',
  reasonKinds: {
    insult: 'insult',
    threat: 'threat',
    slur: 'slur',
    sexual_harassment: 'sexual harassment',
    repeater: 'repeated messages',
    flagged_sender: 'sender already flagged',
  },
  numberTypes: {
    MOBILE: 'mobile',
    FIXED_LINE: 'landline',
    FIXED_LINE_OR_MOBILE: 'landline or mobile',
    PREMIUM_RATE: 'premium rate',
    TOLL_FREE: 'toll free',
    SHARED_COST: 'shared cost',
    VOIP: 'VoIP',
    PERSONAL_NUMBER: 'personal',
    PAGER: 'pager',
    UAN: 'UAN',
    VOICEMAIL: 'voicemail',
  },
};

/** The page's words in a language. */
export function dossierText(lang: DossierLanguage): DossierText {
  return lang === 'en' ? EN : FR;
}
