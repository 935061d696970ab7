/**
 * Builds the stack from a test config, without bundling the Lambda (the `aws:cdk:bundling-stacks`
 * context), so that each synth takes a fraction of a second and needs neither esbuild nor Docker.
 */
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AntirelouStack } from '../../lib/antirelou-stack';
import type { ConfigInput } from '../../lib/config';
import { parseConfig } from '../../lib/config';
import { testConfigInput } from '../support/settings';

/** A resource or property as it appears in the template: CloudFormation JSON is untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CfnJson = any;

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-3';

/**
 * An app for template assertions: no bundling, and no built-in CloudFormation validation (a WASM
 * engine that costs about 3 s of CPU at a test file's first synth). It still runs in the real
 * `cdk synth` (app.test.ts, cost.test.ts), where it only warns: the gate is cfn-lint
 * (cfn-lint.test.ts, every shipped and test config).
 */
export function testApp(): App {
  return new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  });
}

/** A stack from the test config plus overrides, in a fixed account and region. */
export function buildStack(overrides: Partial<ConfigInput> = {}, app?: App): AntirelouStack {
  const scope = app ?? testApp();
  return new AntirelouStack(scope, 'Antirelou', {
    config: parseConfig(testConfigInput(overrides), 'test'),
    env: { account: ACCOUNT, region: REGION },
  });
}

/** Asserts the template has a resource of this type whose properties match (`hasResourceProperties`). */
export function expectProperties(template: Template, type: string, props: object): void {
  template.hasResourceProperties(type, props);
}

/** Asserts the template has a resource of this type matching, attributes included (`hasResource`). */
export function expectResource(template: Template, type: string, props: object): void {
  template.hasResource(type, props);
}

/** The synthesized template of {@link buildStack}. */
export function synth(overrides: Partial<ConfigInput> = {}): Template {
  return Template.fromStack(buildStack(overrides));
}

/** The only resource of a type (fails the test when there are none or several). */
export function only(template: Template, type: string): { id: string; resource: CfnJson } {
  const resources = template.findResources(type);
  const ids = Object.keys(resources);
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return { id: ids[0]!, resource: resources[ids[0]!] };
}

/** The logical id of the only resource of a type whose properties match. */
export function logicalId(template: Template, type: string, props: object = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  if (ids.length !== 1) throw new Error(`expected one matching ${type}, found ${ids.length}`);
  return ids[0]!;
}

/** The only function with the settings whose description starts so (custom resources add others). */
function settingsFunction(
  template: Template,
  description: string,
): { id: string; resource: CfnJson } {
  const id = logicalId(template, 'AWS::Lambda::Function', {
    Description: Match.stringLikeRegexp(`^${description}`),
    Environment: { Variables: { ANTIRELOU_SETTINGS: Match.anyValue() } },
  });
  return { id, resource: template.toJSON().Resources[id] };
}

/** The responder function (the safety delay adds the dispatcher, with the same settings). */
export function responderFunction(template: Template): { id: string; resource: CfnJson } {
  return settingsFunction(template, 'antirelou responder:');
}

/** The dispatcher (safety delay). */
export function dispatcherFunction(template: Template): { id: string; resource: CfnJson } {
  return settingsFunction(template, 'antirelou dispatcher:');
}

/** The logical id of a function's role. */
export function roleOf(fn: { resource: CfnJson }): string {
  return fn.resource.Properties.Role['Fn::GetAtt'][0] as string;
}

/** Every statement of the policies attached to a role (CDK's default policy and any other). */
export function roleStatements(template: Template, roleId: string): CfnJson[] {
  return Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }),
  ).flatMap((policy: CfnJson) => policy.Properties.PolicyDocument.Statement as CfnJson[]);
}

/**
 * A JSON string property, which CloudFormation may hold as an `Fn::Join` around tokens, parsed
 * back with each token rendered as `{{logicalId}}` or `{{logicalId.attribute}}`.
 */
export function parseJsonProperty(value: CfnJson): Record<string, CfnJson> {
  const render = (part: CfnJson): string => {
    if (typeof part === 'string') return part;
    if (part.Ref !== undefined) return `{{${part.Ref}}}`;
    if (part['Fn::GetAtt'] !== undefined)
      return `{{${(part['Fn::GetAtt'] as string[]).join('.')}}}`;
    if (part['Fn::Join'] !== undefined)
      return (part['Fn::Join'][1] as CfnJson[]).map(render).join('');
    throw new Error(`unexpected token ${JSON.stringify(part)}`);
  };
  return JSON.parse(render(value)) as Record<string, CfnJson>;
}

/** The responder's ANTIRELOU_SETTINGS, parsed back (tokens as `{{…}}`). */
export function responderSettings(template: Template): Record<string, CfnJson> {
  const fn = responderFunction(template).resource;
  return parseJsonProperty(fn.Properties.Environment.Variables.ANTIRELOU_SETTINGS);
}

/** The SDK calls of the `AwsCustomResource`s, parsed back (tokens as `{{…}}`). */
export function customResourceCalls(
  template: Template,
): { Create?: CfnJson; Update?: CfnJson; Delete?: CfnJson }[] {
  return Object.values(template.findResources('Custom::AWS')).map((resource: CfnJson) => {
    const calls: Record<string, CfnJson> = {};
    for (const phase of ['Create', 'Update', 'Delete']) {
      const call = resource.Properties[phase];
      if (call !== undefined) calls[phase] = parseJsonProperty(call);
    }
    return calls;
  });
}

/** The receipts function (sendVia "sms-voice", with receipts). */
export function receiptsFunction(template: Template): { id: string; resource: CfnJson } {
  return settingsFunction(template, 'antirelou receipts:');
}
