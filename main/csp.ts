/**
 * The renderer's Content-Security-Policy, defined once. Main sends it as a response header
 * (security.ts) and the build writes it into out/renderer/index.html as a meta tag
 * (`withCspMeta`, from electron.vite.config.ts), so Electron and browser mode enforce the same
 * policy and the two copies cannot drift. No Electron import: the build config loads this file.
 *
 * Scripts only from the app itself (no eval, no inline script); styles also inline because
 * Svelte writes `style="…"` attributes; images may be data:/blob: URLs (PNG snapshots,
 * canvases); `connect-src 'self'` lets browser mode reach its own WebSocket (CSP 3 matches ws:
 * to 'self') and lets the Electron page reach nothing (it talks over IPC).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

export const CSP_META_TAG = `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`;

/** A CSP meta tag; the content is double-quoted (the policy itself holds single quotes). */
const META = /<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content="([^"]*)"\s*\/?>/i;

/**
 * The page with our CSP meta tag early in <head> (after the charset, which must come first). A page that already carries one must carry
 * exactly this policy: a different one throws, so the build fails instead of shipping two.
 */
export function withCspMeta(html: string): string {
  const existing = META.exec(html);
  if (existing) {
    if (existing[1] !== CONTENT_SECURITY_POLICY) {
      throw new Error(`renderer/index.html has a different Content-Security-Policy than main/csp.ts:\n  ${existing[1]}\n  ${CONTENT_SECURITY_POLICY}`);
    }
    return html;
  }
  const anchor = /<meta\s+charset=[^>]*>/i.exec(html) ?? /<head[^>]*>/i.exec(html);
  if (!anchor) throw new Error('renderer/index.html has no <head> to put the Content-Security-Policy in');
  const at = anchor.index + anchor[0].length;
  return `${html.slice(0, at)}${CSP_META_TAG}${html.slice(at)}`;
}
