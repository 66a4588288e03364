/**
 * The renderer's Content-Security-Policy, defined once. Main sends it as a response header
 * (security.ts) and the build writes it into out/renderer/index.html as a meta tag
 * (`withCspMeta`, from electron.vite.config.ts), so Electron and browser mode enforce the same
 * policy and the two copies cannot drift. No Electron import: the build config loads this file.
 *
 * Scripts only from the app itself (no eval, no inline script); styles also inline because
 * Svelte writes `style="…"` attributes; images may be data:/blob: URLs (PNG snapshots,
 * canvases); `connect-src` is the page's own origin plus ws://127.0.0.1 — browser mode's
 * WebSocket is same-host, which CSP 3 lets 'self' match, but not every browser engine does —
 * while the Electron page talks over IPC and uses neither.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:*",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const CSP_META_TAG = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;

/** A CSP meta tag; the content is double-quoted (the policy itself holds single quotes). */
const META = /<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content="([^"]*)"\s*\/?>/i;

/**
 * The page with our CSP meta tag early in <head> (after the charset, which must come first).
 * A meta tag the page already carries is replaced by ours, so the built page always enforces
 * this policy; when its policy differed, `onDrift` is told (the build prints a warning).
 */
export function withCspMeta(html: string, onDrift: (found: string) => void = () => undefined): string {
  const existing = META.exec(html);
  if (existing) {
    if (existing[1] !== CONTENT_SECURITY_POLICY) onDrift(existing[1]);
    return `${html.slice(0, existing.index)}${CSP_META_TAG}${html.slice(existing.index + existing[0].length)}`;
  }
  const anchor = /<meta\s+charset=[^>]*>/i.exec(html) ?? /<head[^>]*>/i.exec(html);
  if (!anchor) throw new Error('renderer/index.html has no <head> to put the Content-Security-Policy in');
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}${CSP_META_TAG}${html.slice(at)}`;
}
