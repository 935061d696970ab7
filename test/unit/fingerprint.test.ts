import { textFingerprint } from '../../lambda/domain/fingerprint';

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
