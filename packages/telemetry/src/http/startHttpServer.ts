import type { RequestListener } from 'node:http';
import { createServer } from 'node:http';
import { once } from 'node:events';

/** A listening HTTP server that can be closed with `await`. */
export interface HttpServer {
  port: number;
  /** Stops accepting connections and resolves when in-flight requests have been answered. */
  close: () => Promise<void>;
}

export async function startHttpServer(
  handler: RequestListener,
  port: number,
  host = '0.0.0.0',
): Promise<HttpServer> {
  const server = createServer(handler);
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
