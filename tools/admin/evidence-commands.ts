/**
 * The complaint-dossier commands of the CLI (issue 17), registered on the program by `cli.ts`:
 * `dossier`, `verify-evidence` and `senders --flagged`. Command lines are checked here, before
 * any target is opened (usage errors, exit 2).
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { DossierLanguage } from '../evidence/local-time';
import { parsePhoneNumber, parseTime } from './args';
import type { Io } from './cli';
import type { CommandContext } from './context';
import { dossier } from './dossier';
import { checkDossierOutput } from './dossier-output';
import { UsageError } from './errors';
import { flaggedSenders } from './senders';
import type { GlobalOptions } from './target';
import { checkVerifyOptions, verifyEvidenceFolder } from './verify-evidence';

/** How cli.ts runs a command on its target (opened, closed, errors explained). */
export type OnTarget = (
  command: Command,
  io: Io,
  run: (context: CommandContext) => Promise<void>,
) => Promise<void>;

interface DossierOptions {
  readonly since: string;
  readonly until?: string;
  readonly sender?: string;
  readonly out: string;
  readonly force?: boolean;
  readonly lang: DossierLanguage;
}

function checkTimes(since: string | undefined, until: string | undefined): void {
  if (since !== undefined) parseTime(since, '--since', Date.now());
  if (until !== undefined) parseTime(until, '--until', Date.now());
}

function registerDossier(program: Command, io: Io, onTarget: OnTarget, version: string): void {
  program
    .command('dossier')
    .description(
      'write the complaint dossier of a time range to a new folder: dossier.html (to read and ' +
        'print), evidence.jsonl, evidence.csv, manifest.json (SHA-256 of each file, hash chain), ' +
        'manifest.tsq (time-stamp request), VERIFY.md',
    )
    .requiredOption(
      '--since <time>',
      'from (2026-10-19 = UTC midnight, 2026-10-19T14:00:00Z, or 7d / 12h back)',
    )
    .option(
      '--until <time>',
      'to, excluded (a date alone includes that whole UTC day); default: now',
    )
    .option(
      '--sender <number>',
      "only this sender's records (E.164; see `antirelou senders --flagged`)",
    )
    .requiredOption('--out <dir>', 'the folder to create (refused if it exists, unless --force)')
    .option('--force', 'write into an existing folder, replacing its dossier files')
    .addOption(
      new Option('--lang <lang>', 'language of dossier.html and VERIFY.md')
        .choices(['fr', 'en'])
        .default('fr'),
    )
    .action(async (options: DossierOptions, command: Command) => {
      const sender =
        options.sender === undefined ? undefined : parsePhoneNumber(options.sender, '--sender');
      checkTimes(options.since, options.until);
      checkDossierOutput(options.out, options.force === true);
      await onTarget(command, io, (context) =>
        dossier(context, {
          since: options.since,
          ...(options.until === undefined ? {} : { until: options.until }),
          ...(sender === undefined ? {} : { sender }),
          out: options.out,
          force: options.force === true,
          lang: options.lang,
          version,
        }),
      );
    });
}

function registerVerify(program: Command, io: Io): void {
  program
    .command('verify-evidence')
    .description(
      'check a dossier folder: manifest, time stamp (manifest.tsr, with openssl), every file, ' +
        'record and link; exit 0 when intact, 1 naming the first thing altered',
    )
    .argument('<dir>', 'the folder `antirelou dossier --out` wrote')
    .option(
      '--ca-file <pem>',
      "the time-stamping authority's root certificate (default: openssl's trust store)",
    )
    .action((dir: string, options: { caFile?: string }, command: Command) => {
      checkVerifyOptions(command.optsWithGlobals<GlobalOptions>());
      verifyEvidenceFolder(
        dir,
        options.caFile === undefined ? {} : { caFile: options.caFile },
        (text) => io.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
      );
    });
}

function registerSenders(program: Command, io: Io, onTarget: OnTarget): void {
  program
    .command('senders')
    .description(
      'with --flagged: the senders of evidence records, with their full numbers (they are ' +
        'evidence), message counts, first and last seen; other numbers are kept only as HMAC',
    )
    .option('--flagged', 'list the flagged senders (the only ones whose numbers are kept)')
    .option('--since <time>', 'evidence received from (default: as far back as it is kept)')
    .option('--json', 'print exactly one JSON object')
    .action(
      async (options: { flagged?: boolean; since?: string; json?: boolean }, command: Command) => {
        if (options.flagged !== true) {
          throw new UsageError(
            'senders lists flagged senders only (every other number is kept only as an HMAC): add --flagged',
          );
        }
        checkTimes(options.since, undefined);
        await onTarget(command, io, (context) =>
          flaggedSenders(context, {
            ...(options.since === undefined ? {} : { since: options.since }),
            json: options.json === true,
          }),
        );
      },
    );
}

/** Adds `dossier`, `verify-evidence` and `senders` to the program. */
export function registerEvidenceCommands(
  program: Command,
  io: Io,
  onTarget: OnTarget,
  version: string,
): void {
  registerDossier(program, io, onTarget, version);
  registerVerify(program, io);
  registerSenders(program, io, onTarget);
}
