import { textFingerprint } from '../../lambda/domain/fingerprint';
import { fires } from '../../lambda/responder/canned-text-step';

const letters = (body: string): string => textFingerprint(body).letters;

describe('textFingerprint', () => {
  test.each([
    ['case and punctuation', 'SALUT !!! Tu fais quoi ce soir ?'],
    ['accents and emoji', 'Salüt, tu fais quoi ce soir 😘😘'],
    ['leetspeak', 's4lut tu f@is qu0i ce s0ir'],
    ['stretched letters', 'Saluuuuut tu fais quoiii ce soiiir'],
    ['dotted letters', 'S.A.L.U.T tu fais quoi ce soir'],
    ['look-alike letters (Cyrillic S, Greek omicron)', 'Ѕalut tu fais quοi ce sοir'],
    ['invisible characters', 'Sa\u200blut tu fais quoi ce soir'],
    ['a counter appended by a bot', 'Salut tu fais quoi ce soir ? 4821'],
  ])('%s: same fingerprint as the plain text', (_name, body) => {
    expect(letters(body)).toBe(letters('Salut tu fais quoi ce soir'));
  });

  test('the plain text reads as its letters, runs squeezed', () => {
    expect(letters('Salut tu fais quoi ce soir')).toBe('salutufaisquoicesoir');
    expect(letters("Coucou, c'est Anna ! 🙂")).toBe('coucoucestana');
  });

  test('different words, different fingerprints', () => {
    expect(letters("Salut c'est Karim du bar")).not.toBe(letters("Salut c'est Léa du bar"));
    expect(letters('Tu fais quoi ce soir')).not.toBe(letters('Tu fais quoi demain soir'));
  });

  test('nothing but digits, emoji and punctuation: no letters', () => {
    expect(letters('?')).toBe('');
    expect(letters('06 12 34 56 78 😂😂 !!!')).toBe('');
  });
});

describe('fires: a text that is many fresh senders and a share of the traffic', () => {
  const settings = { threshold: 8, sharePercent: 5, minLetters: 12 };
  const at = (minute: number): number => Date.UTC(2026, 9, 16, 9, minute);

  test('this hour: enough senders and at least 5 % of the last 60 minutes', () => {
    const counts = { thisHour: 10, previousHour: 0 };
    expect(fires(settings, counts, { thisHour: 150, previousHour: 100 }, at(30))).toBe(true);
    // A launch rush: the same 10 among 1,000 messages an hour.
    expect(fires(settings, counts, { thisHour: 500, previousHour: 1000 }, at(30))).toBe(false);
    expect(
      fires(settings, { thisHour: 7, previousHour: 0 }, { thisHour: 7, previousHour: 0 }, at(30)),
    ).toBe(false);
  });

  test('the hour before: judged against its own total, not against the end of a quiet hour', () => {
    // After a launch rush: a common phrase was 20 of 1,000 the hour before; this hour is quiet.
    const rush = { thisHour: 1, previousHour: 20 };
    expect(fires(settings, rush, { thisHour: 30, previousHour: 1000 }, at(55))).toBe(false);
    // A slow raid: 40 of 260 the hour before.
    const raid = { thisHour: 1, previousHour: 40 };
    expect(fires(settings, raid, { thisHour: 30, previousHour: 260 }, at(5))).toBe(true);
    // The previous hour's total not known to this container: only this hour counts.
    expect(fires(settings, raid, { thisHour: 30, previousHour: undefined }, at(5))).toBe(false);
  });
});
