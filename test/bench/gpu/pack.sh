#!/usr/bin/env bash
# Packs gpu-bench/ at the repository root: one self-contained folder (at most 64 MiB) that a bare
# x86-64 Linux machine with an NVIDIA GPU and no Node, no network, can run with `bash gpu-bench/run.sh`.
#
#   node.tar.xz     the Node binary running this script (node/bin/node)
#   payload.tar.xz  dist/, package.json, and the runtime node_modules closure, linux-x64 natives only
#   vulkan/         Debian .deb files of the Vulkan loader and GL dispatch libraries (+ a pre-extracted
#                   copy for machines without dpkg), MANIFEST: file, package, version, sonames it provides
#   run.sh          the entry on the GPU machine
#   BUILD_INFO      versions, checksums and the glibc / libstdc++ versions the natives need
#   PACKAGES.txt    the packages in the payload, their versions and kept sizes
#
# Needs here: node, tar, xz, objdump; apt-get (for the .debs, unless GPU_BENCH_DEBS_DIR names a folder
# already holding them) and dpkg-deb. Knobs (environment):
#   GPU_BENCH_ROOTS      space-separated root packages (default: package.json "dependencies")
#   GPU_BENCH_XZ         xz options (default "-9e -T2")
#   GPU_BENCH_DEBS_DIR   take the .debs from this folder instead of apt-get download
#   GPU_BENCH_EXTRA_DIR  copy this folder's contents over the payload root (for testing a stand-in entry)
#   GPU_BENCH_SMOKE=0    skip loading the packed packages here before compressing
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
HERE="$ROOT/test/bench/gpu"
DEST="$ROOT/gpu-bench"
LIMIT=$((64 * 1024 * 1024))
XZ_OPTS=${GPU_BENCH_XZ:--9e -T2}
DEBS=(libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2
      # libGLX_nvidia.so.0 (the NVIDIA Vulkan ICD) needs libX11 and libXext; container images often lack them
      libx11-6 libxext6 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0)

step() { printf '\n== %s\n' "$*"; }
die() { echo "pack.sh: $*" >&2; exit 1; }
human() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }

cd "$ROOT"
for tool in node tar xz objdump; do command -v "$tool" >/dev/null || die "needs $tool"; done

NODE_BIN=$(readlink -f "$(command -v node)")
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/gpu-bench-pack.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
NEW="$STAGE/gpu-bench"
mkdir -p "$NEW/vulkan"

step "engine build (dist/)"
if [ ! -f dist/app/cli.js ] || [ ! -d dist/test/bench ]; then
  echo "dist/ is missing or incomplete: running npx tsc -p tsconfig.json"
  npx tsc -p tsconfig.json
fi
[ -d dist/app ] && [ -d dist/test/bench ] || die "dist/app or dist/test/bench missing after the build"
if [ -f dist/test/bench/gpu.js ]; then echo "entry dist/test/bench/gpu.js present"
else echo "WARNING: dist/test/bench/gpu.js is missing: run.sh will fail unless GPU_BENCH_ENTRY names another entry"; fi

# ---------------------------------------------------------------------------------------------- node
step "node binary: $NODE_BIN ($("$NODE_BIN" -v), $(human "$(stat -c %s "$NODE_BIN")"))"
NODE_SHA=$(sha256sum "$NODE_BIN" | cut -d' ' -f1)
STAMP="$NODE_SHA xz $XZ_OPTS"
if [ -f "$DEST/node.tar.xz" ] && [ -f "$DEST/.node.stamp" ] && [ "$(cat "$DEST/.node.stamp")" = "$STAMP" ]; then
  echo "unchanged since the last pack: reusing gpu-bench/node.tar.xz"
  cp "$DEST/node.tar.xz" "$NEW/node.tar.xz"
else
  mkdir -p "$STAGE/node/node/bin"
  cp "$NODE_BIN" "$STAGE/node/node/bin/node"
  chmod 755 "$STAGE/node/node/bin/node"
  echo "compressing with xz $XZ_OPTS (about a minute)"
  # shellcheck disable=SC2086
  tar -C "$STAGE/node" --owner=0 --group=0 --numeric-owner -cf - node | xz $XZ_OPTS > "$NEW/node.tar.xz"
  rm -rf "$STAGE/node"
fi
echo "$STAMP" > "$NEW/.node.stamp"

# ------------------------------------------------------------------------------------------- payload
step "payload: dist/, package.json, runtime node_modules (linux-x64 only)"
PAY="$STAGE/payload"
mkdir -p "$PAY"
# dist/ without source maps and declarations
(cd "$ROOT" && find dist -type f ! -name '*.map' ! -name '*.d.ts' ! -name '*.tsbuildinfo' -print0 \
  | tar --null -T - -cf -) | tar -C "$PAY" -xf -
