/**
 * Defaults and limits of the config fields that only the stack uses (how replies are sent, the
 * number's keyword messages, alarm thresholds). Kept apart from `defaults.ts`, which holds the
 * responder's texts and prices.
 */

/** The ways the responder can send a reply (see `lambda/adapters/`). */
export const SEND_VIA = ['sns', 'sms-voice'] as const;
export type SendVia = (typeof SEND_VIA)[number];

/**
 * The STOP message CloudFormation requires on a created number. AWS does not send it while
 * opt-outs are self-managed (the stack's setting): the responder records STOP and stays silent.
 */
export const DEFAULT_STOP_MESSAGE =
  'antirelou: vous ne recevrez plus de SMS de ce numéro. Envoyez START pour annuler.';

/** End User Messaging SMS accepts keyword messages of up to 1,600 characters. */
export const KEYWORD_MESSAGE_MAX_CHARS = 1600;

/**
 * Inbound SMS per minute that mean a flood. In 2017 the launch brought about 3,000 messages in
 * the first hours (10 to 25 a minute) and the raid more than 20,000 in under 6 hours (about 60
 * to 85 a minute on average, with bursts far above): 60 a minute, sustained, is raid territory.
 */
export const DEFAULT_FLOOD_INBOUND_PER_MINUTE = 60;

/**
 * Memory of both functions (responder and dispatcher), MB: they are I/O bound; below 256,
 * arm64 cold starts get noticeably slower. `npm run bench` prices this value.
 */
export const FUNCTION_MEMORY_MB = 256;
