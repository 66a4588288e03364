/** The contract suite over the WebSocket transport: the real server and the browser-side client (with `ws`'s WebSocket). */
import WebSocket from 'ws';
import { connectWebSocket, type WebSocketConstructor } from '../../app/api/client.js';
import { startServer, WS_PATH } from '../../app/api/server.js';
import { describeContract } from './contract-suite.js';

describeContract('WebSocket', async () => {
  const server = await startServer({ port: 0 });
  const client = await connectWebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`, {
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  return {
    client,
    close: async () => {
      client.close();
      await server.close();
    },
  };
});
