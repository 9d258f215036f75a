export { STREAMFORGE_HEADERS } from './headerNames.js';
export { HeaderValueError } from './HeaderValueError.js';
export { readHeaders } from './readHeaders.js';
export type { RecordHeaderFields, RecordOrigin } from './RecordHeaderFields.js';
export type { TraceContext } from './traceContext.js';
export { withHeaders } from './withHeaders.js';
