// npm's postinstall (package.json): the two downloads some dependencies' own install scripts make,
// run here so that a machine that cannot reach them (offline, a firewall: ENOTFOUND) still installs.
// package.json's allowScripts keeps npm from running those two scripts itself, because npm fails the
// whole `npm ci` when one of them fails. Here each failure is a two-line notice and exit 0: the CLI,
// the tests and browser mode need neither download.
// Their own switches still apply: ELECTRON_SKIP_BINARY_DOWNLOAD=1, ONNXRUNTIME_NODE_INSTALL=skip.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { env, execPath, stderr } from 'node:process';

const require = createRequire(import.meta.url);

/** Each download: the dependency's install script, what lacks it, and the command to get it later. */
const downloads = [
  {
    script: 'electron/install.js',
    what: 'the Electron binary',
    without: 'the CLI and browser mode (npm start) work without it',
    later: 'for the desktop app, with network: node node_modules/electron/install.js',
  },
  {
    script: 'onnxruntime-node/script/install.js',
    what: "onnxruntime-node's CUDA provider (NVIDIA GPUs with CUDA 12 only)",
    without: 'its CPU engine works without it',
    later:
      'for a CUDA 12 GPU, with network: ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js',
  },
];

/** The script's path, or undefined when its package is not installed (electron after `npm ci --omit=dev`). */
function installScript(script) {
  try {
    return require.resolve(script);
  } catch {
    return undefined;
  }
}

/** The line that names the cause in a failed script's output (they print whole stack traces). */
function causeOf(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0] ?? 'no reason given';
}

for (const download of downloads) {
  const script = installScript(download.script);
  if (script === undefined) continue;
  // Run as npm would run it: from its package, with npm_package_json naming that package
  // (onnxruntime-node's script skips the download when it names the project being installed).
  const packageFolder = dirname(require.resolve(`${download.script.split('/')[0]}/package.json`));
  const run = spawnSync(execPath, [script], {
    cwd: packageFolder,
    env: { ...env, npm_package_json: `${packageFolder}/package.json` },
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (run.status === 0) continue;
  const cause = causeOf(`${run.stderr ?? ''}\n${run.error?.message ?? ''}`);
  stderr.write(`isotrope: ${download.what} could not be downloaded (${cause}).\n`);
  stderr.write(`isotrope: ${download.without}; ${download.later}\n`);
}
