/**
 * Segment counting for the reply texts, with Twilio's maintained segment calculator
 * (`sms-segments-calculator`). Done once, when the config is resolved: the Lambda receives
 * the counts and does not bundle the calculator.
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import type { SmsText } from '../../lambda/domain/types';

/** A text's encoding and segments, and what a GSM-7 rewrite of it would give. */
export interface TextAnalysis extends SmsText {
  /** Characters that force UCS-2. */
  readonly nonGsmCharacters: readonly string[];
  /**
   * When the text is UCS-2 only because of characters with a GSM-7 look-alike (’ “ ” … «),
   * the segments it would take with those replaced; otherwise undefined.
   */
  readonly gsmEquivalentSegments: number | undefined;
}

export function analyseText(body: string): TextAnalysis {
  const message = new SegmentedMessage(body, 'auto', false);
  const encoding = message.encodingName;
  const nonGsmCharacters = [...new Set(message.getNonGsmCharacters())];
  let gsmEquivalentSegments: number | undefined;
  if (encoding === 'UCS-2') {
    const smart = new SegmentedMessage(body, 'auto', true);
    if (smart.encodingName === 'GSM-7') gsmEquivalentSegments = smart.segmentsCount;
  }
  return {
    body,
    encoding,
    segments: message.segmentsCount,
    nonGsmCharacters,
    gsmEquivalentSegments,
  };
}

/** Only the part the responder needs. */
export function toSmsText(analysis: TextAnalysis): SmsText {
  return { body: analysis.body, encoding: analysis.encoding, segments: analysis.segments };
}
