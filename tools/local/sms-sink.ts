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
}

export class LocalSmsSink {
  readonly sent: SentSms[] = [];
  private readonly segmentsByBody = new Map<string, number>();
  /** Makes the next sends fail, to rehearse a refused destination. */
  failNext = 0;

  constructor(private readonly settings: ResponderSettings) {}

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
    this.sent.push({ to: sms.to, body: sms.body, segments, costMicros: segments * price, atMs });
    return { status: 'sent', messageId: `local-${this.sent.length}` };
  }
}
