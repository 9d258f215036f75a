import { isRetriable } from '../../retry/isRetriable.js';
import { IncompatibleSchemaError } from '../errors/IncompatibleSchemaError.js';
import { SchemaDecodeError } from '../errors/SchemaDecodeError.js';
import { SchemaDefinitionError } from '../errors/SchemaDefinitionError.js';
import { SchemaEncodeError } from '../errors/SchemaEncodeError.js';
import { SchemaRegistryError } from '../errors/SchemaRegistryError.js';
import { SchemaRegistryUnavailableError } from '../errors/SchemaRegistryUnavailableError.js';
import { UnknownSchemaIdError } from '../errors/UnknownSchemaIdError.js';
import type { RegistryFailureContext } from './translateRegistryError.js';
import { translateRegistryError } from './translateRegistryError.js';

/** What mappersmith's error middleware rejects with: `<clientId> - <text>`, plus the HTTP status. */
function responseError(status: number, text: string): Error {
  return Object.assign(new Error(`streamforge - ${text}`), { name: 'ResponseError', status });
}

function libraryError(name: string, message: string, extra: object = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

const URL = 'http://***@registry:8081';
const at = (operation: RegistryFailureContext['operation'], extra: Partial<RegistryFailureContext> = {}) => ({
  displayUrl: URL,
  operation,
  ...extra,
});

describe('translateRegistryError', () => {
  it.each([
    ['a refused connection', responseError(400, 'Error, status 400: connect ECONNREFUSED 127.0.0.1:1')],
    ['a timeout', responseError(400, 'Error, status 400: Timeout (5000ms)')],
    ['an unknown host', responseError(400, 'Error, status 400: getaddrinfo ENOTFOUND registry')],
    ['a 503', responseError(503, 'Service Unavailable')],
    [
      'fetch refused',
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      }),
    ],
    ['fetch on a port it blocks', new TypeError('fetch failed', { cause: new Error('bad port') })],
    [
      'fetch timed out',
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
    ],
  ])('%s is a retriable SchemaRegistryUnavailableError naming the redacted URL', (_name, error) => {
    const translated = translateRegistryError(error, at('register', { subject: 's' }));
    expect(translated).toBeInstanceOf(SchemaRegistryUnavailableError);
    expect(isRetriable(translated)).toBe(true);
    expect((translated as SchemaRegistryUnavailableError).url).toBe(URL);
    expect((translated as Error).message).toContain(`schema registry ${URL} is unavailable`);
    expect((translated as Error).cause).toBe(error);
  });

  it('a 404 for a schema id is a non-retriable UnknownSchemaIdError, a decode error', () => {
    const translated = translateRegistryError(
      responseError(404, 'Schema 77 not found'),
      at('schema-by-id', { schemaId: 77 }),
    );
    expect(translated).toBeInstanceOf(UnknownSchemaIdError);
    expect(translated).toBeInstanceOf(SchemaDecodeError);
    expect((translated as UnknownSchemaIdError).schemaId).toBe(77);
    expect(isRetriable(translated)).toBe(false);
  });

  it('a 409 on register is an IncompatibleSchemaError carrying the registry message', () => {
    const translated = translateRegistryError(
      responseError(409, 'Schema being registered is incompatible with an earlier schema'),
      at('register', { subject: 'orders-value' }),
    );
    expect(translated).toBeInstanceOf(IncompatibleSchemaError);
    expect((translated as IncompatibleSchemaError).messages).toEqual([
      'Schema being registered is incompatible with an earlier schema',
    ]);
    expect((translated as IncompatibleSchemaError).subject).toBe('orders-value');
    expect(isRetriable(translated)).toBe(false);
  });

  it.each([
    [422, SchemaDefinitionError, 'SCHEMA_DEFINITION_INVALID'],
    [401, SchemaRegistryError, 'SCHEMA_REGISTRY_UNAUTHORIZED'],
    [403, SchemaRegistryError, 'SCHEMA_REGISTRY_UNAUTHORIZED'],
    [400, SchemaRegistryError, 'SCHEMA_REGISTRY_REQUEST_FAILED'],
  ])('HTTP %i is a non-retriable %p with code %s', (status, type, code) => {
    const translated = translateRegistryError(
      responseError(status, 'nope'),
      at('register', { subject: 's' }),
    );
    expect(translated).toBeInstanceOf(type);
    expect((translated as SchemaRegistryError).code).toBe(code);
    expect((translated as SchemaRegistryError).status).toBe(status);
    expect(isRetriable(translated)).toBe(false);
  });

  it('maps the library errors by name', () => {
    const validation = translateRegistryError(
      libraryError('ConfluentSchemaRegistryValidationError', 'invalid payload', {
        paths: [['amount'], ['items', '0']],
      }),
      at('register'),
    );
    expect(validation).toBeInstanceOf(SchemaEncodeError);
    expect((validation as SchemaEncodeError).paths).toEqual(['amount', 'items.0']);
    const mismatch = translateRegistryError(
      libraryError(
        'ConfluentSchemaRegistryCompatibilityError',
        'Compatibility does not match the configuration (BACKWARD != NONE)',
      ),
      at('register', { subject: 'orders-value' }),
    );
    expect(mismatch).toBeInstanceOf(SchemaDefinitionError);
    expect((mismatch as Error).message).toMatch(/subject "orders-value".*BACKWARD != NONE/);
  });

  it('returns programming errors and our own errors unchanged', () => {
    const bug = new TypeError('x is not a function');
    expect(translateRegistryError(bug, at('register'))).toBe(bug);
    const ours = new SchemaDecodeError('bad bytes');
    expect(translateRegistryError(ours, at('schema-by-id'))).toBe(ours);
  });
});
