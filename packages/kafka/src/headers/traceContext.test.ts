import { HeaderValueError } from './HeaderValueError.js';
import { formatTraceparent, normalizeTracestate, parseTraceparent } from './traceContext.js';

// The examples of the W3C Trace Context recommendation.
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const VALID = `00-${TRACE_ID}-${SPAN_ID}-01`;

describe('parseTraceparent', () => {
  it('reads the spec example', () => {
    expect(parseTraceparent(VALID)).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 });
    expect(parseTraceparent(` ${VALID.replace(/01$/, '00')} `)).toMatchObject({ traceFlags: 0 });
  });

  it('reads the known fields of a later version, which may append its own after a dash', () => {
    expect(parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-09-what-the-future-adds`)).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: 9,
    });
    expect(parseTraceparent(`cc-${TRACE_ID}-${SPAN_ID}-09`)).toMatchObject({ traceFlags: 9 });
  });

  it.each([
    ['empty', ''],
    ['version ff', `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ['version 00 with extra fields', `${VALID}-extra`],
    ['later version glued to more text', `cc-${TRACE_ID}-${SPAN_ID}-01x`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
    ['all-zero span id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['uppercase hex', VALID.toUpperCase()],
    ['short trace id', `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
    ['non-hex flags', `00-${TRACE_ID}-${SPAN_ID}-0g`],
    ['missing flags', `00-${TRACE_ID}-${SPAN_ID}`],
    ['wrong separators', `00_${TRACE_ID}_${SPAN_ID}_01`],
  ])('ignores %s', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });
});

describe('formatTraceparent', () => {
  it('writes version 00 and round-trips', () => {
    const context = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 };
    expect(formatTraceparent(context)).toBe(VALID);
    expect(parseTraceparent(formatTraceparent({ ...context, traceFlags: 0xab }))).toEqual({
      ...context,
      traceFlags: 0xab,
    });
  });

  it.each([
    [{ traceId: 'abc', spanId: SPAN_ID, traceFlags: 1 }, /traceId/],
    [{ traceId: TRACE_ID, spanId: '0'.repeat(16), traceFlags: 1 }, /spanId/],
    [{ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 256 }, /traceFlags/],
  ])('refuses %j', (context, field) => {
    expect(() => formatTraceparent(context)).toThrow(HeaderValueError);
    expect(() => formatTraceparent(context)).toThrow(field);
  });
});

describe('normalizeTracestate', () => {
  it('joins the copies of the header into one list and drops blank members', () => {
    expect(normalizeTracestate(['rojo=00f067aa0ba902b7', ' , congo=t61rcWkgMzE'])).toBe(
      'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    );
    expect(normalizeTracestate(['tenant@vendor=x'])).toBe('tenant@vendor=x');
  });

  it.each([
    ['no members', ['', ' , ']],
    ['a member without =', ['rojo']],
    ['an uppercase key', ['Rojo=1']],
    ['a value with =', ['rojo=a=b']],
    ['a repeated key', ['rojo=1,congo=2', 'rojo=3']],
    ['more than 32 members', [Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(',')]],
  ])('discards a list with %s', (_, values) => {
    expect(normalizeTracestate(values)).toBeUndefined();
  });
});
