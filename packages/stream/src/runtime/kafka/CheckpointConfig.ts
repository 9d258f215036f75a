import { StreamError } from '../../errors.js';

/**
 * The reference spec's checkpoint settings, mapped onto the changelog design. Every commit is already a
 * consistent point (outputs, input offsets and state changes in one Kafka transaction); a checkpoint is
 * the materialised state written to Redis with the changelog offset it reflects, so that recovery
 * replays only the changelog after it.
 */
export interface CheckpointConfig {
  /** How often each partition's state changes are written to Redis (ms). */
  intervalMs: number;
  /** A Redis write not answered within this is given up; its changes go into the next one (ms). */
  timeoutMs: number;
  /** The least time between the end of a partition's checkpoint and the start of its next (ms). */
  minPauseMs: number;
  /** How many partitions' checkpoints may be written to Redis at once, per runtime instance. */
  maxConcurrent: number;
  backend: 'redis';
}

export const DEFAULT_CHECKPOINT_CONFIG: CheckpointConfig = {
  intervalMs: 10_000,
  timeoutMs: 60_000,
  minPauseMs: 0,
  maxConcurrent: 1,
  backend: 'redis',
};

/** The settings with defaults filled in; a bad value fails with CHECKPOINT_CONFIG_INVALID naming it. */
export function checkpointConfig(partial: Partial<CheckpointConfig> = {}): CheckpointConfig {
  const config = { ...DEFAULT_CHECKPOINT_CONFIG, ...partial };
  const fail = (field: string, message: string) =>
    new StreamError(`checkpoint.${field} ${message}`, {
      code: 'CHECKPOINT_CONFIG_INVALID',
      retriable: false,
    });
  for (const field of ['intervalMs', 'timeoutMs'] as const) {
    if (!Number.isFinite(config[field]) || config[field] <= 0) throw fail(field, 'must be a positive number');
  }
  if (!Number.isFinite(config.minPauseMs) || config.minPauseMs < 0) {
    throw fail('minPauseMs', 'must be zero or more');
  }
  if (!Number.isInteger(config.maxConcurrent) || config.maxConcurrent < 1) {
    throw fail('maxConcurrent', 'must be a positive integer');
  }
  if (config.backend !== 'redis') throw fail('backend', `must be 'redis', got ${String(config.backend)}`);
  return config;
}
