import { LexiconError, parseLexicon, unnormalisedTexts } from '../../lambda/domain/abuse/lexicon';
import { assessBody, compileMatcher, LEXICONS } from '../../lambda/domain/abuse/matcher';
import { normalise, squeeze, tokenise } from '../../lambda/domain/abuse/normalise';
import { runTs } from '../support/cli';
import { main } from '../../tools/abuse/evaluate';
import { DEFAULT_SAMPLE, evaluate, parseSample, readSample } from '../../tools/abuse/evaluation';

const ZWSP = '\u200b';

describe('normalise', () => {
  test.each([
    // case, accents, ligatures
    ['CoNnArD', 'connard'],
    ['Pétasse', 'petasse'],
    ['encule\u0301', 'encule'],
    ['du bacon et des œufs', 'du bacon et des oeufs'],
    // Unicode look-alikes
    ['ｃｏｎｎａｒｄ', 'connard'],
    ['𝐬𝐚𝐥𝐨𝐩𝐞', 'salope'],
    ['𝓼𝓪𝓵𝓸𝓹𝓮', 'salope'],
    ['𝕓𝕚𝕥𝕔𝕙', 'bitch'],
    ['\u0441onn\u0430rd', 'connard'],
    ['\u0455\u0430l\u043e\u0440\u0435', 'salope'],
    ['cοnnasse', 'connasse'],
    ['ᴄᴏɴɴᴀʀᴅ', 'connard'],
    ['🇨 🇴 🇳 🇳 🇦 🇷 🇩', 'connard'],
    // leetspeak, only inside words
    ['c0nn4rd', 'connard'],
    ['$@lope', 'salope'],
    ['pu7e', 'pute'],
    ['J€ V@1S T€ TU€R', 'je vais te tuer'],
    ['b!tch!!', 'bitch'],
    ['test test 1 2 3', 'test test 1 2 3'],
    ['06 12 34 56 78', '06 12 34 56 78'],
    ['rdv à 18h30, 2 places, 4x4 !', 'rdv a 18h30 2 places 4x4'],
    // stretched letters: runs of three or more collapse, double letters stay
    ['connaaaaard', 'connard'],
    ['saloooope', 'salope'],
    ['kiiiiill', 'kill'],
    ['connard', 'connard'],
    ['kill', 'kill'],
    // spelled-out words
    ['c o n n a r d', 'connard'],
    ['c.o.n.n.a.r.d', 'connard'],
    ['c. o. n. n. a. r. d.', 'connard'],
    ['s-a-l-o-p-e', 'salope'],
    ['p*u*t*e', 'pute'],
    ['c😡o😡n😡n😡a😡r😡d', 'connard'],
    ['C O N N A R D ! ! !', 'connard'],
    ["t'es une p.u.t.e", 't es une pute'],
    ['n.i.q.u.e t.a m.e.r.e', 'nique ta mere'],
    ['f u c k  y o u', 'fuck you'],
    // invisible characters
    [`sal${ZWSP}ope`, 'salope'],
    [`p${ZWSP}u${ZWSP}t${ZWSP}e`, 'pute'],
    ['con\u00adnard', 'connard'],
    // masked letters keep one asterisk per hidden letter
    ['p*te', 'p*te'],
    ['fils de p***', 'fils de p***'],
    ['**bold** text', 'bold text'],
    // real words stay separate words
    ['il y a à manger', 'il y a a manger'],
    ['il a pu te voir', 'il a pu te voir'],
    ["ça l'opère", 'ca l opere'],
    ["Bravo pour l'initiative !", 'bravo pour l initiative'],
    ['🙂👍', ''],
  ])('%j → %j', (body, expected) => {
    expect(normalise(body)).toBe(expected);
  });

  test('tokens say what separated them and keep the other reading of ambiguous leet', () => {
    expect(tokenise("sa-lope t'es  con. nard")).toEqual([
      { text: 'sa', elongated: false, before: 'start' },
      { text: 'lope', elongated: false, before: 'join' },
      { text: 't', elongated: false, before: 'space' },
      { text: 'es', elongated: false, before: 'apostrophe' },
      { text: 'con', elongated: false, before: 'space' },
      { text: 'nard', elongated: false, before: 'break' },
    ]);
    expect(tokenise('sa1ope')).toEqual([
      { text: 'saiope', alt: 'salope', elongated: false, before: 'start' },
    ]);
    expect(tokenise('connnnard')[0]).toMatchObject({ text: 'conard', elongated: true });
  });

  test('squeeze collapses every run', () => {
    expect(squeeze('connard')).toBe('conard');
    expect(squeeze('kiiill')).toBe('kil');
  });
});

