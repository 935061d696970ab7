import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import unhomoglyphData from 'unhomoglyph/data.json';
import { canonicalChars } from '../../lambda/domain/abuse/canonical';
import { readableChars } from '../../lambda/domain/confusables';
import { classifyIntent } from '../../lambda/domain/keywords';
import { readMessage, SHORT_MESSAGE_WORDS, stopReason } from '../../lambda/domain/stop';
import { confusableLetters, renderTable, TABLE_PATH } from '../../tools/abuse/confusables';
import { DEFAULT_CORPUS, evaluateStop, main, parseCorpus } from '../../tools/abuse/stop-evaluate';

/** The least share of opt-outs that must be right on the corpus (3 known false positives). */
const PRECISION_FLOOR = 0.97;
/** The least share of must-not-opt-out lines that must get their reply. */
const KEPT_FLOOR = 0.97;

describe('classifyIntent', () => {
  test.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['Stop !', 'stop'],
    ['  stop\n', 'stop'],
    ['STOP SMS', 'stop'],
    ['Arrêt', 'stop'],
    ['ARRET', 'stop'],
    ['arrêter svp', 'stop'],
    ['STOPALL', 'stop'],
    ['stop all', 'stop'],
    ['unsubscribe', 'stop'],
    ['Cancel', 'stop'],
    ['end', 'stop'],
    ['quit', 'stop'],
    ['opt out', 'stop'],
    ['désabonner', 'stop'],
    // When in doubt, opt out: "I don't want stop", "stop replying to me, you robot", and the
    // French verb "stopper" all say stop somewhere.
    ['je veux pas stop', 'stop'],
    ['stop de me répondre espèce de robot', 'stop'],
    ['stopper', 'stop'],
    ['START', 'start'],
    ['Démarrer', 'start'],
    ['unstop', 'start'],
    ['HELP', 'help'],
    ['aide', 'help'],
    ['Aide ?', 'help'],
    ['info', 'help'],
    ['infos', 'help'],
    ['salut ça va', 'message'],
    ['information', 'message'],
    ['', 'message'],
    ['🙂', 'message'],
  ])('%j → %s', (body, intent) => {
    expect(classifyIntent(body)).toBe(intent);
  });

  test('the keyword AWS matched adds an opt-out, and only an explicit START outweighs it', () => {
    expect(classifyIntent('on se connaît ?', 'STOP')).toBe('stop');
    expect(classifyIntent('aide', 'STOP')).toBe('stop');
    expect(classifyIntent('START', 'STOP')).toBe('start');
    expect(classifyIntent('on se connaît ?', 'HELP')).toBe('message');
    expect(classifyIntent('aide', 'JOIN')).toBe('help');
  });
});

