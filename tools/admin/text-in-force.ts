/**
 * Which reply text a command would send, and where it comes from: the deployed responder's
 * settings (its Lambda environment) in AWS; locally, the config the state folder's responder
 * runs with (saved by the simulator's last replay on it). When the config file that replay was
 * given now says something else, the warning says so: the state only changes at its next replay.
 */
import { existsSync, readFileSync } from 'node:fs';
import { textFor } from '../../lambda/domain/policy';
import type { ControlState, ResponderSettings, SmsText } from '../../lambda/domain/types';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { readLocalState } from '../local/environment';
import type { CommandContext } from './context';

/** The text a reply to `country` uses now, its source, and what may surprise. */
export interface TextInForce {
  readonly text: SmsText;
  readonly source: string;
  readonly warning?: string;
}

/** The reply text of `file`'s config for `country`; undefined when it cannot be read. */
function fileText(file: string, country: string): SmsText | undefined {
  try {
    if (!existsSync(file)) return undefined;
    const settings = toResponderSettings(parseConfig(JSON.parse(readFileSync(file, 'utf8')), file));
    return textFor('reply', country, settings);
  } catch {
    return undefined;
  }
}

/** The reply text in force for `country` on the command's target (`reply set` first). */
export function textInForce(
  context: CommandContext,
  settings: ResponderSettings,
  country: string,
  control?: ControlState,
): TextInForce {
  const text = textFor('reply', country, settings, control);
  if (text !== textFor('reply', country, settings)) {
    return { text, source: 'the text set at run time (antirelou reply set), on the control item' };
  }
  const stateDir = context.options.local;
  if (context.target.kind === 'aws' || stateDir === undefined) {
    return { text, source: "the deployed responder's settings (its Lambda environment)" };
  }
  const { configFile } = readLocalState(stateDir);
  const source =
    `the config of the state's responder (saved by the simulator's last replay` +
    `${configFile === undefined ? '' : ` from ${configFile}`})`;
  const now = configFile === undefined ? undefined : fileText(configFile, country);
  if (now === undefined || now.body === text.body) return { text, source };
  return {
    text,
    source,
    warning:
      `${configFile} now has another reply text (${now.encoding}, ${now.segments} segment(s)); ` +
      "the state's responder uses the one above until a replay with that config " +
      `(npm run simulate -- --config ${configFile} --state ${stateDir} …)`,
  };
}
