import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { STREAMFORGE_HEADERS } from './headerNames.js';
import { HeaderValueError } from './HeaderValueError.js';
import type { RecordHeaderFields, RecordOrigin } from './RecordHeaderFields.js';
import { formatTraceparent, normalizeTracestate } from './traceContext.js';
import { isOffset, isSchemaId } from './validHeaderValues.js';

const H = STREAMFORGE_HEADERS;
const ORIGIN_HEADERS = [H.originService, H.originHost, H.originTopic, H.originPartition, H.originOffset];

/**
 * A copy of `message` whose headers also carry `fields`; the message's other headers are kept. Each
 * field given replaces its headers as a whole: a new trace drops an old `tracestate` and a new origin
 * drops an old origin's topic, partition and offset, since a mix of two would point nowhere.
 * Throws HeaderValueError for a value that would not read back (see readHeaders).
 */
export function withHeaders<T extends Message | KafkaMessage>(
  message: T,
  fields: RecordHeaderFields,
): T & { headers: IHeaders } {
  const headers: IHeaders = { ...(message.headers ?? {}) };
  if (fields.eventId !== undefined) {
    if (fields.eventId.length === 0) throw new HeaderValueError(H.eventId, 'the event id is empty');
    headers[H.eventId] = fields.eventId;
  }
  if (fields.trace !== undefined) {
    headers[H.traceparent] = formatTraceparent(fields.trace);
    delete headers[H.tracestate];
    const { traceState } = fields.trace;
    if (traceState !== undefined && traceState.trim() !== '') {
      const normalized = normalizeTracestate([traceState]);
      if (normalized === undefined)
        throw new HeaderValueError(H.tracestate, `not a valid W3C tracestate: ${traceState}`);
      headers[H.tracestate] = normalized;
    }
  }
  if (fields.schemaId !== undefined) {
    if (!isSchemaId(fields.schemaId))
      throw new HeaderValueError(H.schemaId, `expected an integer in [0, 2^31), got ${fields.schemaId}`);
    headers[H.schemaId] = String(fields.schemaId);
  }
  if (fields.origin !== undefined) {
    for (const name of ORIGIN_HEADERS) delete headers[name];
    Object.assign(headers, originHeaders(fields.origin));
  }
  return { ...message, headers };
}

function originHeaders(origin: RecordOrigin): IHeaders {
  const { service, host, topic, partition, offset } = origin;
  if (service.length === 0) throw new HeaderValueError(H.originService, 'the service name is empty');
  if (host.length === 0) throw new HeaderValueError(H.originHost, 'the host name is empty');
  if (topic !== undefined && topic.length === 0)
    throw new HeaderValueError(H.originTopic, 'the topic is empty');
  if (partition !== undefined && !(Number.isInteger(partition) && partition >= 0))
    throw new HeaderValueError(H.originPartition, `expected a non-negative integer, got ${partition}`);
  if (offset !== undefined && !isOffset(offset))
    throw new HeaderValueError(H.originOffset, `expected a non-negative decimal offset, got ${offset}`);
  return {
    [H.originService]: service,
    [H.originHost]: host,
    ...(topic !== undefined ? { [H.originTopic]: topic } : {}),
    ...(partition !== undefined ? { [H.originPartition]: String(partition) } : {}),
    ...(offset !== undefined ? { [H.originOffset]: offset } : {}),
  };
}
