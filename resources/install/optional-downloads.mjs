// npm's postinstall (package.json): onnxruntime-node's CUDA download, run here so that a machine
// that cannot reach it (offline, a firewall: ENOTFOUND) still installs. Its own install script
// fails the whole `npm ci` when the download fails.
// - npm 11 honours package.json's allowScripts, which keeps npm from running that script; this file
//   runs it instead and turns a failure into a two-line notice and exit 0.
// - npm 10 (bundled with Node 20 and 22) ignores allowScripts and runs the script itself; because
//   onnxruntime-node is an optional dependency, npm then removes the package rather than failing.
//   This file says so and how to get it back (the CPU engine needs no download).
// The Electron binary's download is made tolerant elsewhere (resources/install/electron-get); npm
// hides a dependency script's output, so its outcome is reported here too.
// onnxruntime-node's own switch still applies: ONNXRUNTIME_NODE_INSTALL=skip.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { env, execPath, stderr } from 'node:process';

const require = createRequire(import.meta.url);

const ortScript = 'onnxruntime-node/script/install.js';
const ortLater =
  'for a CUDA 12 GPU, with network: ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js';

/** The script's path, or undefined when its package is not installed. */
function installScript(script) {
  try {
    return require.resolve(script);
  } catch {
    return undefined;
  }
}

/** The line that names the cause in a failed script's output (it prints a whole stack trace). */
function causeOf(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^\w*Error\b/.test(line)) ?? lines[0] ?? 'no reason given';
}

const script = installScript(ortScript);
if (script === undefined) {
  stderr.write(
    'isotrope: onnxruntime-node is not installed (npm 10 removes it when its CUDA download fails).\n',
  );
  stderr.write(
    'isotrope: training and runs fall back to tfjs-wasm, 4-10x slower; to get the fast CPU engine: ONNXRUNTIME_NODE_INSTALL=skip npm install\n',
  );
} else {
  // Run as npm would run it: from its package, with npm_package_json naming that package
  // (onnxruntime-node's script skips the download when it names the project being installed).
  const packageFolder = dirname(require.resolve('onnxruntime-node/package.json'));
  const run = spawnSync(execPath, [script], {
    cwd: packageFolder,
    env: { ...env, npm_package_json: `${packageFolder}/package.json` },
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (run.status !== 0) {
    const cause = causeOf(`${run.stderr ?? ''}\n${run.error?.message ?? ''}`);
    stderr.write(
      `isotrope: onnxruntime-node's CUDA provider (NVIDIA GPUs with CUDA 12 only) could not be downloaded (${cause}).\n`,
    );
    stderr.write(`isotrope: its CPU engine works without it; ${ortLater}\n`);
  }
}

/** The Electron binary's path (`require('electron')` names it; the file exists once downloaded), or undefined. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

// electron is a devDependency: absent after `npm ci --omit=dev`, where nothing needs saying.
if (installScript('electron/install.js') !== undefined && electronBinary() === undefined) {
  stderr.write('isotrope: the Electron binary is not installed (its download failed or was skipped).\n');
  stderr.write(
    'isotrope: the CLI and browser mode (npm start) work without it; for the desktop app, with network: node node_modules/electron/install.js\n',
  );
}
