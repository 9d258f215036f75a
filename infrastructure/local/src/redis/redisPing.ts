import { connect } from 'node:net';

/**
 * True when a Redis server answers on host:port. Any RESP reply counts (+PONG, or -NOAUTH from a server
 * with a password): the question is whether Redis runs, not whether we may use it.
 */
export function redisPing(host: string, port: number, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const finish = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('*1\r\n$4\r\nPING\r\n'));
    socket.once('data', (chunk: Buffer) =>
      finish(chunk.length > 0 && (chunk[0] === 0x2b || chunk[0] === 0x2d)),
    );
  });
}
