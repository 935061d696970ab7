import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { getCountries } from 'libphonenumber-js/min';
import { Construct } from 'constructs';
import { acknowledgeCustomResourceProvider, acknowledgeNag } from './nag';

/**
 * Codes libphonenumber knows that are not ISO 3166-1 assigned codes (Ascension, Tristan da
 * Cunha, Kosovo): End User Messaging keys its country rules by ISO code, so they are left out.
 */
const NOT_ISO_3166 = new Set(['AC', 'TA', 'XK']);

/** Properties of {@link SmsProtection}. */
export interface SmsProtectionProps {
  /** ISO countries replies may go to; every other country is blocked. */
  readonly allowedCountries: readonly string[];
  /**
   * Make it the account's default protect configuration, so that it also covers SNS sends.
   * @default false
   */
  readonly accountDefault?: boolean;
}

/** The SMS country rules: ALLOW for the allow-list, BLOCK for every other country. */
export function smsCountryRules(
  allowedCountries: readonly string[],
): smsvoice.CfnProtectConfiguration.CountryRuleProperty[] {
  const allowed = new Set(allowedCountries);
  const countries = new Set<string>([...getCountries(), ...allowedCountries]);
  return [...countries]
    .filter((country) => !NOT_ISO_3166.has(country) || allowed.has(country))
    .sort()
    .map((countryCode) => ({
      countryCode,
      protectStatus: allowed.has(countryCode) ? 'ALLOW' : 'BLOCK',
    }));
}

/**
 * A second line against SMS pumping, behind the responder's own allow-list: an End User
 * Messaging protect configuration that blocks every destination country outside the allow-list.
 * A new protect configuration allows every country, so each one is listed.
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/protect-configuration.html
 *
 * It applies to `SendTextMessage` calls that name it (`sendVia: "sms-voice"`), and to SNS sends
 * only when it is the account default.
 */
export class SmsProtection extends Construct {
  readonly protectConfiguration: smsvoice.CfnProtectConfiguration;
  /** The protect configuration id, passed as `ProtectConfigurationId` on each send. */
  readonly protectConfigurationId: string;
  readonly protectConfigurationArn: string;

  constructor(scope: Construct, id: string, props: SmsProtectionProps) {
    super(scope, id);
    this.protectConfiguration = new smsvoice.CfnProtectConfiguration(this, 'Resource', {
      countryRuleSet: { sms: smsCountryRules(props.allowedCountries) },
    });
    this.protectConfigurationId = this.protectConfiguration.attrProtectConfigurationId;
    this.protectConfigurationArn = this.protectConfiguration.attrArn;

    if (props.accountDefault === true) {
      const call = (action: string): cr.AwsSdkCall => ({
        service: 'PinpointSMSVoiceV2',
        action,
        parameters: action.startsWith('Set')
          ? { ProtectConfigurationId: this.protectConfigurationId }
          : {},
        physicalResourceId: cr.PhysicalResourceId.of(`${Stack.of(this).stackName}-default-protect`),
      });
      const resource = new cr.AwsCustomResource(this, 'AccountDefault', {
        onCreate: call('SetAccountDefaultProtectConfiguration'),
        onUpdate: call('SetAccountDefaultProtectConfiguration'),
        onDelete: call('DeleteAccountDefaultProtectConfiguration'),
        installLatestAwsSdk: false,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['sms-voice:SetAccountDefaultProtectConfiguration'],
            resources: [this.protectConfigurationArn],
          }),
          new iam.PolicyStatement({
            // An account-level action: it has no resource type to scope it to.
            actions: ['sms-voice:DeleteAccountDefaultProtectConfiguration'],
            resources: ['*'],
          }),
        ]),
      });
      acknowledgeNag(
        resource,
        'AwsSolutions-IAM5[Resource::*]',
        'DeleteAccountDefaultProtectConfiguration acts on an account setting and has no resource to scope it to.',
      );
      acknowledgeCustomResourceProvider(this);
    }
  }
}
