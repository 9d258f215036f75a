export { SchemaRegistryError } from './SchemaRegistryError.js';
export type { SchemaErrorContext } from './SchemaRegistryError.js';
export { SchemaRegistryUnavailableError } from './SchemaRegistryUnavailableError.js';
export { SchemaDecodeError } from './SchemaDecodeError.js';
export { UnknownSchemaIdError } from './UnknownSchemaIdError.js';
export { IncompatibleSchemaError } from './IncompatibleSchemaError.js';
export { SchemaEncodeError } from './SchemaEncodeError.js';
export { SchemaDefinitionError } from './SchemaDefinitionError.js';
