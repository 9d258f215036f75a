import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';
import type { SchemaDefinition } from '../SchemaDefinition.js';
import { recordFullName } from '../SchemaDefinition.js';
import {
  recordNameStrategy,
  subjectNameStrategy,
  topicNameStrategy,
  topicRecordNameStrategy,
} from './SubjectNameStrategy.js';

const avro = (name: string, namespace?: string): SchemaDefinition => ({
  type: 'AVRO',
  schema: { type: 'record', name, ...(namespace !== undefined ? { namespace } : {}), fields: [] },
});
const json = (title?: string): SchemaDefinition => ({
  type: 'JSON',
  schema: { type: 'object', ...(title !== undefined ? { title } : {}) },
});

describe('recordFullName', () => {
  it.each([
    ['namespace + name', avro('Order', 'com.acme'), 'com.acme.Order'],
    ['a name without namespace', avro('Order'), 'Order'],
    [
      'a dotted name, whose namespace is ignored (Avro spec)',
      avro('org.other.Order', 'com.acme'),
      'org.other.Order',
    ],
    ['an empty namespace', avro('Order', ''), 'Order'],
    ['a JSON Schema title', json('com.acme.Order'), 'com.acme.Order'],
    ['a JSON Schema without title', json(), undefined],
  ])('%s', (_name, definition, expected) => {
    expect(recordFullName(definition)).toBe(expected);
  });
});

describe('subject name strategies', () => {
  const context = (recordName?: string, isKey = false) => ({ topic: 'orders.v1', isKey, recordName });

  it('topic: <topic>-value for values, <topic>-key for keys, whatever the record', () => {
    expect(topicNameStrategy(context('com.acme.Order'))).toBe('orders.v1-value');
    expect(topicNameStrategy(context(undefined))).toBe('orders.v1-value');
    expect(topicNameStrategy(context('com.acme.OrderKey', true))).toBe('orders.v1-key');
  });

  it('record: the record full name, the same on every topic and for keys', () => {
    expect(recordNameStrategy(context('com.acme.Order'))).toBe('com.acme.Order');
    expect(recordNameStrategy({ ...context('com.acme.Order'), topic: 'other' })).toBe('com.acme.Order');
    expect(recordNameStrategy(context('com.acme.Order', true))).toBe('com.acme.Order');
  });

  it('topic-record: <topic>-<record full name>', () => {
    expect(topicRecordNameStrategy(context('com.acme.Order'))).toBe('orders.v1-com.acme.Order');
  });

  it.each([recordNameStrategy, topicRecordNameStrategy])(
    'a record strategy without a record name fails with a SchemaDefinitionError naming the topic',
    (strategy) => {
      expect(() => strategy(context(undefined))).toThrow(SchemaDefinitionError);
      expect(() => strategy(context(''))).toThrow(/needs a record name.*"orders\.v1"/);
    },
  );

  it('resolves the names and passes a custom function through', () => {
    expect(subjectNameStrategy('topic')).toBe(topicNameStrategy);
    expect(subjectNameStrategy('record')).toBe(recordNameStrategy);
    expect(subjectNameStrategy('topic-record')).toBe(topicRecordNameStrategy);
    const custom = () => 'fixed';
    expect(subjectNameStrategy(custom)).toBe(custom);
    expect(() => subjectNameStrategy('topicname' as 'topic')).toThrow(
      /unknown subject name strategy "topicname"/,
    );
  });
});
