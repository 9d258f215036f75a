import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from './apiErrors.js';

export const API_KEY_HEADER = 'x-api-key';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Guards API writes with a shared key in the `x-api-key` header, compared in constant time (over
 * digests, so the length leaks nothing either). Without a configured key every write is refused: an
 * unconfigured deployment is read-only, never open.
 */
export function requireApiKey(apiKey: string | undefined): RequestHandler {
  const expected = apiKey === undefined ? undefined : digest(apiKey);
  return (req, res, next) => {
    if (expected === undefined) {
      sendError(
        res,
        403,
        'WRITES_DISABLED',
        'this alert-engine has no API key configured; writes are disabled',
      );
      return;
    }
    const given = req.header(API_KEY_HEADER);
    if (given === undefined || given === '') {
      sendError(res, 401, 'API_KEY_REQUIRED', `send the API key in the ${API_KEY_HEADER} header`);
      return;
    }
    if (!timingSafeEqual(digest(given), expected)) {
      sendError(res, 401, 'API_KEY_INVALID', 'the API key is not valid');
      return;
    }
    next();
  };
}
