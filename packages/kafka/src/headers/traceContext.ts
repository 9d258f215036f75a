import { HeaderValueError } from './HeaderValueError.js';

/**
 * The W3C Trace Context of a record (https://www.w3.org/TR/trace-context/): the fields of
 * OpenTelemetry's SpanContext, with `traceState` kept as its header text so that this package needs
 * no tracing library; telemetry turns it into OpenTelemetry's TraceState.
 */
export interface TraceContext {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** The producing span's id: 16 lowercase hex digits, not all zero. */
  spanId: string;
  /** 8 bits; bit 0 (0x01) is "sampled". */
  traceFlags: number;
  /** The `tracestate` list, when there is one. */
  traceState?: string;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const HEX_BYTE = /^[0-9a-f]{2}$/;
/** Version 00 is exactly 55 characters; a later version may append fields after another '-'. */
const VERSION_00_LENGTH = 55;
const MAX_TRACESTATE_MEMBERS = 32;
const TRACESTATE_KEY =
  /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$/;
/** Printable ASCII except ',' and '=', not ending in a space. */
const TRACESTATE_VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * The trace context in a `traceparent` value, or undefined if it is not a valid one: the spec says a
 * receiver that cannot parse it starts a new trace, so a bad header must never fail the record.
 */
export function parseTraceparent(value: string): Omit<TraceContext, 'traceState'> | undefined {
  const text = value.trim();
  const [version, traceId, spanId, flags] = text.slice(0, VERSION_00_LENGTH).split('-');
  if (version === undefined || !HEX_BYTE.test(version) || version === 'ff') return undefined;
  if (
    version === '00'
      ? text.length !== VERSION_00_LENGTH
      : text.length > VERSION_00_LENGTH && text[VERSION_00_LENGTH] !== '-'
  )
    return undefined;
  if (!isTraceId(traceId) || !isSpanId(spanId) || flags === undefined || !HEX_BYTE.test(flags))
    return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) };
}

/** The version 00 `traceparent` of a context; throws a HeaderValueError naming the bad field otherwise. */
export function formatTraceparent(context: Omit<TraceContext, 'traceState'>): string {
  const { traceId, spanId, traceFlags } = context;
  if (!isTraceId(traceId))
    throw new HeaderValueError(
      'traceparent',
      `traceId must be 32 lowercase hex digits, not all zero: ${traceId}`,
    );
  if (!isSpanId(spanId))
    throw new HeaderValueError(
      'traceparent',
      `spanId must be 16 lowercase hex digits, not all zero: ${spanId}`,
    );
  if (!Number.isInteger(traceFlags) || traceFlags < 0 || traceFlags > 0xff)
    throw new HeaderValueError('traceparent', `traceFlags must be an integer in [0, 255]: ${traceFlags}`);
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

/**
 * The `tracestate` list joined from its header values (the spec lets it be split over several) with
 * blank members dropped, or undefined if any member is malformed, a key repeats, or there are more
 * than 32: the spec lets a receiver discard a tracestate it cannot parse, and keeping part of one
 * would hand a vendor entries it did not write.
 */
export function normalizeTracestate(values: readonly string[]): string | undefined {
  const members = values
    .flatMap((value) => value.split(','))
    .map((member) => member.trim())
    .filter((member) => member.length > 0);
  if (members.length === 0 || members.length > MAX_TRACESTATE_MEMBERS) return undefined;
  const keys = new Set<string>();
  for (const member of members) {
    const separator = member.indexOf('=');
    const key = member.slice(0, separator);
    if (separator < 0 || !TRACESTATE_KEY.test(key) || !TRACESTATE_VALUE.test(member.slice(separator + 1)))
      return undefined;
    if (keys.has(key)) return undefined;
    keys.add(key);
  }
  return members.join(',');
}

function isTraceId(value: string | undefined): value is string {
  return value !== undefined && TRACE_ID.test(value) && !/^0+$/.test(value);
}

function isSpanId(value: string | undefined): value is string {
  return value !== undefined && SPAN_ID.test(value) && !/^0+$/.test(value);
}
