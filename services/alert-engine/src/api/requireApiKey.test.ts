import type { Server } from 'node:http';
import express from 'express';
import { API_KEY_HEADER, requireApiKey } from './requireApiKey.js';

/** The write guard on a real express server: no key, a wrong key, the right key, and no key configured. */
describe('requireApiKey', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  async function serve(apiKey: string | undefined): Promise<string> {
    const app = express();
    app.post('/write', requireApiKey(apiKey), (_req, res) => {
      res.json({ written: true });
    });
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    servers.push(server);
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/write`;
  }

  const post = async (url: string, key?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: key === undefined ? {} : { [API_KEY_HEADER]: key },
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
  };

  it('lets only the configured key through', async () => {
    const url = await serve('correct-horse-battery-staple');
    expect(await post(url)).toMatchObject({ status: 401, body: { error: { code: 'API_KEY_REQUIRED' } } });
    expect(await post(url, 'correct-horse-battery-stapl')).toMatchObject({
      status: 401,
      body: { error: { code: 'API_KEY_INVALID' } },
    });
    expect(await post(url, 'correct-horse-battery-staple')).toEqual({ status: 200, body: { written: true } });
  });

  it('refuses every write when no key is configured', async () => {
    const url = await serve(undefined);
    expect(await post(url, 'anything-at-all-here')).toMatchObject({
      status: 403,
      body: { error: { code: 'WRITES_DISABLED' } },
    });
  });
});
