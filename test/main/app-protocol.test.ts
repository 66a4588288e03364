/**
 * The renderer's app:// origin: the scheme registered privileged before ready, and the handler
 * serving out/renderer only — the page and its assets with their types and the CSP; traversal,
 * other hosts, other schemes and other methods refused, without reading outside the folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { electron } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);
const { APP_INDEX_URL, APP_ORIGIN, contentTypeOf, registerAppScheme, rendererFileOf, serveRenderer } =
  await import('../../main/app-protocol.js');
const { CONTENT_SECURITY_POLICY } = await import('../../main/csp.js');

/** A built renderer in a temp folder, with a secret file beside it that no URL may reach. */
function builtRenderer() {
  const parent = mkdtempSync(join(tmpdir(), 'isotrope-protocol-'));
  const root = join(parent, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Isotrope</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'kernel.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(parent, 'secret.txt'), 'do not serve');
  return { root, parent };
}

/** The handler serveRenderer registered, as Electron would call it. */
function handler(root: string): (request: Request) => Promise<Response> {
  electron.protocol.handle.mockClear();
  serveRenderer(electron.protocol as never, root);
  expect(electron.protocol.handle).toHaveBeenCalledTimes(1);
  const [scheme, handle] = electron.protocol.handle.mock.calls[0] as unknown as [
    string,
    (request: Request) => Promise<Response>,
  ];
  expect(scheme).toBe('app');
  return handle;
}

describe('the app:// scheme', () => {
  it('is registered standard, secure and fetchable (before ready)', () => {
    registerAppScheme(electron.protocol as never);
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      },
    ]);
    // Never allowed to bypass the page's CSP.
    const [[schemes]] = electron.protocol.registerSchemesAsPrivileged.mock.calls as unknown as [
      [{ privileges: Record<string, unknown> }[]],
    ];
    expect(schemes[0].privileges.bypassCSP).toBeUndefined();
    expect(APP_ORIGIN).toBe('app://isotrope');
    expect(APP_INDEX_URL).toBe('app://isotrope/index.html');
  });
});

describe('serveRenderer', () => {
  it('serves index.html with its type, the CSP and nosniff', async () => {
    const { root } = builtRenderer();
    const response = await handler(root)(new Request(APP_INDEX_URL));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html><title>Isotrope</title>');
    const bareOrigin = await handler(root)(new Request('app://isotrope/'));
    expect(await bareOrigin.text()).toBe('<!doctype html><title>Isotrope</title>');
  });

  it('serves the assets with the types Chromium requires of them', async () => {
    const { root } = builtRenderer();
    const serve = handler(root);
    const script = await serve(new Request('app://isotrope/assets/index-abc.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    const style = await serve(new Request('app://isotrope/assets/index-abc.css'));
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const wasm = await serve(new Request('app://isotrope/assets/kernel.wasm'));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    expect(contentTypeOf('/x/y.WOFF2')).toBe('font/woff2');
    expect(contentTypeOf('/x/y.unknown')).toBe('application/octet-stream');
  });

  it('refuses every spelling of a path out of the folder, and never reads the file beside it', async () => {
    const { root } = builtRenderer();
    const serve = handler(root);
    for (const url of [
      'app://isotrope/../secret.txt',
      'app://isotrope/../../etc/passwd',
      'app://isotrope/%2e%2e/secret.txt',
      'app://isotrope/..%2fsecret.txt',
      'app://isotrope/assets/..%2f..%2fsecret.txt',
      'app://isotrope/..%5csecret.txt',
      'app://isotrope/%2fetc%2fpasswd',
      'app://isotrope/index.html%00.png',
      'app://isotrope/%E0%A4%A',
    ]) {
      const response = await serve(new Request(url));
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect(await response.text()).toBe('');
    }
    // The URL parser folds a plain `..` into the path; the decoded forms are caught after resolving.
    expect(rendererFileOf('app://isotrope/..%2f..%2fetc%2fpasswd', root)).toBeNull();
    expect(rendererFileOf('app://isotrope/..%2fsecret.txt', root)).toBeNull();
  });

  it('refuses unknown hosts, other schemes, credentials and methods other than GET and HEAD', async () => {
    const { root } = builtRenderer();
    const serve = handler(root);
    for (const url of [
      'app://x/../../etc/passwd',
      'app://x/index.html',
      'app://evil.example/index.html',
      'app://isotrope:8080/index.html',
    ])
      expect({ url, status: (await serve(new Request(url))).status }).toEqual({ url, status: 404 });
    // Fetch refuses credentials in a URL itself; the handler does too, should one reach it.
    expect(rendererFileOf('app://user@isotrope/index.html', root)).toBeNull();
    expect(rendererFileOf('file:///index.html', root)).toBeNull();
    expect(rendererFileOf('https://isotrope/index.html', root)).toBeNull();
    expect(rendererFileOf('not a url', root)).toBeNull();
    const post = await serve(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    const head = await serve(new Request(APP_INDEX_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for a missing file or a folder', async () => {
    const { root } = builtRenderer();
    const serve = handler(root);
    expect((await serve(new Request('app://isotrope/missing.js'))).status).toBe(404);
    expect((await serve(new Request('app://isotrope/assets'))).status).toBe(404);
  });
});
