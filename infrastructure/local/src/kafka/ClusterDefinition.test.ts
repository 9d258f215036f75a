import { ClusterConfigurationError } from '../errors.js';
import { newClusterId, validateClusterName } from './ClusterDefinition.js';

describe('newClusterId', () => {
  it('prints 16 random bytes the way Kafka Uuid does: 22 URL-safe base64 characters, never a leading "-"', () => {
    const ids = Array.from({ length: 500 }, () => newClusterId());
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('validateClusterName', () => {
  it('accepts folder-safe names and rejects the rest', () => {
    expect(validateClusterName('cluster3')).toBe('cluster3');
    expect(validateClusterName('it_3-brokers')).toBe('it_3-brokers');
    for (const bad of ['', '../x', '.hidden', 'a b', '-x']) {
      expect(() => validateClusterName(bad)).toThrow(ClusterConfigurationError);
    }
  });
});
