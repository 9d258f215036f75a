import type { IHeaders } from 'kafkajs';
import { headerValues, lastHeaderValue } from './headerValue.js';
import { STREAMFORGE_HEADERS } from './headerNames.js';
import type { RecordHeaderFields, RecordOrigin } from './RecordHeaderFields.js';
import type { TraceContext } from './traceContext.js';
import { normalizeTracestate, parseTraceparent } from './traceContext.js';
import { isOffset, isSchemaId } from './validHeaderValues.js';

const H = STREAMFORGE_HEADERS;

/**
 * The StreamForge headers of a record, as kafkajs hands them over (Buffer, string, arrays of either,
 * or nothing). Never throws: a missing or malformed header is simply absent from the result, so a
 * record with a bad trace id is still processed, in a new trace. A header set more than once is read
 * as its last value, like the Java client's `lastHeader`, except `traceparent`, whose spec counts
 * conflicting copies as invalid, and `tracestate`, whose copies are one list.
 */
export function readHeaders(headers: IHeaders | undefined): RecordHeaderFields {
  const fields: RecordHeaderFields = {};
  const eventId = lastHeaderValue(headers, H.eventId);
  if (eventId) fields.eventId = eventId;
  const trace = readTrace(headers);
  if (trace) fields.trace = trace;
  const schemaId = readInteger(lastHeaderValue(headers, H.schemaId));
  if (schemaId !== undefined && isSchemaId(schemaId)) fields.schemaId = schemaId;
  const origin = readOrigin(headers);
  if (origin) fields.origin = origin;
  return fields;
}

function readTrace(headers: IHeaders | undefined): TraceContext | undefined {
  const parents = new Set(headerValues(headers, H.traceparent).map((value) => value.trim()));
  const [only] = parents;
  if (parents.size !== 1 || only === undefined) return undefined;
  const parent = parseTraceparent(only);
  // The spec: no tracestate without a valid traceparent.
  if (!parent) return undefined;
  const traceState = normalizeTracestate(headerValues(headers, H.tracestate));
  return traceState === undefined ? parent : { ...parent, traceState };
}

function readOrigin(headers: IHeaders | undefined): RecordOrigin | undefined {
  const service = lastHeaderValue(headers, H.originService);
  const host = lastHeaderValue(headers, H.originHost);
  if (!service || !host) return undefined;
  const origin: RecordOrigin = { service, host };
  const topic = lastHeaderValue(headers, H.originTopic);
  if (topic) origin.topic = topic;
  const partition = readInteger(lastHeaderValue(headers, H.originPartition));
  if (partition !== undefined && partition >= 0) origin.partition = partition;
  const offset = lastHeaderValue(headers, H.originOffset);
  if (offset !== undefined && isOffset(offset)) origin.offset = offset;
  return origin;
}

function readInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^(0|-?[1-9][0-9]{0,15})$/.test(text)) return undefined;
  return Number(text);
}
