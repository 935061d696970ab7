/**
 * The responder's settings as deployed (the dispatcher gets the same): the config's settings
 * (`toResponderSettings`) plus what only the deployment knows (the topic ARN, the number AWS
 * assigned, the protect configuration) and how to send.
 */
import { Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ResponderSettings } from '../lambda/domain/types';
import { toResponderSettings } from './config/resolve';
import type { AntirelouConfig } from './config/schema';

/** Deploy-time values, usually tokens. */
export interface DeploymentFacts {
  readonly inboundTopicArn: string;
  /** Our number in E.164 (assigned by AWS for a created number). */
  readonly originationNumber: string;
  /** The number's or pool's ARN. */
  readonly phoneNumberArn: string;
  readonly protectConfigurationId: string;
  /** With receipts: the stack's configuration set, which every reply is sent with. */
  readonly configurationSetName?: string;
}

/** Settings for the responder's environment, and the dispatcher's. */
export function deployedSettings(
  config: AntirelouConfig,
  facts: DeploymentFacts,
): ResponderSettings {
  const settings: ResponderSettings = {
    ...toResponderSettings(config, facts.inboundTopicArn),
    originationNumber: facts.originationNumber,
    sendVia: config.sendVia,
  };
  if (config.sendVia === 'sns') return settings;
  return {
    ...settings,
    originationIdentity: facts.phoneNumberArn,
    protectConfigurationId: facts.protectConfigurationId,
    ...(config.configurationSetName === undefined
      ? {}
      : { configurationSetName: config.configurationSetName }),
    ...(facts.configurationSetName === undefined
      ? {}
      : { configurationSetName: facts.configurationSetName }),
  };
}

/** The configuration set's ARN, from its name or ARN as configured. */
export function configurationSetArn(scope: Construct, nameOrArn: string): string {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  return Stack.of(scope).formatArn({
    service: 'sms-voice',
    resource: 'configuration-set',
    resourceName: nameOrArn,
  });
}
