/**
 * `isotrope serve`: the engine API and the UI on 127.0.0.1. Prints exactly one line on stdout,
 * the URL with its token, once it listens; runs until SIGINT or SIGTERM, then closes cleanly.
 */
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { startServer } from '../api/index.js';
import { flags } from '../options/index.js';
import { parseOptions } from './options.js';

/** The TCP port of `serve` and of `start`'s browser mode. */
export const PortFlag = z.number().int().min(0).max(65535).optional();

/** `isotrope serve`'s flags. */
export const ServeFlags = z.object({
  port: PortFlag.register(flags, { value: 'n', help: 'TCP port (0 picks a free one)', default: '0' }),
  open: z.boolean().optional().register(flags, { help: 'open the URL in the default browser' }),
});

export interface ServeOptions {
  port?: string;
  open?: boolean;
}

export async function runServe(bag: ServeOptions): Promise<void> {
  const { port = 0, open: openUrl } = parseOptions(ServeFlags, bag);
  const server = await startServer({ port });
  process.stdout.write(`Isotrope engine API on ${server.url}\n`);
  if (openUrl) openBrowser(server.url);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Opens the URL in the default browser; failure only costs a note on stderr (the URL is printed anyway). */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '', url]]
        : ['xdg-open', [url]];
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
  child.on('error', (e) => process.stderr.write(`isotrope: could not open a browser (${e.message})\n`));
  child.unref();
}