describe('STOP in the forms of issue 14 (defect 7)', () => {
  test.each([
    ['zero-width spaces', 'ST\u200bO\u200bP'],
    ['word joiners', 'S\u2060T\u2060O\u2060P'],
    ['fullwidth', 'ＳＴＯＰ'],
    ['Cyrillic Т О Р', 'S\u0422\u041e\u0420'],
    ['mathematical bold', '𝐒𝐓𝐎𝐏'],
    ['circled letters', 'Ⓢⓣⓞⓟ'],
    ['spaced out', 'S T O P'],
    ['dotted', 'S.T.O.P'],
    ['repeated letters', 'STOPPP'],
    ['stop-sign emoji', '🛑'],
    ['stop not first', 'please stop'],
    ['a sentence', 'Stop texting me now'],
    ['French, accent', 'Arrête'],
    ['French sentence', "arrête de m'écrire"],
    ['after "stp" (s\'il te plaît)', 'stp arrête'],
    ['last word', 'Non merci, stop'],
    ['French noun', 'désinscription'],
  ])('%s: %j opts out', (_form, body) => {
    expect(classifyIntent(body)).toBe('stop');
  });

  test.each([
    ['Cherokee', 'ᏚᎢᎾᏢ'],
    ['Lisu', 'ꓢꓔꓳꓑ'],
    ['IPA and Greek', 'ʂƭσρ'],
    ['Armenian, Greek, Cyrillic', 'ՏΤОΡ'],
    ['small capitals', 'ꜱᴛᴏᴘ'],
    ['regional indicators', '🇸 🇹 🇴 🇵'],
    ['soft hyphens', 'S\u00adT\u00adO\u00adP'],
    ['leet', '5T0P'],
    ['glued repeats', 'stopstopstop'],
    ['split in two', 'ST OP'],
    ['split arrête', 'arr ête'],
    ['no-break spaces', 'S\u00a0T\u00a0O\u00a0P'],
    ['one letter a line', 'S\nT\nO\nP'],
    ['double letter', 'stopp'],
    ['no-entry sign', '⛔'],
    ['raised hand alone', '✋'],
    ['phrase, French', 'laisse-moi tranquille'],
    ['phrase, French', 'ne me contactez plus'],
    ['phrase, English', 'leave me alone'],
    ['phrase, English', "don't text me again"],
  ])('beyond the issue, %s: %j opts out', (_form, body) => {
    expect(classifyIntent(body)).toBe('stop');
  });

  test.each([
    ['fullwidth START', 'ＳＴＡＲＴ', 'start'],
    ['spaced HELP', 'H E L P', 'help'],
    ['Cyrillic АIDЕ', 'АIDЕ', 'help'],
    ['INFO', 'INFO ?', 'help'],
  ])('START and HELP still work: %s', (_form, body, intent) => {
    expect(classifyIntent(body)).toBe(intent);
  });

  // The borderline cases, decided and documented in lambda/domain/stop.ts.
  test.each([
    ['the sender speaks of themselves', "je peux pas m'arrêter de rire"],
    ['first person', "j'arrête pas de penser à toi"],
    ['"constantly"', 'je pense à toi sans arrêt'],
    ['bus stop', "je suis à l'arrêt de bus"],
    ["can't stop", "I can't stop thinking about you"],
    ['insisting, not leaving', "arrête de m'ignorer"],
    ['insisting, not leaving', 'stop ignoring me'],
    ['"stp" is "please"', 'stp réponds'],
    ['"\'s top" is no split stop', "it's top notch"],
    ['a greeting', 'salut'],
    ['a question', "t'es qui ?"],
    ['raised hand as hello', 'salut ✋'],
    ['insult meaning "shut up": the abuse matcher flags it', 'ta gueule'],
    ['a bare "no"', 'Non'],
  ])('%s: %j gets its reply', (_why, body) => {
    expect(classifyIntent(body)).toBe('message');
  });

  test('"short": a stop word inside a long message does not count; at its start it does', () => {
    const words = (count: number): string => Array.from({ length: count }, () => 'bla').join(' ');
    expect(classifyIntent(`${words(SHORT_MESSAGE_WORDS - 1)} stop`)).toBe('stop');
    expect(classifyIntent(`${words(SHORT_MESSAGE_WORDS)} stop`)).toBe('message');
    expect(classifyIntent(`stop ${words(SHORT_MESSAGE_WORDS)}`)).toBe('stop');
  });

  test('the reason names the rule', () => {
    expect(stopReason(readMessage('S.T.O.P'))).toBe('first-word:stop');
    expect(stopReason(readMessage('please stop'))).toBe('word:stop');
    expect(stopReason(readMessage('leave me alone'))).toBe('phrase:leave me alone');
    expect(stopReason(readMessage('🛑'))).toBe('emoji:🛑');
    expect(stopReason(readMessage('salut'))).toBeUndefined();
  });

  // Any stop word, disguised in any of the ways at once, still opts out.
  test('property: disguises compose', () => {
    const fullwidth = (s: string): string =>
      s.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
    const disguise = fc.record({
      word: fc.constantFrom('stop', 'arrete', 'arrête', 'unsubscribe', 'désinscription'),
      upper: fc.boolean(),
      wide: fc.boolean(),
      separator: fc.constantFrom('', ' ', '.', '-', '\u200b', '\u2060', '\u00ad'),
      stretch: fc.integer({ min: 1, max: 5 }),
      before: fc.constantFrom('', 'please ', 'stp ', 'non merci, '),
    });
    fc.assert(
      fc.property(disguise, ({ word, upper, wide, separator, stretch, before }) => {
        let text = word + word.at(-1)!.repeat(stretch - 1);
        if (upper) text = text.toUpperCase();
        if (wide) text = fullwidth(text);
        const body = before + [...text].join(separator);
        expect(classifyIntent(body)).toBe('stop');
      }),
      { numRuns: 300 },
    );
  });
});