describe('assessBody', () => {
  test.each([
    ['Connard', ['insult:connard']],
    ['Sale pute, ton numéro sert à rien', ['insult:pute']],
    ['Va te faire enculer', ['insult:encul']],
    ['fils de pute', ['insult:fils de pute']],
    ['Ferme ta gueule', ['insult:ferme ta gueule']],
    ['ferme ta geule', ['insult:ferme ta gueule']],
    ['Je vais te tuer', ['threat:je vais te tuer']],
    ['on sait où tu habites', ['threat:on sait ou tu habites']],
    ['On va te retrouver', ['threat:on va te retrouver']],
    ['crève salope', ['threat:creve', 'insult:salope']],
    ['Bande de féminazies', ['insult:feminaz']],
    ['sale arabe', ['slur:sale arabe']],
    ['Suce ma bite', ['sexual_harassment:suce ma bite']],
    ['fdp', ['insult:fdp']],
    ['tg', ['insult:tg']],
    ['ntm', ['insult:ntm']],
    ['bitch', ['insult:bitch']],
    ['go fuck yourself', ['insult:go fuck yourself']],
    ["you're dead", ['threat:you re dead']],
    ['ur dead', ['threat:you re dead']],
    ['I will kill you', ['threat:i will kill you']],
    ['kys', ['threat:kys']],
    ['I know where you live bitch', ['threat:i know where you live', 'insult:bitch']],
    // obfuscations
    ['c o n n a r d', ['insult:connard']],
    ['s-a-l-o-p-e', ['insult:salope']],
    ['5al0pe', ['insult:salope']],
    ['sa1ope', ['insult:salope']],
    ['gr0sse pvte', ['insult:pute']],
    ['connnnnard', ['insult:connard']],
    ['je vais te tuuuuer', ['threat:je vais te tuer']],
    ['sa lope', ['insult:salope']],
    ['con nard', ['insult:connard']],
    ['co nn ard', ['insult:connard']],
    ['pu t e', ['insult:pute']],
    ['p*te', ['insult:pute']],
    ['fils de p***', ['insult:fils de pute']],
    ['enc*lé', ['insult:encul']],
    ['sh*t head', ['insult:shithead']],
    ['f*ck you', ['insult:fuck you']],
    ['fcuk u', ['insult:fuck you']],
    ['i know wh3re u l1ve', ['threat:i know where you live']],
    ['nik ta mer', ['insult:nique ta mere']],
  ])('%j is abusive: %j', (body, reasons) => {
    expect(assessBody(body)).toEqual({ abusive: true, reasons });
  });

  test.each([
    // 'pute', 'con', 'tue', 'ass', 'dead', 'cunt'… inside innocent words
    'Quelle dispute hier soir',
    'mon computer est en panne',
    'Il a une bonne réputation',
    'la constitution, le conseil, le contenu, du bacon',
    'Connexion impossible',
    'une statue',
    'tu es où ?',
    'Scunthorpe United won',
    "Assassin's Creed, class, passion, bass",
    'the deadline is tomorrow',
    'grape juice, the therapist, great skills',
    'J’ai acheté une salopette',
    'on fait un pique-nique ?',
    "c'est niquel",
    'Quelle connerie ce bouchon',
    // words that are insults only in some uses
    'je suis crevé, je rentre',
    "j'ai crevé un pneu",
    'je crève de faim',
    'pas con comme idée',
    "c'est con, j'ai raté le train",
    'chili con carne',
    'pros and cons, the con man',
    'une tapette à mouches',
    'la pédale du vélo',
    'ma chienne est malade',
    'la vache !',
    'La salle est pleine',
    'je suis en retard',
    'Moby Dick',
    'Spic and Span',
    // idioms close to a threat
    'je suis morte de rire 😂',
    'tu me tues 😂',
    'T’es mort de rire là',
    'tu vas mourir de rire',
    "I'm dead 😂",
    "You're dead right",
    "you're killing me",
    'Die Hard',
    // joins that would make insults out of real words
    'il a pu te voir hier ?',
    "le chirurgien, ça l'opère lundi",
    'who are you?',
    // the number's ordinary traffic
    'Bravo pour l’initiative !',
    'tu es jolie',
    'STOP',
    'Test',
    'putain c’est génial',
    '',
  ])('%j is clean', (body) => {
    expect(assessBody(body)).toEqual({ abusive: false, reasons: [] });
  });

  test('every entry of the shipped lexicons matches its own form and variants', () => {
    for (const lexicon of LEXICONS) {
      for (const entry of lexicon.entries) {
        for (const text of [entry.form, ...entry.variants]) {
          expect({ text, reasons: assessBody(text).reasons }).toEqual({
            text,
            reasons: expect.arrayContaining([`${entry.category}:${entry.form}`]),
          });
        }
      }
    }
  });

  test('every whole word survives spacing, stretching, capitals and separators', () => {
    const words = LEXICONS.flatMap((l) => l.entries)
      .filter((e) => e.match === 'word' && e.form.length >= 3)
      .map((e) => e.form);
    expect(words.length).toBeGreaterThan(50);
    for (const word of words) {
      const middle = Math.floor(word.length / 2);
      const disguises = [
        word.split('').join(' '),
        word.split('').join('.'),
        word.toUpperCase(),
        word.slice(0, middle) + word[middle]!.repeat(5) + word.slice(middle + 1),
        `${word.slice(0, middle)}${ZWSP}${word.slice(middle)}`,
        `🤬 ${word}!!!`,
      ];
      for (const body of disguises)
        expect({ body, abusive: assessBody(body).abusive }).toEqual({ body, abusive: true });
    }
  });

  test('stems match their words but not the listed exceptions; phrase words may be prefixes', () => {
    const matcher = compileMatcher([
      parseLexicon(
        {
          language: 'test',
          entries: [
            { form: 'salop', match: 'stem', category: 'insult', except: ['salopette'] },
            { form: 'te viol*', match: 'phrase', category: 'threat' },
          ],
        },
        'test',
      ),
    ]);
    expect(matcher('salopard').reasons).toEqual(['insult:salop']);
    expect(matcher('une salopette').abusive).toBe(false);
    expect(matcher('je vais te violenter').reasons).toEqual(['threat:te viol*']);
    expect(matcher('te voir').abusive).toBe(false);
  });
});

