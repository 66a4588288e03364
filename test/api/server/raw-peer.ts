/**
 * A peer that speaks raw TCP to the server, for the hostile-input tests: any bytes as an HTTP
 * request, a WebSocket handshake by hand, and frames built byte by byte (so they can be wrong).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** Opens a TCP connection to 127.0.0.1:port. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends `request` as is and resolves with everything the server sent until it closed (or `waitMs` passed). */
export async function exchange(port: number, request: string | Buffer, waitMs = 2000): Promise<string> {
  const socket = await openSocket(port);
  socket.on('error', () => undefined);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(request);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
  return Buffer.concat(chunks).toString('latin1');
}

/** The status line's code of an HTTP answer ("HTTP/1.1 400 Bad Request" → 400), or 0 for none. */
export function statusOf(answer: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return match ? Number(match[1]) : 0;
}

/** The request lines of a WebSocket upgrade to `target`, with `Host: 127.0.0.1:port` unless `headers` says otherwise. */
export function upgradeRequest(port: number, target: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    Host: `127.0.0.1:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...headers,
  };
  const lines = Object.entries(all).map(([name, value]) => `${name}: ${value}`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** A WebSocket opened by hand: the socket after the server's 101, with anything the server sent after it. */
export async function rawWebSocket(port: number, target: string): Promise<Socket> {
  const socket = await openSocket(port);
  socket.write(upgradeRequest(port, target));
  let received = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = received.subarray(0, end).toString('latin1');
      if (statusOf(head) !== 101) return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      const rest = received.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve();
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  return socket;
}

/** One client frame (masked, as a client's must be unless `masked` is false), FIN set. */
export function clientFrame(opcode: number, payload: Buffer, masked = true): Buffer {
  const length = payload.length;
  const lengthBytes =
    length < 126
      ? Buffer.from([length])
      : length < 65536
        ? Buffer.from([126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([127]), bigEndian64(length)]);
  lengthBytes[0]! |= masked ? 0x80 : 0;
  const head = Buffer.concat([Buffer.from([0x80 | opcode]), lengthBytes]);
  if (!masked) return Buffer.concat([head, payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
  return Buffer.concat([head, mask, body]);
}

function bigEndian64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(value));
  return bytes;
}

/** Resolves once the socket is closed by the server (or destroyed). */
export function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
  });
}
