/**
 * Local mode: the real responder, a real DynamoDB API (dynalite) and the local SMS sink, wired
 * like the Lambda is in AWS. A state folder (`--state DIR`) keeps the table and what is needed
 * to read it again (table name, HMAC secret, config) for the maintainers' CLI (`--local DIR`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResponderSettings } from '../../lambda/domain/types';
import type { Items } from '../../lambda/items';
import { tableItems } from '../../lambda/items';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { AntirelouConfig, ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import type { LocalDynamo } from './emulator';
import { ensureTable, startLocalDynamo } from './emulator';
import type { HostDescriptor } from './host';

export const STATE_FILE = 'antirelou-local.json';
const LOCAL_TABLE = 'antirelou-local';

/** What a state folder remembers besides the table itself. */
export interface LocalState {
  readonly tableName: string;
  /** The HMAC key of this local deployment (local only: in AWS it lives in Secrets Manager). */
  readonly senderKeySecret: string;
  /** The config the simulator ran with, as written (the CLI validates it again). */
  readonly config: ConfigInput;
  /** The file that config was read from, when the simulator was given one. */
  readonly configFile?: string;
}

export interface LocalEnvironment {
  readonly dynamo: LocalDynamo;
  readonly tableName: string;
  /** The table's items, as the functions use them. */
  readonly items: Items;
  readonly config: AntirelouConfig;
  readonly settings: ResponderSettings;
  readonly senderKey: (e164: string) => string;
  /** What a container host needs to work on this environment's table. */
  hostDescriptor(containers: number): HostDescriptor;
  stop(): Promise<void>;
}

/** Reads a state folder's file; throws an explanatory error when it is not one. */
export function readLocalState(stateDir: string): LocalState {
  const file = join(stateDir, STATE_FILE);
  if (!existsSync(file)) {
    throw new Error(
      `${stateDir} is not a local antirelou state folder (no ${STATE_FILE}): ` +
        'create one with `npm run simulate -- --state DIR`',
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as LocalState;
}

export interface LocalEnvironmentOptions {
  /** The config as written; when a state folder already has one, this one replaces it. */
  readonly config?: ConfigInput;
  /** Where `config` was read from (kept in the state, so the CLI can say which text is in force). */
  readonly configFile?: string;
  readonly stateDir?: string;
}

export async function startLocalEnvironment(
  options: LocalEnvironmentOptions,
): Promise<LocalEnvironment> {
  let state: LocalState | undefined;
  if (options.stateDir !== undefined) {
    mkdirSync(options.stateDir, { recursive: true });
    if (existsSync(join(options.stateDir, STATE_FILE))) state = readLocalState(options.stateDir);
  }
  const configInput = options.config ?? state?.config;
  if (configInput === undefined) throw new Error('local mode needs a config');
  const config = parseConfig(configInput, 'local config');
  const configFile = options.config === undefined ? state?.configFile : options.configFile;
  state = {
    tableName: state?.tableName ?? LOCAL_TABLE,
    senderKeySecret: state?.senderKeySecret ?? randomBytes(32).toString('base64url'),
    config: configInput,
    ...(configFile === undefined ? {} : { configFile }),
  };
  if (options.stateDir !== undefined) {
    writeFileSync(join(options.stateDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  }
  const dynamo = await startLocalDynamo(options.stateDir);
  await ensureTable(dynamo.client, state.tableName);
  const settings = toResponderSettings(config);
  const items = tableItems(dynamo.documentClient, state.tableName);
  const senderKey = senderKeyFunction(state.senderKeySecret);
  const { tableName, senderKeySecret } = state;
  return {
    dynamo,
    tableName,
    items,
    config,
    settings,
    senderKey,
    hostDescriptor: (containers) => ({
      endpoint: dynamo.endpoint,
      tableName,
      senderKeySecret,
      config: configInput,
      containers,
    }),
    stop: () => dynamo.stop(),
  };
}
