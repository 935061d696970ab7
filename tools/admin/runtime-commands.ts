/**
 * Top-ups and the reply text at run time (issue 15, point 5): `budget raise` and
 * `reply set` / `reply reset`, registered on the CLI's program by `cli.ts`.
 */
import type { Command } from 'commander';
import type { Period } from '../../lambda/domain/types';
import { MAX_RUNTIME_TEXT_CHARS } from '../../lambda/items/control-texts';
import { parseAmount } from './args';
import { raiseBudget } from './budget-raise';
import type { OnTarget } from './daily-commands';
import { UsageError } from './errors';
import { resetReplyText, setReplyText } from './reply-text';
import type { TextSlot } from './reply-pricing';

const COUNTRY = /^[A-Z]{2}$/;

/** `--country CC`: an ISO 3166 alpha-2 code in capitals. */
function parseCountry(raw: string): string {
  if (!COUNTRY.test(raw)) {
    throw new UsageError(
      `--country takes an ISO 3166 alpha-2 code in capitals, e.g. --country FR, not "${raw}"`,
    );
  }
  return raw;
}

/** `--text`: not empty, no longer than the config's texts may be. */
export function checkReplyBody(body: string): void {
  if (body.trim() === '') {
    throw new UsageError('--text is empty: give the text to send, e.g. --text "Bonjour…"');
  }
  if (body.length > MAX_RUNTIME_TEXT_CHARS) {
    throw new UsageError(
      `--text has ${body.length} characters, more than ${MAX_RUNTIME_TEXT_CHARS} (10 segments ` +
        'of UCS-2 at most, as in the config): shorten it',
    );
  }
}

const slotOf = (options: { country?: string; help?: boolean }): TextSlot => ({
  kind: options.help === true ? 'help' : 'reply',
  ...(options.country === undefined ? {} : { country: options.country }),
});

/** Adds `budget raise` under `budget`, and `reply set|reset` to the program. */
export function registerRuntimeCommands(
  budget: Command,
  program: Command,
  onTarget: OnTarget,
): void {
  const amount = (flag: string) => (value: string) => parseAmount(value, flag);
  budget
    .command('raise')
    .description(
      "raise caps (donations came in), in the budget currency, up to the config's budget.ceiling " +
        '(default: the caps, no raise); a raise to the config cap takes it back',
    )
    .option('--hour <amount>', 'hourly cap', amount('--hour'))
    .option('--day <amount>', 'daily cap', amount('--day'))
    .option('--month <amount>', 'monthly cap', amount('--month'))
    .action(async (options: Partial<Record<Period, number>>, command: Command) => {
      if (options.hour === undefined && options.day === undefined && options.month === undefined) {
        throw new UsageError(
          'budget raise needs at least one of --hour, --day, --month (e.g. --month 400)',
        );
      }
      await onTarget(command, (context) => raiseBudget(context, options));
    });

  const reply = program
    .command('reply')
    .description('the reply (or HELP) text at run time: set (priced, then confirmed) or reset');
  reply.action(() => {
    throw new UsageError(
      'reply needs a subcommand: set or reset (e.g. antirelou reply set --text "…")',
    );
  });
  reply
    .command('set')
    .description(
      'change the reply text (or the HELP text with --help) of a country or the default; shows ' +
        'its encoding, segments and cost first, then asks (--yes: do not ask)',
    )
    .requiredOption(
      '--text <text>',
      `the text to send (at most ${MAX_RUNTIME_TEXT_CHARS} characters)`,
    )
    .option('--country <cc>', "only this country's text (default: the default text)", parseCountry)
    // `--help` names the HELP text here (the interface in DESIGN.md); `-h` prints this help.
    .helpOption('-h', 'display help for command')
    .option('--help', 'the HELP text (answer to HELP/AIDE/INFO) rather than the reply')
    .option('--yes', 'apply without asking (required with no terminal)')
    .action(
      async (
        options: { text: string; country?: string; help?: boolean; yes?: boolean },
        command: Command,
      ) => {
        checkReplyBody(options.text);
        const slot = slotOf(options);
        await onTarget(command, (context) =>
          setReplyText(context, slot, options.text, options.yes === true),
        );
      },
    );
  reply
    .command('reset')
    .description("back to the config's reply text (or HELP text with --help)")
    .helpOption('-h', 'display help for command')
    .option('--country <cc>', "only this country's text (default: the default text)", parseCountry)
    .option('--help', 'the HELP text rather than the reply')
    .action(async (options: { country?: string; help?: boolean }, command: Command) => {
      const slot = slotOf(options);
      await onTarget(command, (context) => resetReplyText(context, slot));
    });
}