describe('the labelled STOP corpus', () => {
  const lines = parseCorpus(readFileSync(DEFAULT_CORPUS, 'utf8'), DEFAULT_CORPUS);

  test('is large enough and covers both labels and languages', () => {
    expect(lines.length).toBeGreaterThanOrEqual(150);
    for (const lang of ['fr', 'en', 'any'] as const) {
      expect(lines.filter((l) => l.lang === lang && l.stop).length).toBeGreaterThan(0);
      expect(lines.filter((l) => l.lang === lang && !l.stop).length).toBeGreaterThan(0);
    }
  });

  test('every must-opt-out line opts out', () => {
    const missed = lines.filter((l) => l.stop && classifyIntent(l.text) !== 'stop');
    expect(missed.map((l) => `${l.line}: ${l.text}`)).toEqual([]);
  });

  test(`precision ≥ ${PRECISION_FLOOR}, and ≥ ${KEPT_FLOOR} of the other lines keep their reply`, () => {
    const { all } = evaluateStop(lines, DEFAULT_CORPUS).groups;
    expect(all!.precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    const negatives = all!.trueNegatives + all!.falsePositives;
    expect(all!.trueNegatives / negatives).toBeGreaterThanOrEqual(KEPT_FLOOR);
  });

  test('START and HELP lines keep their intent', () => {
    const keyword = lines.filter((l) => /keyword/i.test(l.note ?? '') && !l.stop);
    expect(keyword.length).toBeGreaterThan(0);
    for (const line of keyword) expect(classifyIntent(line.text)).not.toBe('message');
  });
});

describe('npm run stop:eval', () => {
  const run = (argv: string[]): { code: number; out: string; err: string } => {
    let out = '';
    let err = '';
    const code = main(argv, {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
    });
    return { code, out, err };
  };

  test('prints the table, and one JSON object with --json', () => {
    const text = run([]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^group +messages +TP +FP +TN +FN +precision +recall +F1$/m);
    const json = run(['--json']);
    const parsed = JSON.parse(json.out) as { groups: Record<string, { recall: number }> };
    expect(parsed.groups.all!.recall).toBe(1);
  });

  test('exit 1 on a bad corpus, 2 on bad usage', () => {
    expect(run(['--corpus', 'test/fixtures/no-such-file.jsonl']).code).toBe(1);
    expect(() => parseCorpus('{"text": "x"}', 'inline')).toThrow('inline:1: "stop"');
    expect(run(['--nope']).code).toBe(2);
  });
});

describe('Unicode confusables (UTS #39, from the unhomoglyph package)', () => {
  const table = confusableLetters(unhomoglyphData);

  test('the committed table is what the script writes from the pinned package', () => {
    const { version } = JSON.parse(
      readFileSync(require.resolve('unhomoglyph/package.json'), 'utf8'),
    ) as { version: string };
    expect(readFileSync(TABLE_PATH, 'utf8')).toBe(renderTable(table, version));
  });

  // Letters that NFKC keeps as one character (not 'ẚ', which it makes "aʾ").
  test('every letter that Unicode says reads as Latin letters reads so', () => {
    const unread = Object.entries(unhomoglyphData as Record<string, string>)
      .filter(([source]) => /^\p{L}$/u.test(source))
      .filter(([source]) => /^\P{White_Space}$/u.test(canonicalChars(source)))
      .map(([source, prototype]) => [source, readableChars(prototype)] as const)
      .filter(([, latin]) => /^[a-z]+$/.test(latin))
      .filter(([source]) => !/^[a-z]+$/.test(readableChars(source)));
    expect(unread).toEqual([]);
  });

  test('French text is left as it was, but for accents and case', () => {
    expect(readableChars('Ça, c’est l’été à Noël, « Œuvre » 18h30 €')).toBe(
      'ca, c’est l’ete a noel, « oeuvre » 18h30 €',
    );
  });
});
