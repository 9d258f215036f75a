import type {
  AvroRecordSchema,
  JsonSchemaDocument,
  RegistryRequestEvent,
  SchemaRegistryClient,
} from '@streamforge/kafka';
import { createSchemaRegistryClient } from '@streamforge/kafka';
import { startSchemaRegistry, uniqueName } from '@streamforge/testing';

/**
 * Schemas for the registry suites. Every suite gets its own namespace, so record-named subjects never
 * collide with another run's on the long-lived shared registry.
 */
export function userSchemas(namespace: string) {
  const v1: AvroRecordSchema = {
    type: 'record',
    name: 'User',
    namespace,
    fields: [
      { name: 'id', type: 'string' },
      { name: 'name', type: 'string' },
    ],
  };
  /** v1 plus a field with a default: backward compatible (a v2 reader fills it in for v1 records). */
  const v2: AvroRecordSchema = { ...v1, fields: [...v1.fields, { name: 'age', type: 'int', default: -1 }] };
  /** `id` changed from string to int: no reader of one can read the other, under any level. */
  const incompatible: AvroRecordSchema = {
    ...v1,
    fields: [
      { name: 'id', type: 'int' },
      { name: 'name', type: 'string' },
    ],
  };
  return { v1, v2, incompatible };
}

export function orderJsonSchema(title: string): JsonSchemaDocument {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    type: 'object',
    properties: {
      orderId: { type: 'string' },
      amount: { type: 'number', minimum: 0 },
      items: { type: 'array', items: { type: 'string' } },
    },
    required: ['orderId', 'amount'],
    additionalProperties: false,
  };
}

export function uniqueNamespace(prefix: string): string {
  return uniqueName(prefix).replace(/[^a-zA-Z0-9]/g, '_');
}

/** A client on the shared test registry that records every request it sends. */
export async function countingRegistryClient(): Promise<{
  registry: SchemaRegistryClient;
  requests: RegistryRequestEvent[];
  url: string;
}> {
  const { url } = await startSchemaRegistry();
  const requests: RegistryRequestEvent[] = [];
  const registry = createSchemaRegistryClient({ url, onRequest: (request) => requests.push(request) });
  return { registry, requests, url };
}

/** GET a path of the registry API as JSON; credentials in `url` become basic auth, as fetch refuses them in URLs. */
export async function registryGetJson(url: string, path: string): Promise<unknown> {
  const base = new URL(url);
  const headers: Record<string, string> = {};
  if (base.username || base.password) {
    const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const response = await fetch(`${base.toString().replace(/\/+$/, '')}${path}`, { headers });
  return response.json();
}
