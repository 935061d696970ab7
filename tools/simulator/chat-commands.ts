/**
 * The chat's commands: a line that starts with `/` is a command for the chat, never an SMS
 * (`//…` sends the text with one `/` less, for an SMS that really starts with a slash).
 */
/** `+` and 6 to 15 digits: a number as the SMS service would deliver it. */
const E164 = /^\+[1-9]\d{5,14}$/;

/** What one typed line means. */
export type ChatLine =
  | { readonly kind: 'sms'; readonly body: string }
  | { readonly kind: 'quit' }
  | { readonly kind: 'help' }
  | { readonly kind: 'status' }
  | { readonly kind: 'wait'; readonly ms?: number }
  | { readonly kind: 'from'; readonly number: string }
  | { readonly kind: 'invalid'; readonly message: string };

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `25m`, `2h`, `1h30m`, `90s`, `1d` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(?:min|[smhd]))+$/.test(trimmed)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(min|[smhd])/g)) {
    ms += Number(amount) * UNIT_MS[unit!]!;
  }
  return ms > 0 ? ms : undefined;
}

/** The help the chat prints for `/help` (and at the start). */
export const CHAT_HELP = [
  'Commands (a line starting with / is never sent as an SMS):',
  '  /help              this list',
  '  /status            budgets, pause, raid mode, waiting replies, and what your next message would get',
  '  /wait [25m|2h|1d]  let simulated time pass (alone: until the next waiting reply is due)',
  '  /from +33612345678 text as another sender',
  '  /quit              leave (Ctrl-D too)',
  '  //text             send the SMS "/text"',
];

/** Reads one typed line. */
export function parseChatLine(line: string): ChatLine {
  const text = line.trim();
  if (text.startsWith('//')) return { kind: 'sms', body: line.trimStart().slice(1) };
  if (!text.startsWith('/')) return { kind: 'sms', body: line };
  const [word = '', ...rest] = text.slice(1).split(/\s+/);
  const argument = rest.join(' ');
  switch (word.toLowerCase()) {
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'status':
      return { kind: 'status' };
    case 'wait': {
      if (argument === '') return { kind: 'wait' };
      const ms = parseDuration(argument);
      return ms === undefined
        ? {
            kind: 'invalid',
            message: `/wait takes a duration such as 25m, 2h, 1h30m or 1d, not "${argument}"`,
          }
        : { kind: 'wait', ms };
    }
    case 'from': {
      // Any number written in E.164, so that foreign or non-mobile senders can be tried too.
      return E164.test(argument)
        ? { kind: 'from', number: argument }
        : {
            kind: 'invalid',
            message: `/from takes a number in E.164, e.g. /from +33612345678, not "${argument}"`,
          };
    }
    default:
      return {
        kind: 'invalid',
        message: `unknown command /${word}: /help lists the commands (nothing was sent)`,
      };
  }
}
