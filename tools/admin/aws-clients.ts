/**
 * The AWS clients of `preflight` and `verify`, made on first use with the region and profile of
 * the command line (else the usual AWS environment), and destroyed together at the end.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { GlobalOptions } from './target';

type Destroyable = { destroy(): void };

/** One client per service, lazily. */
export class AwsClients {
  private readonly made = new Map<string, Destroyable>();
  private readonly config: { region?: string; profile?: string };

  constructor(options: Pick<GlobalOptions, 'region' | 'profile'>) {
    this.config = {
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    };
  }

  private client<T extends Destroyable>(name: string, make: (config: object) => T): T {
    let client = this.made.get(name) as T | undefined;
    if (client === undefined) {
      client = make(this.config);
      this.made.set(name, client);
    }
    return client;
  }

  get sts(): STSClient {
    return this.client('sts', (config) => new STSClient(config));
  }

  get cloudFormation(): CloudFormationClient {
    return this.client('cloudformation', (config) => new CloudFormationClient(config));
  }

  get smsVoice(): PinpointSMSVoiceV2Client {
    return this.client('sms-voice', (config) => new PinpointSMSVoiceV2Client(config));
  }

  get sns(): SNSClient {
    return this.client('sns', (config) => new SNSClient(config));
  }

  get lambda(): LambdaClient {
    return this.client('lambda', (config) => new LambdaClient(config));
  }

  /** One attempt: `verify` invokes the responder, and an invocation must not be repeated. */
  get lambdaInvoke(): LambdaClient {
    return this.client(
      'lambda-invoke',
      (config) => new LambdaClient({ ...config, maxAttempts: 1 }),
    );
  }

  get cloudWatch(): CloudWatchClient {
    return this.client('cloudwatch', (config) => new CloudWatchClient(config));
  }

  get scheduler(): SchedulerClient {
    return this.client('scheduler', (config) => new SchedulerClient(config));
  }

  /** The region the clients use (throws the SDK's "Region is missing" when there is none). */
  async region(): Promise<string> {
    return this.sts.config.region();
  }

  destroy(): void {
    for (const client of this.made.values()) client.destroy();
    this.made.clear();
  }
}
