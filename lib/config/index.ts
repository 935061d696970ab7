export { ConfigError, loadConfigFile, parseConfig } from './load';
export { costReport, textCosts, toResponderSettings } from './resolve';
export type { AntirelouConfig, ConfigInput } from './schema';
export { configSchema } from './schema';
export { formatMicros, toMicros } from './money';
export { analyseText } from './sms-text';
