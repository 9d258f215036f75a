import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-streamforge-signature';
export const TIMESTAMP_HEADER = 'x-streamforge-timestamp';

/**
 * `v1=` + hex HMAC-SHA256 over `<timestamp>.<body>`: the timestamp is signed too, so a captured request
 * cannot be replayed later with a fresh timestamp.
 */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers: checks the signature in constant time and that the timestamp is recent. */
export function verifyWebhookSignature(
  secret: string,
  signature: string | undefined,
  timestamp: string | undefined,
  body: string,
  options: { now: number; toleranceMs?: number },
): boolean {
  if (signature === undefined || timestamp === undefined || !/^\d+$/.test(timestamp)) return false;
  const sentAt = Number(timestamp);
  if (Math.abs(options.now - sentAt) > (options.toleranceMs ?? 300_000)) return false;
  const expected = Buffer.from(signWebhookBody(secret, sentAt, body));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
