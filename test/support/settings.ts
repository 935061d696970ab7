import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import type { ResponderSettings } from '../../lambda/domain/types';
import { OUR_NUMBER, TEST_TOPIC_ARN } from './events';

/** A config for tests: the defaults, our test number, and whatever the test overrides. */
export function testConfigInput(overrides: Partial<ConfigInput> = {}): ConfigInput {
  return {
    originationNumber: OUR_NUMBER,
    number: { mode: 'create', isoCountryCode: 'FR' },
    ...overrides,
  };
}

/**
 * Responder settings for tests. Replies go out at once unless the test asks for a `replyDelay`
 * (the delay's own tests do): the decision is the same either way, and most tests are about it.
 */
export function testSettings(overrides: Partial<ConfigInput> = {}): ResponderSettings {
  return toResponderSettings(
    parseConfig(testConfigInput({ replyDelay: 0, ...overrides }), 'test'),
    TEST_TOPIC_ARN,
  );
}
