/**
 * No input ends `isotrope serve`: each class of malformed input goes to a real server, and then
 * a good client must still be answered (over HTTP and over a new WebSocket). A crash would show
 * as an uncaught error, which fails the run, or as the good client's refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, WS_PATH, type RunningServer } from '../../../app/api/server.js';
import { connect } from '../client.js';
import {
  clientFrame,
  closed,
  exchange,
  openSocket,
  rawWebSocket,
  statusOf,
  upgradeRequest,
} from './raw-peer.js';

let server: RunningServer;
const wsUrl = (): string => `ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`;
const wsTarget = (): string => `${WS_PATH}?token=${server.token}`;

beforeAll(async () => {
  server = await startServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

/** A good client is still served: /api/health over HTTP, and health over a fresh WebSocket. */
async function expectServing(): Promise<void> {
  const http = await fetch(`${server.origin}/api/health?token=${server.token}`);
  expect(http.status).toBe(200);
  const client = await connect(wsUrl());
  try {
    expect(await client.call('health')).toMatchObject({ ok: true, result: { backend: 'not started' } });
  } finally {
    client.close();
  }
}

/** What a `ws` client is told when the server closes it: the close code. */
function closeCode(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

async function openClient(): Promise<WebSocket> {
  const ws = new WebSocket(wsUrl());
  ws.on('error', () => undefined);
  await new Promise((resolve) => ws.once('open', resolve));
  return ws;
}

describe('malformed WebSocket frames', () => {
  it('a text frame that is not UTF-8 closes that client (1007) only', async () => {
    const ws = await openClient();
    const code = closeCode(ws);
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    await expectServing();
  });

  it('a frame over the payload limit closes that client (1009) only', async () => {
    const ws = await openClient();
    const code = closeCode(ws);
    ws.send('x'.repeat((1 << 20) + 1));
    expect(await code).toBe(1009);
    await expectServing();
  });

  it('an unmasked frame, a reserved opcode and a fragmented control frame each close that client only', async () => {
    const badFrames = [
      clientFrame(0x1, Buffer.from('{}'), false),
      clientFrame(0x3, Buffer.from('?')),
      Buffer.from([0x09, 0x80, 0, 0, 0, 0]), // ping without FIN
      Buffer.from([0x81, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // a 2^64-1 byte length
    ];
    for (const frame of badFrames) {
      const socket = await rawWebSocket(server.port, wsTarget());
      socket.on('error', () => undefined);
      socket.on('data', () => undefined);
      socket.write(frame);
      await closed(socket);
    }
    await expectServing();
  });

  it('binary frames, non-JSON and JSON that is no request are bad requests; the connection goes on', async () => {
    const client = await connect(wsUrl());
    try {
      for (const text of ['not json', 'null', '5', '[]', '{"id":{}}', '"x"', '{"cancel":{"deep":1}}']) {
        client.send(text);
        if (text.startsWith('{"cancel"')) continue;
        expect(await client.next(), text).toMatchObject({ ok: false, error: { tag: 'bad-request' } });
      }
      expect(await client.call('health')).toMatchObject({ ok: true });
    } finally {
      client.close();
    }
    const ws = await openClient();
    const replies: string[] = [];
    ws.on('message', (data) => replies.push(String(data)));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(JSON.parse(replies[0]!)).toMatchObject({ id: null, ok: false, error: { tag: 'bad-request' } });
    ws.close();
    await expectServing();
  });

  it('a client whose socket is reset mid-connection costs nothing', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const socket = await rawWebSocket(server.port, wsTarget());
      socket.write(clientFrame(0x1, Buffer.from(JSON.stringify({ id: 1, command: 'health' }))));
      socket.resetAndDestroy();
    }
    await expectServing();
  });
});

describe('malformed upgrade and HTTP requests', () => {
  it('an upgrade whose target does not parse, sent with no token, is a 400', async () => {
    for (const target of ['//[', '//a:b@[x]/api/ws', '//:99999/api/ws']) {
      const answer = await exchange(server.port, upgradeRequest(server.port, target));
      expect(statusOf(answer), target).toBe(400);
    }
    await expectServing();
  });

  it('a plain request whose target does not parse is a 400', async () => {
    const answer = await exchange(
      server.port,
      `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(answer)).toBe(400);
    await expectServing();
  });

  it('an upgrade with no token, or with a bad handshake, is refused', async () => {
    expect(statusOf(await exchange(server.port, upgradeRequest(server.port, WS_PATH)))).toBe(401);
    const noKey = upgradeRequest(server.port, wsTarget(), { 'Sec-WebSocket-Key': 'short' });
    expect(statusOf(await exchange(server.port, noKey))).toBe(400);
    const badVersion = upgradeRequest(server.port, wsTarget(), { 'Sec-WebSocket-Version': '99' });
    expect(statusOf(await exchange(server.port, badVersion))).toBe(400);
    await expectServing();
  });

  it('upgrade and HTTP sockets reset before their answer cost nothing', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      for (const request of [
        upgradeRequest(server.port, WS_PATH),
        upgradeRequest(server.port, '//['),
        upgradeRequest(server.port, wsTarget()),
        `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`,
      ]) {
        const socket = await openSocket(server.port);
        socket.write(request);
        socket.resetAndDestroy();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expectServing();
  });

  it('bytes that are not HTTP, and oversized headers, are a 400', async () => {
    expect(statusOf(await exchange(server.port, 'HELLO\r\n\r\n'))).toBe(400);
    expect(statusOf(await exchange(server.port, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10])))).toBe(400);
    const huge = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`;
    expect([400, 431]).toContain(statusOf(await exchange(server.port, huge)));
    await expectServing();
  });
});
