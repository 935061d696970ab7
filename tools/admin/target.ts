/**
 * What a command runs against: the deployed stack (names from its CloudFormation outputs) or a
 * simulator's state folder (`--local DIR`). Commands only see this interface, so each one works
 * the same way on both.
 */
import { userInfo } from 'node:os';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SmsGateway } from '../../lambda/adapters/sms-gateway';
import type { ResponderSettings } from '../../lambda/domain/types';
import type { MaintainerItems } from '../../lambda/items/maintainer-items';
import { maintainerItems } from '../../lambda/items/maintainer-items';
import type { MetricFigures } from './metric-figures';

/** The options every command takes (see `antirelou --help`). */
export interface GlobalOptions {
  /** A simulator's state folder; absent: the deployed stack. */
  readonly local?: string;
  /** The stack's name (default `Antirelou`, as in `bin/antirelou.ts`). */
  readonly stack: string;
  readonly region?: string;
  readonly profile?: string;
  /** Who the audit records name (default: `$USER`). */
  readonly who?: string;
  /** The time commands evaluate budgets at (ISO 8601 or `2h`), as typed. */
  readonly at?: string;
}

/** A deployed stack or a local state folder, as the commands use it. */
export interface Target {
  readonly kind: 'aws' | 'local';
  /** For messages: `stack Antirelou (eu-west-3)`, `local state .antirelou/demo`. */
  readonly label: string;
  readonly tableName: string;
  readonly documentClient: DynamoDBDocumentClient;
  /**
   * What "now" means by default: the wall clock for the deployed stack; for a local state, the
   * simulated clock of the last message the responder handled in it.
   */
  readonly clock: 'wall' | 'simulated';
  /** The responder's settings: hard caps, currency, time zone, texts, prices, how it sends. */
  settings(): Promise<ResponderSettings>;
  /** The HMAC of phone numbers, with this deployment's secret. */
  senderKey(): Promise<(e164: string) => string>;
  /** How `send-test` sends: the responder's own sender, or the local SMS sink. */
  smsGateway(settings: ResponderSettings, clock: () => number): Promise<SmsGateway>;
  /**
   * The responder's metrics summed over [fromMs, toMs): CloudWatch in AWS, the state folder's
   * `metrics.json` locally; undefined when there are none (a state left by an older simulator).
   */
  metrics(fromMs: number, toMs: number): Promise<MetricFigures | undefined>;
  /**
   * Locally: the end of the simulated time replayed on the folder (its last message or reply),
   * when the simulator recorded it. Undefined in AWS, where now is the wall clock.
   */
  readonly simulatedUntilMs?: number;
  /** The AWS identity behind the calls, for audit records (undefined locally). */
  callerArn(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The target table's items (`lambda/items`): the only way commands address an item. */
export function itemsOf(target: Target): MaintainerItems {
  return maintainerItems(target.documentClient, target.tableName);
}

/** The maintainer named in audit records: `--who`, else the login name. */
export function whoAmI(options: GlobalOptions): string {
  if (options.who !== undefined && options.who.trim() !== '') return options.who.trim();
  const fromEnv = process.env.USER ?? process.env.USERNAME ?? process.env.LOGNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
