/**
 * The responder: for each inbound SMS, a short pipeline of named steps —
 * parse → count flood → keyword (STOP/START) → screen abuse → plan → canned text → claim →
 * reserve → dispatch.
 * Each step returns the message's outcome or what the next step needs. Everything it touches
 * is injected, so the Lambda, the tests, the simulator and the bench run this same code with
 * different clients and clocks (the composition root, `lambda/compose/`, wires it for the Lambda,
 * the tests and local mode).
 */
import { ControlCache } from '../control-cache';
import { parseRecord } from '../domain/inbound';
import { classifyIntent } from '../domain/keywords';
import { maskNumber } from '../domain/phone';
import type { Outcome } from '../domain/types';
import { FloodDetector } from '../flood';
import type { RecordContext } from '../telemetry';
import { screenAbuse } from './abuse-step';
import { screenCannedText } from './canned-text-step';
import { claimStep } from './claim-step';
import type { InboundMessage, Responder, ResponderContext, ResponderDeps } from './context';
import { DAY_SECONDS, dropped, evidenceSecondsOf, MS_PER_SECOND, toSeconds } from './context';
import { dispatchStep } from './dispatch-step';
import { answerKeyword } from './keyword-step';
import { ContainerMemory } from './memory';
import { planStep } from './plan-step';
import { reserveStep } from './reserve-step';

export type { EvidenceSink, Responder, ResponderDeps, ResponderResult } from './context';
export { PERSISTENT_STATE_SECONDS } from './context';

/** Builds the responder from its dependencies. */
export function createResponder(deps: ResponderDeps): Responder {
  const ctx = responderContext(deps);
  const { telemetry } = deps;
  return async (event) => {
    const records: unknown[] = Array.isArray(event?.Records) ? event.Records : [];
    const outcomes: Outcome[] = [];
    let failure: unknown;
    for (const record of records) {
      telemetry.inbound();
      const log: { context: RecordContext } = { context: {} };
      try {
        const outcome = await handleRecord(ctx, record, log);
        outcomes.push(outcome);
        telemetry.outcome(outcome, log.context);
      } catch (error) {
        // State could not be read or written: nothing was sent; Lambda retries the record.
        telemetry.error('record failed, will be retried', error, log.context);
        failure ??= error;
      }
    }
    telemetry.flush();
    if (failure !== undefined) throw failure;
    return { outcomes };
  };
}

/** Checks that the dependencies match the settings, and builds the container's state. */
function responderContext(deps: ResponderDeps): ResponderContext {
  const { settings, items, telemetry } = deps;
  if (settings.abuse && !deps.evidence) throw new Error('abuse flagging needs an evidence store');
  if (settings.abuse?.contentFlagging && !deps.assessBody) {
    throw new Error('content flagging needs the abuse matcher (assessBody)');
  }
  if (settings.replyDelay && (!deps.scheduler || !deps.seal)) {
    throw new Error('a reply delay needs a scheduler and a seal');
  }
  return {
    deps,
    settings,
    memory: new ContainerMemory(),
    controls: new ControlCache(items.control, settings.controlCacheSeconds * MS_PER_SECOND),
    flood: settings.raid ? new FloodDetector(settings.raid, items, telemetry) : undefined,
    windowMs: settings.senderWindowSeconds * MS_PER_SECOND,
    evidenceSeconds: evidenceSecondsOf(settings),
  };
}

/** One record through the steps. */
async function handleRecord(
  ctx: ResponderContext,
  record: unknown,
  log: { context: RecordContext },
): Promise<Outcome> {
  const parsed = parseRecord(record, ctx.settings);
  if (!parsed.ok) {
    log.context = { detail: parsed.detail };
    return dropped(parsed.reason);
  }
  const msg = inboundMessage(ctx, parsed.sms);
  log.context = msg.context;
  await countFlood(ctx, msg);
  const answered = (await answerKeyword(ctx, msg)) ?? (await screenAbuse(ctx, msg));
  if (answered) return answered;
  const planned = await planStep(ctx, msg);
  if ('outcome' in planned) return planned.outcome;
  const canned = await screenCannedText(ctx, msg);
  if (canned) return canned;
  const claimed = await claimStep(ctx, msg, planned.next);
  if ('outcome' in claimed) return claimed.outcome;
  const reserved = await reserveStep(ctx, msg, planned.next, claimed.next);
  if ('outcome' in reserved) return reserved.outcome;
  return dispatchStep(ctx, msg, planned.next, claimed.next, reserved.next);
}

function inboundMessage(ctx: ResponderContext, sms: InboundMessage['sms']): InboundMessage {
  const nowMs = ctx.deps.clock();
  const key = ctx.deps.senderKey(sms.from);
  const id = sms.inboundMessageId;
  return {
    sms,
    nowMs,
    key,
    id,
    intent: classifyIntent(sms.body, sms.keyword),
    windowExpirySeconds: toSeconds(nowMs + ctx.windowMs) + DAY_SECONDS,
    context: { inboundMessageId: id, sender: maskNumber(sms.from), senderRef: key.slice(0, 12) },
  };
}

/** Flood detection counts every valid inbound message, whatever happens to it next. */
async function countFlood(ctx: ResponderContext, msg: InboundMessage): Promise<void> {
  if (!ctx.flood) return;
  const change = await ctx.flood.count(msg.nowMs, await ctx.controls.get(msg.nowMs));
  if (change) ctx.controls.invalidate();
}