describe('parseLexicon', () => {
  const entry = { form: 'connard', match: 'word', category: 'insult' };

  test('accepts the documented shape', () => {
    const lexicon = parseLexicon(
      {
        language: 'fr',
        entries: [entry],
        allow: [{ phrase: 'pas con' }],
        aliases: { gueule: ['geule'] },
      },
      'x',
    );
    expect(lexicon.entries[0]).toEqual({ ...entry, variants: [], except: [] });
    expect(lexicon.aliases.get('geule')).toBe('gueule');
  });

  test.each([
    ['a stem that is too short', { ...entry, match: 'stem', form: 'con' }, /shorter than 4/],
    ['a phrase of one word', { ...entry, match: 'phrase' }, /is one word/],
    ['a word of two words', { ...entry, form: 'sale con' }, /is not one word/],
    ['an unknown category', { ...entry, category: 'rude' }, /category must be one of/],
    ['an unknown key', { ...entry, varients: ['conard'] }, /unknown keys: varients/],
    ['except on a word', { ...entry, except: ['connardise'] }, /for stems only/],
  ])('rejects %s', (_, bad, message) => {
    expect(() => parseLexicon({ language: 'fr', entries: [bad] }, 'bad.json')).toThrow(message);
  });

  test('finds texts that are not in normalised form', () => {
    const lexicon = parseLexicon(
      {
        language: 'fr',
        entries: [
          { ...entry, variants: ['Conard'] },
          { form: 'f d p va', match: 'phrase', category: 'insult' },
          { form: 'te viol*', match: 'phrase', category: 'threat' },
        ],
        allow: [{ phrase: "c'est con" }],
        aliases: { gueule: ['gueulé'] },
      },
      'x',
    );
    expect(unnormalisedTexts(lexicon)).toEqual(['Conard', 'f d p va', "c'est con", 'gueulé']);
  });

  test('every text of the shipped lexicons is in normalised form', () => {
    for (const lexicon of LEXICONS) expect(unnormalisedTexts(lexicon)).toEqual([]);
  });

  test('rejects a word listed twice, and names the file', () => {
    const parse = (): unknown =>
      parseLexicon({ language: 'fr', entries: [entry, entry] }, 'fr.json');
    expect(parse).toThrow(LexiconError);
    expect(parse).toThrow(/^fr\.json: .*"connard" is listed twice/);
  });
});

