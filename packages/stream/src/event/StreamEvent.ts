/**
 * An accepted event as it travels through events.raw and beyond. `eventId` is the idempotency key end
 * to end; `timestamp` is event time in epoch milliseconds; `receivedAt` is when ingestion accepted it.
 */
export interface StreamEvent {
  eventId: string;
  eventType: string;
  userId: string;
  timestamp: number;
  source?: string;
  properties: Record<string, unknown>;
  receivedAt: number;
}
