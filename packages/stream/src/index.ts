export type { StreamEvent } from './event/StreamEvent.js';
export { parseIncomingEvent } from './event/parseIncomingEvent.js';
export type { EventFieldError, ParseEventResult } from './event/parseIncomingEvent.js';
export { EventDecodeError, decodeEvent, encodeEvent } from './event/eventSerde.js';
export { TumblingWindow } from './window/TumblingWindow.js';
export type { TimeWindow } from './window/TumblingWindow.js';
export { applyExactlyOnce } from './sink/applyExactlyOnce.js';
export type { PartitionPosition } from './sink/applyExactlyOnce.js';
