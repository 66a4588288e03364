/** The window's security: webPreferences, the CSP (header and built meta tag), navigation, new-window and permission guards. */
import { describe, expect, it, vi } from 'vitest';
import { electron, emitCancellable, FakeApp, FakeSession, FakeWebContents } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electron);

const {
  CONTENT_SECURITY_POLICY,
  guardAllWebContents,
  guardWebContents,
  hardenSession,
  isExternalLink,
  secureWebPreferences,
  withCspHeader,
} = await import('../../main/security.js');
const { CSP_META_TAG, withCspMeta } = await import('../../main/csp.js');

describe('secureWebPreferences', () => {
  it('isolates, sandboxes and keeps Node out of the page', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('the CSP', () => {
  it('allows scripts only from the app and nothing by default', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*']);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    // No wildcard hosts or bare schemes anywhere (a port wildcard on 127.0.0.1 is all).
    const sources = [...directives.values()].flat();
    expect(
      sources.filter(
        (s) => s === '*' || s.includes('*.') || (/^[a-z]+:$/.test(s) && !['data:', 'blob:'].includes(s)),
      ),
    ).toEqual([]);
  });

  it('replaces any CSP header, whatever its case, and keeps the others', () => {
    const headers = withCspHeader({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('puts the same policy into index.html after the charset, once', () => {
    const page =
      '<!doctype html><html><head><meta charset="utf-8"><title>Isotrope</title></head><body></body></html>';
    const built = withCspMeta(page);
    expect(built).toContain(`<meta charset="utf-8">${CSP_META_TAG}<title>`);
    expect(withCspMeta(built)).toBe(built);
    expect(withCspMeta('<html><head></head></html>')).toBe(`<html><head>${CSP_META_TAG}</head></html>`);
  });

  it('replaces a different policy in index.html with ours, and says so', () => {
    const page = `<html><head><meta charset="utf-8" /><meta http-equiv="Content-Security-Policy" content="default-src *" /><title>x</title></head></html>`;
    const drift: string[] = [];
    expect(withCspMeta(page, (found) => drift.push(found))).toBe(
      `<html><head><meta charset="utf-8" />${CSP_META_TAG}<title>x</title></head></html>`,
    );
    expect(drift).toEqual(['default-src *']);
    withCspMeta(withCspMeta(page), (found) => drift.push(found));
    expect(drift).toHaveLength(1);
  });

  it('is sent on every response and every permission is denied', () => {
    const session = {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    };
    hardenSession(session as never);
    const onHeaders = session.webRequest.onHeadersReceived.mock.calls[0][0] as (
      d: unknown,
      cb: (r: unknown) => void,
    ) => void;
    const answered = vi.fn();
    onHeaders({ responseHeaders: { 'Content-Type': ['text/html'] } }, answered);
    expect(answered).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
    const onRequest = session.setPermissionRequestHandler.mock.calls[0][0] as (
      w: unknown,
      p: string,
      cb: (ok: boolean) => void,
    ) => void;
    const granted = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])
      onRequest({}, permission, granted);
    expect(granted.mock.calls).toEqual(Array(5).fill([false]));
    const onCheck = session.setPermissionCheckHandler.mock.calls[0][0] as () => boolean;
    expect(onCheck()).toBe(false);
  });
});

describe('guardWebContents', () => {
  it('cancels navigation, redirects and webviews', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    expect(emitCancellable(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(emitCancellable(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(emitCancellable(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
    expect(emitCancellable(contents, 'will-attach-webview', {}, {})).toBe(true);
  });

  it('cancels the navigation of any frame, and drops a webview preload', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    expect(emitCancellable(contents, 'will-frame-navigate', { url: 'https://evil.example/' })).toBe(true);
    const webPreferences: Record<string, unknown> = { preload: '/tmp/evil.js' };
    expect(emitCancellable(contents, 'will-attach-webview', webPreferences, {})).toBe(true);
    expect(webPreferences).toEqual({});
  });

  it('opens no window; only https links go to the system browser', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never);
    electron.shell.openExternal.mockClear();
    for (const url of [
      'https://example.org/docs',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'isotrope://x',
      'http://example.org',
      'not a url',
    ]) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://example.org/docs']]);
    expect(isExternalLink('HTTPS://EXAMPLE.ORG')).toBe(true);
  });
});

describe('guardAllWebContents', () => {
  /** A webContents as Electron announces it: created, then web-contents-created on the app. */
  function created(app: FakeApp, session?: FakeSession): FakeWebContents {
    const contents = new FakeWebContents();
    if (session) contents.session = session;
    app.emit('web-contents-created', {}, contents);
    return contents;
  }

  it('guards every webContents the app makes, not only the window', () => {
    const app = new FakeApp();
    guardAllWebContents(app as never);
    electron.shell.openExternal.mockClear();
    // E.g. a window the page managed to open, a devtools or a webview's contents.
    for (const contents of [created(app), created(app)]) {
      expect(emitCancellable(contents, 'will-navigate', 'https://evil.example/')).toBe(true);
      expect(emitCancellable(contents, 'will-navigate', 'app://isotrope/index.html')).toBe(true);
      expect(emitCancellable(contents, 'will-frame-navigate', { url: 'file:///etc/passwd' })).toBe(true);
      expect(emitCancellable(contents, 'will-redirect', 'https://evil.example/')).toBe(true);
      expect(emitCancellable(contents, 'will-attach-webview', {}, {})).toBe(true);
      expect(contents.windowOpenHandler!({ url: 'app://isotrope/index.html' })).toEqual({ action: 'deny' });
      expect(contents.windowOpenHandler!({ url: 'https://example.org/help' })).toEqual({ action: 'deny' });
    }
    // The existing behaviour stays: an https link opens in the system browser, nothing else does.
    expect(electron.shell.openExternal.mock.calls).toEqual([
      ['https://example.org/help'],
      ['https://example.org/help'],
    ]);
  });

  it("denies every permission in each webContents' session, a partition's too, hardening each once", () => {
    const app = new FakeApp();
    guardAllWebContents(app as never);
    const partition = new FakeSession();
    const first = created(app, partition);
    created(app, partition);
    expect(partition.hardenedTimes).toBe(1);
    const granted = vi.fn();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'pointerLock'])
      partition.permissionRequest!(first, permission, granted);
    expect(granted.mock.calls).toEqual(Array(5).fill([false]));
    expect(partition.permissionCheck!()).toBe(false);
    const answered = vi.fn();
    partition.headersHook!({ responseHeaders: {} }, answered);
    expect(answered).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
});
