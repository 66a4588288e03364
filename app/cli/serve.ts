/**
 * `isotrope serve`: the engine API and the UI on 127.0.0.1. Prints exactly one line on stdout,
 * the URL with its token, once it listens; runs until SIGINT or SIGTERM, then closes cleanly.
 */
import { spawn } from 'node:child_process';
import { startServer } from '../api/server.js';

export interface ServeOptions { port?: string; open?: boolean }

export async function runServe(options: ServeOptions): Promise<void> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected 0…65535, got ${options.port}`);
  const server = await startServer({ port });
  process.stdout.write(`Isotrope engine API on ${server.url}\n`);
  if (options.open) openBrowser(server.url);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop); process.off('SIGTERM', stop);
      server.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Opens the URL in the default browser; failure only costs a note on stderr (the URL is printed anyway). */
function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]]
    : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', (e) => process.stderr.write(`isotrope: could not open a browser (${e.message})\n`));
  child.unref();
}
