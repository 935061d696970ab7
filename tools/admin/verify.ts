/**
 * `verify [--stack NAME]`: after a deploy, is the stack wired and does it answer? The wiring
 * (number → topic → responder, alarms and who receives them, AWS's spend limit, the schedule
 * group), then one synthetic inbound message through the deployed responder, shown and undone.
 * Every item prints ok, FAIL with what to do, or skip with why it could not be checked.
 * Exit 0 all good, 1 when an item failed.
 */
import { writeAudit } from './audit';
import { AwsClients } from './aws-clients';
import { explainAwsError } from './aws-target';
import type { Check } from './checks';
import { printChecks, runCheck } from './checks';
import type { CommandContext } from './context';
import { actor } from './context';
import { AdminError } from './errors';
import type { StackOutputs } from './stack-outputs';
import { readStackOutputs } from './stack-outputs';
import { alarmReceiversCheck, alarmsCheck } from './verify-alarms';
import type { EndToEndRecord } from './verify-e2e';
import { endToEnd } from './verify-e2e';
import {
  deployedSpendCheck,
  scheduleGroupCheck,
  subscriptionCheck,
  twoWayCheck,
} from './verify-wiring';

async function wiringChecks(
  context: CommandContext,
  clients: AwsClients,
  outputs: StackOutputs,
): Promise<Check[]> {
  const { options } = context;
  const settings = await context.target.settings();
  const steps: [string, () => Promise<Check | Check[]>][] = [
    ['number two-way', () => twoWayCheck(clients, outputs, settings)],
    ['topic subscription', () => subscriptionCheck(clients, outputs, settings)],
    ['alarms', () => alarmsCheck(clients, options.stack, outputs)],
    ['alarm receivers', () => alarmReceiversCheck(clients, outputs)],
    ['SMS spend limit', () => deployedSpendCheck(clients, settings)],
    ['schedule group', () => scheduleGroupCheck(clients, outputs, settings)],
  ];
  const checks: Check[] = [];
  for (const [item, run] of steps) checks.push(...(await runCheck(item, options, run)));
  return checks;
}

/** Records the test in the audit trail; a refusal is said, not fatal (the test is undone). */
async function audit(context: CommandContext, record: EndToEndRecord): Promise<void> {
  try {
    await writeAudit(context.target, await actor(context), {
      command: 'verify',
      args: { sender: record.sender, inboundId: record.inboundId },
      before: null,
      after: { outcome: record.outcome },
    });
  } catch (error) {
    const why =
      error instanceof AdminError
        ? error.message
        : (explainAwsError(error, context.options)?.message ?? String(error));
    context.warn(`warning: the audit record of this test could not be written: ${why}`);
  }
}

/** Checks the deployed stack and runs one message end to end. */
export async function verify(context: CommandContext): Promise<void> {
  const { options, target } = context;
  const clients = new AwsClients(options);
  try {
    let outputs: StackOutputs;
    try {
      outputs = await readStackOutputs(clients, options.stack);
    } catch (error) {
      throw explainAwsError(error, options) ?? error;
    }
    const checks = await wiringChecks(context, clients, outputs);
    let record: EndToEndRecord | undefined;
    checks.push(
      ...(await runCheck('end to end', options, async () => {
        const result = await endToEnd(context, clients, outputs);
        record = result.record;
        return result.checks;
      })),
    );
    context.print(`antirelou verify of ${target.label}:`);
    const { failed } = printChecks(checks, context.print, 'FAIL');
    if (record !== undefined) await audit(context, record);
    if (failed > 0) throw new AdminError(`verify: ${failed} item(s) failed (listed above)`);
    context.print(
      'all good: the stack is wired and answered the test message (text the number from a phone for the last leg)',
    );
  } finally {
    clients.destroy();
  }
}
