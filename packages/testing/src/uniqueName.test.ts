import { uniqueName } from './uniqueName.js';

describe('uniqueName', () => {
  it('is unique, keeps the prefix and uses only characters Kafka allows', () => {
    const names = Array.from({ length: 1_000 }, () => uniqueName('orders topic/1'));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^orders-topic-1-[a-z0-9]+-[0-9a-f]{8}$/);
  });
});
