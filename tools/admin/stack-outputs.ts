/**
 * Every output of the deployed stack (`StackOutput` in `lib/antirelou-stack.ts`), for `verify`,
 * which needs more of them than the other commands (`aws-target.ts` reads only the three those
 * need). CloudFormation DescribeStacks.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { StackOutput } from '../../lib/antirelou-stack';
import type { AwsClients } from './aws-clients';
import { AdminError } from './errors';

/** The outputs by key; absent keys are outputs this stack does not have (no delay, older). */
export type StackOutputs = Partial<Record<keyof typeof StackOutput, string>>;

/** Reads the stack's outputs. */
export async function readStackOutputs(clients: AwsClients, stack: string): Promise<StackOutputs> {
  const answer = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
  const found = answer.Stacks?.[0];
  if (found === undefined) throw new AdminError(`stack ${stack} not found: check --stack`);
  const outputs: Record<string, string> = {};
  for (const output of found.Outputs ?? []) {
    if (output.OutputKey && output.OutputValue) outputs[output.OutputKey] = output.OutputValue;
  }
  return outputs as StackOutputs;
}

/** The output, or an error naming it (a stack deployed before it existed: redeploy). */
export function requireOutput(outputs: StackOutputs, key: keyof typeof StackOutput): string {
  const value = outputs[key];
  if (value === undefined) {
    throw new AdminError(
      `the stack has no ${key} output: deploy the current version (npx cdk deploy)`,
    );
  }
  return value;
}
