/**
 * The texts in force for `status`: for each allowed country, the reply and the HELP text, where
 * each comes from (the config, or `reply set` on the control item) and what it costs, priced
 * as the responder prices it (the control item's texts recounted).
 */
import { costMicros } from '../../lambda/domain/policy';
import type { ControlState, ResponderSettings } from '../../lambda/domain/types';
import { textInForceFor } from './reply-pricing';

/** One text in force. */
export interface TextStatus {
  readonly text: 'reply' | 'help';
  readonly country: string;
  readonly source: 'config' | 'reply set';
  readonly body: string;
  readonly encoding: 'GSM-7' | 'UCS-2';
  readonly segments: number;
  /** Null when the config has no price for the country. */
  readonly costMicros: number | null;
}

/**
 * The reply and HELP texts in force in each allowed country, priced as a reservation at `nowMs`
 * counts them (with receipts, at the learned price when it is in force).
 */
export function textsInForce(
  settings: ResponderSettings,
  control: ControlState,
  nowMs: number,
): TextStatus[] {
  return (['reply', 'help'] as const).flatMap((kind) =>
    settings.allowedCountries.map((country) => {
      const { text, source } = textInForceFor({ kind }, country, settings, control);
      return {
        text: kind,
        country,
        source,
        body: text.body,
        encoding: text.encoding,
        segments: text.segments,
        costMicros: costMicros(text, country, settings, { control, nowMs }) ?? null,
      };
    }),
  );
}
