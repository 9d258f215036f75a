import { InfrastructureUnavailableError } from '../errors.js';
import { dockerAnswers } from './dockerAnswers.js';

export const INFRA_MODE_ENV = 'STREAMFORGE_INFRA';

/** How infrastructure is provided when no KAFKA_BROKERS / REDIS_URL / DATABASE_URL says where it is. */
export type InfrastructureMode = 'containers' | 'local';

let detected: Promise<InfrastructureMode> | undefined;

/**
 * STREAMFORGE_INFRA=containers or =local forces a mode; otherwise Testcontainers when a Docker API
 * answers, the no-Docker local launcher when not. Asked once per process.
 */
export function infrastructureMode(): Promise<InfrastructureMode> {
  const forced = process.env[INFRA_MODE_ENV];
  if (forced === 'containers' || forced === 'local') return Promise.resolve(forced);
  if (forced !== undefined && forced !== '' && forced !== 'auto') {
    return Promise.reject(
      new InfrastructureUnavailableError(
        `${INFRA_MODE_ENV} must be "containers", "local" or "auto", not "${forced}"`,
      ),
    );
  }
  detected ??= dockerAnswers().then((answers) => (answers ? 'containers' : 'local'));
  return detected;
}