cp package.json "$PAY/package.json"

ROOTS=${GPU_BENCH_ROOTS:-$(node -p "Object.keys(require('./package.json').dependencies || {}).join(' ')")}
echo "roots: $ROOTS"

cat > "$STAGE/closure.mjs" <<'EOF'
// Walks the runtime dependency closure of the roots the way Node resolves them at run time (nearest
// node_modules/<name> upwards from the depending package), and copies each package into the payload,
// keeping only what runs on linux-x64.
import fs from 'node:fs';
import path from 'node:path';

const [root, dest, reportFile, ...roots] = process.argv.slice(2);
const nm = (dir, name) => path.join(dir, 'node_modules', ...name.split('/'));
const readPkg = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));

function resolveFrom(fromDir, name) {
  for (let dir = fromDir; ; ) {
    const cand = nm(dir, name);
    if (fs.existsSync(path.join(cand, 'package.json'))) return cand;
    if (dir === root) return null;
    // leave node_modules/<pkg> (or node_modules/@scope/pkg) to the folder holding that node_modules
    const up = dir.slice(0, dir.lastIndexOf(`${path.sep}node_modules${path.sep}`));
    dir = up.length >= root.length ? up : root;
  }
}

// Type-only packages, never loaded at run time.
const skipPackage = (name) => name.startsWith('@types/');

const found = new Map(); // dir -> {name, version}
const queue = [];
const missing = [];
for (const name of roots) {
  const dir = resolveFrom(root, name);
  if (!dir) throw new Error(`root package ${name} is not installed`);
  queue.push([dir, name, '(root)']);
}
while (queue.length) {
  const [dir, name] = queue.shift();
  if (found.has(dir) || skipPackage(name)) continue;
  const pkg = readPkg(dir);
  found.set(dir, { name, version: pkg.version });
  const deps = [
    ...Object.keys(pkg.dependencies || {}).map((d) => [d, 'dep']),
    ...Object.keys(pkg.optionalDependencies || {}).map((d) => [d, 'optional']),
    ...Object.keys(pkg.peerDependencies || {}).map((d) => [d, 'peer']),
  ];
  for (const [d, kind] of deps) {
    const at = resolveFrom(dir, d);
    if (at) queue.push([at, d, name]);
    else if (kind === 'dep') missing.push(`${d} (dependency of ${name})`);
  }
}
if (missing.length) throw new Error(`not installed: ${missing.join(', ')}`);

// ---- what to keep
const OTHER_PLATFORM = /(^|[\/._-])(darwin|mac|macos|osx|win|win32|win64|windows|android|ios|freebsd|openbsd|sunos|aix|musl|arm|arm64|armv6|armv7|armhf|aarch64|ia32|x86(?![_-]64)|ppc|ppc64|ppc64le|s390x|riscv64|loong64|mips|universal)([\/._-]|$)/i;
const NATIVE = /\.(node|so(\.\d+)*)$/;
const FOREIGN_BINARY = /\.(dll|dylib|exe|pdb|lib|exp)$/i;
const ROOT_JUNK = /^(test|tests|__tests__|spec|docs?|examples?|benchmarks?|bench|coverage|\.github|\.vscode|\.idea|website)$/i;
const TF_BROWSER_BUNDLE = /^dist\/(tf|tf-[a-z-]+)(\.es2017|\.fesm)?(\.min)?\.js$/;

function keep(pkgName, rel, isDir) {
  const base = rel.slice(rel.lastIndexOf('/') + 1);
  if (rel === 'node_modules') return false; // nested packages are copied as their own entries
  if (isDir) {
    if (!rel.includes('/') && ROOT_JUNK.test(rel)) return false;
    if (pkgName === 'onnxruntime-node' && /^bin\/napi-v\d+\/[^/]+(\/[^/]+)?$/.test(rel)) {
      const m = rel.match(/^bin\/napi-v\d+\/([^/]+)(?:\/([^/]+))?$/);
      return m[1] === 'linux' && (m[2] === undefined || m[2] === 'x64');
    }
    if (pkgName === 'webgpu' && /^dist\/[^/]+$/.test(rel)) return rel === 'dist/linux-x64';
    if (pkgName.startsWith('@tensorflow/') && /(^|\/)miniprogram$/.test(rel)) return false;
    return true;
  }
  if (/\.(map|tsbuildinfo)$/.test(base)) return false;
  if (/\.d\.[cm]?ts$/.test(base) || /\.[cm]?ts$/.test(base)) return false; // declarations and TS sources
  if (/^(readme|changelog|history|changes|contributing|authors|code_of_conduct|security)(\.|$)/i.test(base)) return false;
  if (/\.(md|markdown)$/i.test(base) && !/^licen[cs]e/i.test(base)) return false;
  if (FOREIGN_BINARY.test(base)) return false;
  if (NATIVE.test(base) && OTHER_PLATFORM.test(rel)) return false;
  if (pkgName.startsWith('@tensorflow/')) {
    if (TF_BROWSER_BUNDLE.test(rel) || /\.html$/.test(base) || /_test\.js$/.test(base)) return false;
  }
  return true;
}