describe('the labelled sample', () => {
  const lines = readSample(DEFAULT_SAMPLE);

  test('is big enough, in both languages, with a holdout part', () => {
    expect(lines.length).toBeGreaterThanOrEqual(260);
    for (const lang of ['fr', 'en']) {
      const inLang = lines.filter((l) => l.lang === lang);
      expect(inLang.filter((l) => l.abusive).length).toBeGreaterThan(50);
      expect(inLang.filter((l) => !l.abusive).length).toBeGreaterThan(50);
    }
    const holdout = lines.filter((l) => l.split === 'holdout').length / lines.length;
    expect(holdout).toBeGreaterThan(0.25);
    expect(holdout).toBeLessThan(0.35);
  });

  test('the matcher reaches precision ≥ 0.95 and recall ≥ 0.9 on the whole sample', () => {
    const { all } = evaluate(assessBody, lines, DEFAULT_SAMPLE).groups;
    expect(all!.precision).toBeGreaterThanOrEqual(0.95);
    expect(all!.recall).toBeGreaterThanOrEqual(0.9);
  });

  test('a malformed line is reported with its line number', () => {
    expect(() =>
      parseSample('{"text": "a", "abusive": true, "lang": "fr"}\n{"text": 1}', 's'),
    ).toThrow('s:2: "text" must be a string');
  });

  test('--json prints exactly one JSON object with the scores and the misclassified lines', () => {
    let stdout = '';
    const code = main(['--json', '--split', 'dev'], {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!);
    expect(Object.keys(report.groups)).toEqual(['all', 'fr', 'en', 'dev', 'dev/fr', 'dev/en']);
    expect(report.groups.all).toMatchObject({
      messages: expect.any(Number),
      precision: expect.any(Number),
    });
    expect(Array.isArray(report.misclassified)).toBe(true);
  });

  test('a usage error exits with 2', () => {
    const quiet = { stdout: { write: () => true }, stderr: { write: () => true } };
    expect(main(['--split', 'everything'], quiet)).toBe(2);
  });
});

test('npm run abuse:normalise prints words as the matcher sees them; no word is a usage error', async () => {
  const printed = await runTs('tools/abuse/normalise.ts', ['Pétasse', 'SALOPE']);
  expect(printed).toMatchObject({
    code: 0,
    stdout: `${normalise('Pétasse')}\n${normalise('SALOPE')}\n`,
  });
  expect(printed.stdout).toBe('petasse\nsalope\n');
  const usage = await runTs('tools/abuse/normalise.ts', []);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('usage: npm run abuse:normalise -- WORD');
});
