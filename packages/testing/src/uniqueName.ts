import { randomBytes } from 'node:crypto';

/**
 * A name no other test (in this run or an earlier one against the same long-lived cluster) has used:
 * `<prefix>-<time>-<random>`. Use it for topics, consumer groups, transactional ids and Redis key
 * prefixes, so that suites never see each other's data. Only characters Kafka allows in topic names.
 */
export function uniqueName(prefix: string): string {
  const safePrefix = prefix.replace(/[^a-zA-Z0-9._-]/g, '-').slice(0, 180) || 'test';
  return `${safePrefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}
