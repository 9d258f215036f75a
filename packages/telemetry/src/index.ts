export { createLogger, redactUrl } from './logging/createLogger.js';
export type { Logger, LoggerOptions } from './logging/createLogger.js';
export { createMetricsRegistry } from './metrics/createMetricsRegistry.js';
export { observabilityRouter } from './http/observabilityRouter.js';
export type { ReadinessCheck } from './http/observabilityRouter.js';
export { onShutdown } from './lifecycle/gracefulShutdown.js';
export type { ShutdownOptions } from './lifecycle/gracefulShutdown.js';
