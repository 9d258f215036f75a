import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { silentLog } from '../Log.js';
import { isProcessAlive } from '../internal/processLiveness.js';
import { ensureSchemaRegistry } from './ensureSchemaRegistry.js';
import { RegistryStartError } from './registryErrors.js';
import { schemaRegistryStatus } from './schemaRegistryStatus.js';
import { stopSchemaRegistry } from './stopSchemaRegistry.js';

const RUNNER = 'apicurio-registry-app';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A registry of its own on a free port (the shared one on 8085 is left alone), from the cached install:
 * started once however many callers ask at once, answering the Confluent API with BACKWARD as its global
 * level, and stopped by pid.
 */
describe('ensureSchemaRegistry', () => {
  let port: number;

  beforeAll(async () => {
    port = await freePort();
  });

  afterAll(async () => {
    await stopSchemaRegistry({ port });
  });

  it('starts one registry for concurrent callers, with BACKWARD as the global level', async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureSchemaRegistry({ port, log: silentLog })));
    expect(results.filter((result) => result.started)).toHaveLength(1);
    expect(new Set(results.map((result) => result.pid)).size).toBe(1);
    const [first] = results;
    expect(first?.url).toBe(`http://127.0.0.1:${port}/apis/ccompat/v7`);
    expect(isProcessAlive(first?.pid ?? -1, RUNNER)).toBe(true);

    const config = await fetch(`${first?.url}/config`);
    expect(await config.json()).toEqual({ compatibilityLevel: 'BACKWARD' });

    const again = await ensureSchemaRegistry({ port, log: silentLog });
    expect(again).toMatchObject({ started: false, pid: first?.pid });
    expect(await schemaRegistryStatus({ port })).toMatchObject({
      running: true,
      answering: true,
      pid: first?.pid,
    });
  }, 180_000);

  it('stops only its own process, and reports it gone', async () => {
    const { pid } = await ensureSchemaRegistry({ port, log: silentLog });
    expect(await stopSchemaRegistry({ port })).toBe(true);
    // With the command line checked: the JVM was this process's child, and until it is reaped its pid
    // lingers as a zombie that a bare kill(pid, 0) still finds.
    expect(isProcessAlive(pid ?? -1, RUNNER)).toBe(false);
    expect(await schemaRegistryStatus({ port })).toMatchObject({ running: false, answering: false });
    expect(await stopSchemaRegistry({ port })).toBe(false);
  }, 60_000);

  it('refuses a port taken by something that is not a registry', async () => {
    const connections = new Set<Socket>();
    const squatter = createServer((socket) => {
      connections.add(socket);
      socket.end('not http\n');
    });
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as { port: number }).port;
    try {
      await expect(ensureSchemaRegistry({ port: taken, log: silentLog })).rejects.toThrow(RegistryStartError);
      await expect(ensureSchemaRegistry({ port: taken, log: silentLog })).rejects.toThrow(
        new RegExp(`port ${taken} is used by another process`),
      );
    } finally {
      // The HTTP client may keep its end open; close() would wait for it.
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });
});