const report = [];
const natives = [];
let total = 0;
for (const [dir, { name, version }] of [...found].sort((a, b) => a[0].localeCompare(b[0]))) {
  const relPkg = path.relative(root, dir);
  let bytes = 0;
  const walk = (src, rel) => {
    for (const ent of fs.readdirSync(src, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      const s = path.join(src, ent.name);
      const st = fs.statSync(s); // follows symlinks: the payload holds plain files only
      if (!keep(name, r, st.isDirectory())) continue;
      const d = path.join(dest, relPkg, r);
      if (st.isDirectory()) { walk(s, r); continue; }
      fs.mkdirSync(path.dirname(d), { recursive: true });
      fs.copyFileSync(s, d);
      fs.chmodSync(d, st.mode & 0o777);
      bytes += st.size;
      if (NATIVE.test(ent.name)) natives.push(`${relPkg}/${r} (${(st.size / 1048576).toFixed(1)} MiB)`);
    }
  };
  fs.mkdirSync(path.join(dest, relPkg), { recursive: true });
  walk(dir, '');
  total += bytes;
  report.push(`${relPkg.padEnd(64)} ${String(version).padEnd(10)} ${(bytes / 1048576).toFixed(2).padStart(7)} MiB`);
}
const text = [
  `# ${found.size} packages, ${(total / 1048576).toFixed(1)} MiB uncompressed; roots: ${roots.join(' ')}`,
  ...report,
  '',
  '# native files kept',
  ...natives,
  '',
].join('\n');
fs.writeFileSync(reportFile, text);
console.log(`${found.size} packages, ${(total / 1048576).toFixed(1)} MiB uncompressed`);
console.log('native files kept:\n  ' + natives.join('\n  '));
EOF
# shellcheck disable=SC2086
node "$STAGE/closure.mjs" "$ROOT" "$PAY" "$NEW/PACKAGES.txt" $ROOTS

# A fallback libstdc++ / libgcc_s (from this machine) for GPU machines whose own is older than the natives need.
mkdir -p "$PAY/fallback-lib"
for lib in libstdc++.so.6 libgcc_s.so.1; do
  src=$(ldconfig -p 2>/dev/null | awk -v l="$lib" '$1 == l && /x86-64/ && !f { print $NF; f = 1 }')
  [ -n "$src" ] || src=/usr/lib/x86_64-linux-gnu/$lib
  [ -f "$src" ] && cp -L "$src" "$PAY/fallback-lib/$lib" && echo "fallback lib: $src"
done

if [ -n "${GPU_BENCH_EXTRA_DIR:-}" ]; then
  echo "GPU_BENCH_EXTRA_DIR: copying $GPU_BENCH_EXTRA_DIR over the payload root (testing only)"
  cp -a "$GPU_BENCH_EXTRA_DIR/." "$PAY/"
fi

if [ "${GPU_BENCH_SMOKE:-1}" != 0 ]; then
  step "smoke test: load the packed packages here (from the payload, not the repository)"
  (cd "$PAY" && NODE_PATH= "$NODE_BIN" --input-type=module -e "
    import { createRequire } from 'node:module';
    import { readFileSync } from 'node:fs';
    const require = createRequire(process.cwd() + '/');
    const version = (p) => JSON.parse(readFileSync('node_modules/' + p + '/package.json', 'utf8')).version;
    const ort = require('onnxruntime-node');
    console.log('onnxruntime-node', version('onnxruntime-node'), 'InferenceSession.create:', typeof ort.InferenceSession.create);
    const gpu = await import('webgpu');
    console.log('webgpu', version('webgpu'), 'create:', typeof gpu.create);
    for (const p of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'onnxruntime-common'])
      require(p), console.log(p, version(p), 'loads');
    await import('./dist/app/compute/index.js');
    console.log('dist/app/compute/index.js loads');
    process.exit(0);
  ") || die "smoke test failed: the stripped payload does not load"
fi

# Versions the natives need from the GPU machine's C/C++ runtime.
max_ver() { for f in "$@"; do objdump -T "$f" 2>/dev/null; done | grep -oE "$VER_RE[0-9.]+" | sed "s/^$VER_RE//" | sort -uV | tail -1; }
mapfile -t NATIVE_FILES < <(find "$PAY/node_modules" -type f \( -name '*.node' -o -name '*.so*' \)) 
NATIVE_FILES+=("$NODE_BIN")
VER_RE=GLIBC_; GLIBC_NEED=$(max_ver "${NATIVE_FILES[@]}")
VER_RE=GLIBCXX_; GLIBCXX_NEED=$(max_ver "${NATIVE_FILES[@]}")
echo "natives need glibc >= $GLIBC_NEED, libstdc++ GLIBCXX_$GLIBCXX_NEED"

step "compressing the payload (xz $XZ_OPTS)"
# shellcheck disable=SC2086
tar -C "$PAY" --owner=0 --group=0 --numeric-owner --sort=name -cf - . | xz $XZ_OPTS > "$NEW/payload.tar.xz"
PAY_RAW=$(du -sb "$PAY" | cut -f1)
echo "payload: $(human "$PAY_RAW") -> $(human "$(stat -c %s "$NEW/payload.tar.xz")")"

# -------------------------------------------------------------------------------------------- vulkan
step "Vulkan loader packages: ${DEBS[*]}"
DEBDIR="$STAGE/debs"
mkdir -p "$DEBDIR"
if [ -n "${GPU_BENCH_DEBS_DIR:-}" ]; then
  for p in "${DEBS[@]}"; do cp "$GPU_BENCH_DEBS_DIR"/"${p}"_*_amd64.deb "$DEBDIR/" 2>/dev/null \
    || cp "$GPU_BENCH_DEBS_DIR"/"${p}"_*_all.deb "$DEBDIR/" || die "no $p .deb in $GPU_BENCH_DEBS_DIR"; done
else
  if ! (cd "$DEBDIR" && apt-get download "${DEBS[@]}") > "$STAGE/apt.log" 2>&1; then
    cat "$STAGE/apt.log" >&2
    die "apt-get download failed (set GPU_BENCH_DEBS_DIR to a folder holding the .debs)"
  fi
  grep -v '^W: Download is performed unsandboxed' "$STAGE/apt.log" || true
fi
: > "$NEW/vulkan/MANIFEST"
mkdir -p "$STAGE/debx"
for deb in "$DEBDIR"/*.deb; do
  pkg=$(dpkg-deb -f "$deb" Package)
  ver=$(dpkg-deb -f "$deb" Version)
  name="$pkg.deb" # plain names: apt's have %3a for an epoch's colon
  cp "$deb" "$NEW/vulkan/$name"
  dpkg-deb -x "$deb" "$STAGE/debx/$pkg"
  sonames=$(find "$STAGE/debx/$pkg" -type f -name 'lib*.so*' -exec objdump -p {} \; 2>/dev/null \
    | awk '/SONAME/ { print $2 }' | sort -u | tr '\n' ' ')
  echo "$name $pkg $ver ${sonames% }" >> "$NEW/vulkan/MANIFEST"
  echo "  $name $ver: ${sonames:-(no shared libraries)}"
done
# the same files pre-extracted, for GPU machines without dpkg
tar -C "$STAGE/debx" --owner=0 --group=0 --numeric-owner -cf - . | xz -9 > "$NEW/vulkan/extracted.tar.xz"

# --------------------------------------------------------------------------------------- run.sh, info
cp "$HERE/run.sh" "$NEW/run.sh"
chmod 755 "$NEW/run.sh"
{
  echo "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "git_commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo -dirty)"
  echo "node_version=$("$NODE_BIN" -v)"
  echo "node_sha256=$NODE_SHA"
  echo "glibc_need=$GLIBC_NEED"
  echo "glibcxx_need=$GLIBCXX_NEED"
  echo "roots=$ROOTS"
} > "$NEW/BUILD_INFO"

rm -rf "$DEST"
mv "$NEW" "$DEST"

step "gpu-bench/ contents"
(cd "$DEST" && find . -type f -printf '%s\t%P\n' | sort -rn | awk -F'\t' '{ printf "  %8.2f MiB  %s\n", $1 / 1048576, $2 }')
TOTAL=$(find "$DEST" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
echo "total: $(human "$TOTAL") ($TOTAL bytes; limit $(human "$LIMIT"))"
if [ "$TOTAL" -gt "$LIMIT" ]; then
  echo "pack.sh: gpu-bench/ is over the 64 MiB limit" >&2
  exit 1
fi
echo "ok: run it on the GPU machine with: bash gpu-bench/run.sh"
