/**
 * The Lambda entry point loaded as a fresh container would load it, with the AWS clients it
 * uses (Secrets Manager, SNS, End User Messaging) mocked. A fresh module registry has its own
 * copies of the SDK classes, so the mocks and the command classes come from that registry too.
 */
import type * as PinpointExports from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type * as SecretsManagerExports from '@aws-sdk/client-secrets-manager';
import type * as SnsExports from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type * as HandlerExports from '../../lambda/handler';
import type { ResponderSettings } from '../../lambda/domain/types';
import { createTable } from './dynamo';

function mocks(
  sm: typeof SecretsManagerExports,
  sn: typeof SnsExports,
  eum: typeof PinpointExports,
) {
  return {
    secrets: mockClient(sm.SecretsManagerClient),
    sns: mockClient(sn.SNSClient),
    smsVoice: mockClient(eum.PinpointSMSVoiceV2Client),
    GetSecretValueCommand: sm.GetSecretValueCommand,
    PublishCommand: sn.PublishCommand,
    SendTextMessageCommand: eum.SendTextMessageCommand,
  };
}

export type MockedHandler = ReturnType<typeof mocks> & { handler: typeof HandlerExports.handler };

export function loadHandlerWithMockedAws(): MockedHandler {
  let loaded: MockedHandler | undefined;
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const sm = require('@aws-sdk/client-secrets-manager') as typeof SecretsManagerExports;
    const sn = require('@aws-sdk/client-sns') as typeof SnsExports;
    const eum = require('@aws-sdk/client-pinpoint-sms-voice-v2') as typeof PinpointExports;
    const mocked = mocks(sm, sn, eum);
    const module = require('../../lambda/handler') as typeof HandlerExports;
    /* eslint-enable @typescript-eslint/no-require-imports */
    loaded = { ...mocked, handler: module.handler };
  });
  return loaded!;
}

/** The environment the stack gives the function, on a fresh table of the emulator. */
export async function setHandlerEnvironment(
  endpoint: string,
  settings: ResponderSettings,
): Promise<void> {
  process.env.ANTIRELOU_SETTINGS = JSON.stringify(settings);
  process.env.TABLE_NAME = await createTable(endpoint);
  process.env.SENDER_KEY_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:key';
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
}
