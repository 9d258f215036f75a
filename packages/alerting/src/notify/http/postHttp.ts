import type { DeliveryFailureCategory } from '../../errors.js';
import { DeliveryError } from '../../errors.js';
import type { DeliveryResult } from '../NotificationChannel.js';
import { DELIVERED } from '../NotificationChannel.js';

export interface HttpPost {
  channel: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Values that must never appear in an error (tokens, webhook paths); replaced before use. */
  secrets: readonly string[];
  /** Statuses that mean delivered; any 2xx by default. */
  accept?: (status: number) => boolean;
}

/**
 * POSTs and classifies the outcome the same way for every HTTP channel: 2xx delivered; 408, 429 and 5xx
 * retried; other 4xx rejected for good. Errors name the status and a short, redacted body excerpt —
 * never the URL, which for webhooks is itself the secret.
 */
export async function postHttp(post: HttpPost): Promise<DeliveryResult> {
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: post.headers,
      body: post.body,
      signal: AbortSignal.timeout(post.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return failure(post.channel, 'timeout', `no response within ${post.timeoutMs} ms`, true);
    }
    const code = ((error as { cause?: { code?: unknown } }).cause?.code as string | undefined) ?? 'unknown';
    return failure(post.channel, 'connection', `request failed (${code})`, true);
  }
  const text = await response.text().catch(() => '');
  const accepted = post.accept ?? ((status: number) => status >= 200 && status < 300);
  if (accepted(response.status)) return DELIVERED;
  const detail = `HTTP ${response.status}${excerpt(text, post.secrets)}`;
  if (response.status === 429) return failure(post.channel, 'rate_limited', detail, true);
  if (response.status === 408 || response.status >= 500)
    return failure(post.channel, 'server_error', detail, true);
  if (response.status === 401 || response.status === 403) return failure(post.channel, 'auth', detail, false);
  return failure(post.channel, 'rejected', detail, false);
}

function failure(
  channel: string,
  category: DeliveryFailureCategory,
  detail: string,
  retry: boolean,
): DeliveryResult {
  return { retry, error: new DeliveryError(channel, category, detail, retry) };
}

/** A receiver's reply may echo what we sent, credentials included: cut it short and blank out secrets. */
export function excerpt(body: string, secrets: readonly string[]): string {
  let text = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  for (const secret of secrets) if (secret.length > 0) text = text.split(secret).join('[redacted]');
  return text === '' ? '' : `: ${text}`;
}
