// electron's own install script (node_modules/electron/install.js) downloads the Electron binary
// with @electron/get and fails the whole `npm ci` when that download fails (offline, a firewall:
// ENOTFOUND). npm 11 can be told not to run that script (package.json allowScripts); npm 10,
// bundled with Node 20 and 22, cannot. So the project gives electron this @electron/get instead:
// package.json lists it at the top of node_modules, where electron's install.js resolves it, and
// the real 2.0.3 as @electron/get-upstream. A successful download is untouched. A failed one
// prints two lines and ends the install script with 0, so npm goes on: the CLI, the tests and
// browser mode need no Electron binary, and `npm start` says how to get it later.
const upstream = require('@electron/get-upstream');

/** The line of a failure worth printing: its message's first line, not the stack. */
function causeOf(error) {
  return String(error && error.message ? error.message : error).split('\n')[0];
}

async function downloadArtifact(details) {
  try {
    return await upstream.downloadArtifact(details);
  } catch (error) {
    // Only electron's install script reaches a failure here: electron-builder has its own copy (3.x).
    process.stderr.write(`isotrope: the Electron binary could not be downloaded (${causeOf(error)}).\n`);
    process.stderr.write(
      'isotrope: the CLI and browser mode (npm start) work without it; for the desktop app, with network: node node_modules/electron/install.js\n',
    );
    process.exit(0);
  }
}

module.exports = { ...upstream, downloadArtifact };
