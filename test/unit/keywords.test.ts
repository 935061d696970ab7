import { classifyIntent } from '../../lambda/domain/keywords';

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
    ['START', 'start'],
    ['Démarrer', 'start'],
    ['unstop', 'start'],
    ['HELP', 'help'],
    ['aide', 'help'],
    ['Aide ?', 'help'],
    ['info', 'help'],
    ['infos', 'help'],
    ['salut ça va', 'message'],
    ['je veux pas stop', 'message'],
    ['stop de me répondre espèce de robot', 'message'],
    ['stopper', 'message'],
    ['information', 'message'],
    ['', 'message'],
    ['🙂', 'message'],
  ])('%j → %s', (body, intent) => {
    expect(classifyIntent(body)).toBe(intent);
  });

  test('the keyword AWS matched can add an opt-out, nothing else', () => {
    expect(classifyIntent('laisse moi tranquille maintenant', 'STOP')).toBe('stop');
    expect(classifyIntent('laisse moi tranquille maintenant', 'HELP')).toBe('message');
    expect(classifyIntent('aide', 'JOIN')).toBe('help');
  });
});
