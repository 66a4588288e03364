/**
 * The window's security, in one place: the Content-Security-Policy header (the policy itself
 * is in csp.ts, which the build also writes into index.html), the webPreferences every window
 * gets, and the guards on navigation, new windows and permissions, for the window and, app-wide,
 * for any other webContents (`guardAllWebContents`). The renderer is our own bundled code,
 * served from app:// (app-protocol.ts); nothing here trusts anything else.
 */
import { shell, type App, type Session, type WebContents, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from './csp.js';

export { CONTENT_SECURITY_POLICY, CSP_META_TAG } from './csp.js';

/**
 * What every window runs with: isolated, sandboxed, no Node, web security on, our CJS preload
 * (a sandboxed preload must be CommonJS). Spelled out even where Electron's default agrees, so
 * a future default change cannot loosen them.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    spellcheck: false,
  };
}

/** Adds the CSP header to every response of the session, and denies every permission (camera, notifications to pages, …). */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The response headers with our CSP (replacing any other, whatever its letter case). */
export function withCspHeader(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const kept = Object.entries(headers ?? {}).filter(
    ([name]) => name.toLowerCase() !== 'content-security-policy',
  );
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] };
}

/**
 * The window never leaves its page: navigation (of the page or of any frame in it) and redirects
 * are cancelled, no new window opens (https links, e.g. Help, go to the user's browser instead),
 * no <webview> attaches. The page is a single-page app loaded once by main (`loadURL`, which
 * these events do not see), so nothing it does itself needs to navigate, not even within
 * app://isotrope.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event, webPreferences) => {
    // Cancelled; the preload is dropped too, should a later Electron attach it anyway.
    delete webPreferences.preload;
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * The guards for every webContents the app will ever make, not only the window's: each one gets
 * `guardWebContents` as it is created, and its session (the default one, or a partition's) the
 * CSP header and the denied permissions. Call once at start-up, before the first window.
 */
export function guardAllWebContents(app: Pick<App, 'on'>): void {
  const hardened = new WeakSet<Session>();
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents);
    if (hardened.has(contents.session)) return;
    hardened.add(contents.session);
    hardenSession(contents.session);
  });
}

/** Only plain https links are handed to the system browser (never file:, javascript: or custom schemes). */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
