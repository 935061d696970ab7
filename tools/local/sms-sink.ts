/**
 * Local mode's SMS "network": records what would have been sent, to whom, in how many
 * segments and at what price, instead of sending it. Segments are counted again here, with
 * the segment calculator, so the report does not just repeat the responder's own figures.
 */
import type { OutboundSms, SendResult, SmsGateway } from '../../lambda/adapters/sms-gateway';
import { checkSenderNumber } from '../../lambda/domain/phone';
import type { ResponderSettings } from '../../lambda/domain/types';
import { analyseText } from '../../lib/config/sms-text';

export interface SentSms {
  readonly to: string;
  readonly body: string;
  readonly segments: number;
  readonly costMicros: number;
  readonly atMs: number;
  /** When its money was reserved, if earlier than the send (safety delay). */
  readonly reservedAtMs?: number;
  /** The id the "service" gave it (receipts name it), unique in the replay. */
  readonly messageId: string;
  /** Its receipt tag (`OutboundSms.tag`), when replies are tagged. */
  readonly tag?: string;
}

/** How a sink names its messages and who hears of each one sent. */
export interface SinkOptions {
  /** The start of its message ids, unique to the sink and the run (default `local`). */
  readonly idPrefix?: string;
  /** Called with each SMS sent (the receipts planner). */
  readonly onSent?: (sms: SentSms) => void;
}

export class LocalSmsSink {
  readonly sent: SentSms[] = [];
  private readonly segmentsByBody = new Map<string, number>();
  /** Makes the next sends fail, to rehearse a refused destination. */
  failNext = 0;

  private count = 0;

  constructor(
    private readonly settings: ResponderSettings,
    private readonly options: SinkOptions = {},
  ) {}

  /** The sender one simulated Lambda container uses; `clock` is that container's time. */
  gatewayFor(clock: () => number): SmsGateway {
    return { send: (sms) => this.record(sms, clock()) };
  }

  private async record(sms: OutboundSms, atMs: number): Promise<SendResult> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      return { status: 'rejected', error: 'LocalSink: refused on request' };
    }
    let segments = this.segmentsByBody.get(sms.body);
    if (segments === undefined) {
      segments = analyseText(sms.body).segments;
      this.segmentsByBody.set(sms.body, segments);
    }
    const check = checkSenderNumber(sms.to);
    const country = check.ok ? check.country : undefined;
    const price = country === undefined ? 0 : (this.settings.segmentPriceMicros[country] ?? 0);
    this.count += 1;
    const messageId = `${this.options.idPrefix ?? 'local'}-${this.count}`;
    const sent: SentSms = {
      to: sms.to,
      body: sms.body,
      segments,
      costMicros: segments * price,
      atMs,
      messageId,
      ...(sms.tag === undefined ? {} : { tag: sms.tag }),
    };
    this.sent.push(sent);
    this.options.onSent?.(sent);
    return { status: 'sent', messageId };
  }
}
