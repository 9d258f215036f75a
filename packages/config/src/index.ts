export { ConfigError } from './errors.js';
export type { ConfigProblem } from './errors.js';
export { loadConfig, loadConfigOrExit } from './loadConfig.js';
export type { EnvSchema } from './loadConfig.js';
export { env } from './env.js';
