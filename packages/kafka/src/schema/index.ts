export {
  IncompatibleSchemaError,
  SchemaDecodeError,
  SchemaDefinitionError,
  SchemaEncodeError,
  SchemaRegistryError,
  SchemaRegistryUnavailableError,
  UnknownSchemaIdError,
} from './errors/index.js';
export type { SchemaErrorContext } from './errors/index.js';
export { recordFullName } from './SchemaDefinition.js';
export type {
  AvroField,
  AvroRecordSchema,
  AvroSchemaType,
  JsonSchemaDocument,
  SchemaDefinition,
} from './SchemaDefinition.js';
export {
  CONFLUENT_FRAME_HEADER_LENGTH,
  CONFLUENT_MAGIC_BYTE,
  decodeConfluentFrame,
  encodeConfluentFrame,
} from './wire/v0/confluentFrame.js';
export type { ConfluentFrame } from './wire/v0/confluentFrame.js';
export {
  recordNameStrategy,
  subjectNameStrategy,
  topicNameStrategy,
  topicRecordNameStrategy,
} from './subject/SubjectNameStrategy.js';
export type {
  SubjectNameContext,
  SubjectNameStrategy,
  SubjectNameStrategyName,
} from './subject/SubjectNameStrategy.js';
export { createSchemaRegistryClient } from './registry/SchemaRegistryClient.js';
export type {
  CompatibilityResult,
  DecodedRecord,
  SchemaRegistryClient,
  SchemaRegistryClientOptions,
} from './registry/SchemaRegistryClient.js';
export type { RegistryRequestEvent } from './registry/registryFetch.js';
export type { RegistryCredentials } from './registry/registryEndpoint.js';
export {
  createAvroSerializer,
  createJsonSchemaSerializer,
  createSchemaSerializer,
} from './serde/SchemaSerializer.js';
export type { SchemaSerializer, SchemaSerializerOptions } from './serde/SchemaSerializer.js';
export { createSchemaDeserializer } from './serde/SchemaDeserializer.js';
export type { SchemaDeserializer, SchemaDeserializerOptions } from './serde/SchemaDeserializer.js';
export { deserializingHandler } from './serde/deserializingHandler.js';
export type { DeserializedRecordHandler } from './serde/deserializingHandler.js';
