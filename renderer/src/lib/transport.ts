/**
 * Which transport reaches the engine: the Electron preload's bridge when the page has one,
 * else the WebSocket of the `isotrope serve` that served the page, with the token from the
 * page's own URL (`http://127.0.0.1:PORT/?token=…` → `ws://127.0.0.1:PORT/api/ws?token=…`).
 */
export type Transport =
  { kind: 'bridge' } | { kind: 'websocket'; url: string } | { kind: 'none'; reason: string };

/** Decides from the page's location and whether `window.isotrope` exists. */
export function chooseTransport(
  location: Pick<Location, 'protocol' | 'host' | 'search'>,
  hasBridge: boolean,
): Transport {
  if (hasBridge) return { kind: 'bridge' };
  const token = new URLSearchParams(location.search).get('token');
  if (!token) {
    return {
      kind: 'none',
      reason:
        'This page has no access token. Open the address that `isotrope serve` printed (it ends in ?token=…).',
    };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { kind: 'websocket', url: `${scheme}//${location.host}/api/ws?token=${encodeURIComponent(token)}` };
}
