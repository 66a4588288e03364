#!/usr/bin/env bash
# Entry on the GPU machine (copied into gpu-bench/ by test/bench/gpu/pack.sh). Needs no network and no
# installed Node: unpacks the bundled Node and payload, makes the Vulkan loader available, then runs
#   node --expose-gc $GPU_BENCH_ENTRY --json-out $OUT_DIR/gpu-bench.json [extra args of run.sh]
# under `timeout $GPU_BENCH_TIMEOUT` (default 280 s). Output (JSON, run.log) goes to ${OUT:-$PWD/out}.
# Knobs: GPU_BENCH_ENTRY (default dist/test/bench/gpu.js), GPU_BENCH_TIMEOUT, GPU_BENCH_WORK (unpack
# folder; default a fresh mktemp folder, removed at the end unless GPU_BENCH_KEEP=1).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
START_PWD=$PWD
ENTRY=${GPU_BENCH_ENTRY:-dist/test/bench/gpu.js}
TIMEOUT=${GPU_BENCH_TIMEOUT:-280}
OUT_DIR=${OUT:-$START_PWD/out}
mkdir -p "$OUT_DIR" && OUT_DIR=$(cd "$OUT_DIR" && pwd) || { echo "[run.sh] cannot create $OUT_DIR" >&2; exit 1; }
exec > >(tee -a "$OUT_DIR/run.log") 2>&1
TEE_PID=$!
export PATH="${PATH:-/usr/bin:/bin}:/usr/sbin:/sbin"

T0=$(date +%s)
log() { echo "[run.sh +$(( $(date +%s) - T0 ))s] $*"; }
die() { log "FAILED: $*"; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

log "gpu-bench from $HERE; output to $OUT_DIR"
[ -f "$HERE/BUILD_INFO" ] && sed 's/^/    /' "$HERE/BUILD_INFO"
log "machine: $(uname -srm); user $(id -un 2>/dev/null || id -u) (uid $(id -u))"
[ -r /etc/os-release ] && log "os: $(. /etc/os-release && echo "${PRETTY_NAME:-$ID}")"
REMOVE_WORK=0
finish() {
  [ "$REMOVE_WORK" = 1 ] && [ -n "${WORK:-}" ] && rm -rf "$WORK"
  exec >&- 2>&-
  wait "$TEE_PID" 2>/dev/null
}
trap finish EXIT
info() { sed -n "s/^$1=//p" "$HERE/BUILD_INFO" 2>/dev/null; }

# ------------------------------------------------------------------------------------------- unpack
if [ -n "${GPU_BENCH_WORK:-}" ]; then WORK=$GPU_BENCH_WORK; mkdir -p "$WORK" || die "cannot create $WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/gpu-bench.XXXXXX" 2>/dev/null) || { WORK="$HERE/.work"; rm -rf "$WORK"; mkdir -p "$WORK"; } || die "no folder to unpack into"
  [ "${GPU_BENCH_KEEP:-0}" = 1 ] || REMOVE_WORK=1
fi
WORK=$(cd "$WORK" && pwd)
log "unpacking into $WORK ($(df -h "$WORK" 2>/dev/null | awk 'NR == 2 { print $4 " free" }'))"

untar_xz() { # archive dest
  if have xz; then xz -dc "$1" | tar -xf - -C "$2"
  elif have python3; then
    log "  (no xz here: unpacking with python3's lzma)"
    python3 - "$1" "$2" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1], 'r:xz') as t:
    t.extractall(sys.argv[2], **({'filter': 'tar'} if hasattr(tarfile, 'tar_filter') else {}))
PY
  else return 1; fi
}
untar_xz "$HERE/node.tar.xz" "$WORK" || die "cannot unpack node.tar.xz (needs xz or python3)"
log "node unpacked: $WORK/node/bin/node"
untar_xz "$HERE/payload.tar.xz" "$WORK" || die "cannot unpack payload.tar.xz"
log "payload unpacked: $(ls "$WORK" | tr '\n' ' ')"
NODE="$WORK/node/bin/node"
if have sha256sum && [ -n "$(info node_sha256)" ]; then
  [ "$(sha256sum "$NODE" | cut -d' ' -f1)" = "$(info node_sha256)" ] && log "node checksum ok" || die "node binary checksum mismatch"
fi

# ---------------------------------------------------------------------------------- C/C++ runtime
GLIBC=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ print $2 }')
log "glibc ${GLIBC:-unknown}; the natives need >= $(info glibc_need)"
vers_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }
if [ -n "$GLIBC" ] && [ -n "$(info glibc_need)" ] && ! vers_ge "$GLIBC" "$(info glibc_need)"; then
  log "WARNING: glibc $GLIBC is older than $(info glibc_need): some natives (webgpu's dawn.node) will not load"
fi
LIB_DIRS="/usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /lib64 /usr/lib /lib /usr/local/lib"
find_lib() { # soname -> path on the loader's default search (cache or standard folders), or nothing
  local p d llp=${LD_LIBRARY_PATH:-}
  for p in $(ldconfig -p 2>/dev/null | awk -v l="$1" '$1 == l && /x86-64/ { print $NF }'); do
    [ -e "$p" ] && { echo "$p"; return 0; } # the cache may be stale
  done
  for d in $LIB_DIRS ${llp//:/ }; do [ -e "$d/$1" ] && { echo "$d/$1"; return 0; }; done
  return 1
}
NEED_CXX=$(info glibcxx_need)
STDCXX=$(find_lib libstdc++.so.6 || true)
if [ -z "$STDCXX" ] || { [ -n "$NEED_CXX" ] && ! grep -qa "GLIBCXX_$NEED_CXX" "$STDCXX"; }; then
  log "libstdc++ ${STDCXX:-missing} lacks GLIBCXX_$NEED_CXX: using the bundled fallback-lib/"
  export LD_LIBRARY_PATH="$WORK/fallback-lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  log "libstdc++ $STDCXX has GLIBCXX_$NEED_CXX"
fi
"$NODE" -e 0 || die "the bundled node does not start here"
log "node $("$NODE" -v) runs"

# ---------------------------------------------------------------------------- Vulkan loader (.debs)
# Each .deb whose library is missing is extracted (dpkg -x, or the pre-extracted copy where there is no
# dpkg) into $WORK/sysroot. As root, its files are then copied into / (GNU tar --no-overwrite-dir: files
# only, existing folders keep their permissions) and ldconfig runs; otherwise, or if / is read-only,
# $WORK/sysroot's library folder goes on LD_LIBRARY_PATH.
IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1
LOCAL_PREFIX="$WORK/sysroot"
deb_extract() { # deb pkg: into $LOCAL_PREFIX
  if have dpkg; then dpkg -x "$HERE/vulkan/$1" "$LOCAL_PREFIX"; return; fi
  if [ ! -d "$WORK/debx" ]; then
    mkdir -p "$WORK/debx" && untar_xz "$HERE/vulkan/extracted.tar.xz" "$WORK/debx" || return 1
  fi
  cp -a "$WORK/debx/$2/." "$LOCAL_PREFIX/"
}
log "Vulkan / GL dispatch libraries (vulkan/MANIFEST)$(have dpkg || echo '; no dpkg here: using the pre-extracted copy')"
mkdir -p "$LOCAL_PREFIX"
EXTRACTED_ANY=0
while read -r deb pkg ver sonames; do
  [ -n "$deb" ] || continue
  missing=""
  for so in $sonames; do find_lib "$so" >/dev/null || missing="$missing $so"; done
  if [ -z "$missing" ]; then log "  $pkg: present ($sonames), skipped"; continue; fi
  deb_extract "$deb" "$pkg" || die "cannot extract $deb"
  log "  $pkg $ver: missing$missing -> $(have dpkg && echo 'dpkg -x' || echo 'pre-extracted') $deb"
  EXTRACTED_ANY=1
done < "$HERE/vulkan/MANIFEST"
USE_LOCAL=0
if [ "$EXTRACTED_ANY" = 1 ]; then
  rm -rf "$LOCAL_PREFIX/usr/share" # docs, bug and lintian files only
  if [ "$IS_ROOT" = 1 ] && (cd "$LOCAL_PREFIX" && find . ! -type d -print0 | tar --null -T - -cf -) \
       | tar -C / --no-overwrite-dir -xf - 2>"$WORK/install.err"; then
    log "installed the extracted files into /:"
    (cd "$LOCAL_PREFIX" && find . ! -type d | sed "s|^\./|    /|")
    if have ldconfig; then ldconfig && log "ran ldconfig"; else log "no ldconfig here"; fi
  else
    [ "$IS_ROOT" = 1 ] && log "could not write into / ($(head -c 300 "$WORK/install.err" | tr '\n' ' ')): using the local prefix"
    USE_LOCAL=1
  fi
fi
if [ "$USE_LOCAL" = 1 ]; then # not root, or / read-only: the local prefix goes on the library path
  for dir in "$LOCAL_PREFIX"/usr/lib/x86_64-linux-gnu "$LOCAL_PREFIX"/lib/x86_64-linux-gnu; do
    [ -d "$dir" ] || continue
    export LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    log "LD_LIBRARY_PATH += $dir"
  done
fi
if [ "$EXTRACTED_ANY" = 1 ] && [ "$USE_LOCAL" = 0 ]; then
  # installed into /: a system whose loader cache skips /usr/lib/x86_64-linux-gnu (non-Debian layout) needs it on the path
  in_cache() { ldconfig -p 2>/dev/null | awk -v l="$1" '$1 == l && /x86-64/ { f = 1 } END { exit !f }'; }
  while read -r deb pkg ver sonames; do
    for so in $sonames; do
      if [ -e "/usr/lib/x86_64-linux-gnu/$so" ] && ! in_cache "$so"; then
        export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/lib/x86_64-linux-gnu"
        log "LD_LIBRARY_PATH += /usr/lib/x86_64-linux-gnu ($so is not in this system's loader cache)"
        break 2
      fi
    done
  done < "$HERE/vulkan/MANIFEST"
fi
log "libvulkan.so.1: $(find_lib libvulkan.so.1 || echo 'NOT FOUND')"

# ------------------------------------------------------------------------------- NVIDIA driver, ICD
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  if [ -d "$d" ] && [[ ":${LD_LIBRARY_PATH:-}:" != *":$d:"* ]] && [ -z "$(ldconfig -p 2>/dev/null | grep -F "$d/")" ]; then
    export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d"
    log "LD_LIBRARY_PATH += $d (NVIDIA driver folder outside the loader cache)"
  fi
done
for so in libcuda.so.1 libGLX_nvidia.so.0 libEGL_nvidia.so.0 libnvidia-glvkspirv.so libnvidia-gpucomp.so; do
  p=$(find_lib "$so" || ls -1 /usr/lib/x86_64-linux-gnu/"$so".* /usr/lib64/"$so".* /usr/local/nvidia/lib64/"$so"* 2>/dev/null | head -1)
  log "  $so: ${p:-not found}"
done
ICDS=$(ls -1 /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json 2>/dev/null)
if [ -n "$ICDS" ]; then
  for f in $ICDS; do
    lib=$(sed -n 's/.*"library_path"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | head -1)
    if [ -z "$lib" ]; then where="?"
    elif [[ "$lib" == /* ]]; then [ -e "$lib" ] && where="exists" || where="MISSING"
    else where=$(find_lib "$lib" || echo "NOT FOUND by the loader"); fi
    log "Vulkan ICD: $f -> $lib ($where)"
  done
elif [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json VK_ICD_FILENAMES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  log "no ICD in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d: VK_DRIVER_FILES=$VK_DRIVER_FILES"
else
  GLX_NV=$(find_lib libGLX_nvidia.so.0 || ls -1 /usr/local/nvidia/lib64/libGLX_nvidia.so.0 2>/dev/null || true)
  if [ -n "$GLX_NV" ]; then
    printf '{ "file_format_version": "1.0.0", "ICD": { "library_path": "%s", "api_version": "1.3.0" } }\n' "$GLX_NV" > "$WORK/nvidia_icd.json"
    export VK_DRIVER_FILES="$WORK/nvidia_icd.json" VK_ICD_FILENAMES="$WORK/nvidia_icd.json"
    log "no Vulkan ICD file anywhere: wrote $VK_DRIVER_FILES for $GLX_NV"
  else
    log "WARNING: no Vulkan ICD file and no libGLX_nvidia.so.0: Vulkan will find no NVIDIA device (the container may lack the 'graphics' driver capability)"
  fi
fi

# ------------------------------------------------------------------------------------------ the run
if have nvidia-smi; then log "nvidia-smi -L:"; nvidia-smi -L 2>&1 | sed 's/^/    /'
else log "nvidia-smi not found"; fi
case $ENTRY in /*) ;; *) [ -f "$WORK/$ENTRY" ] || die "entry $ENTRY is not in the payload" ;; esac
export PATH="$WORK/node/bin:$PATH"
log "environment: LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-} VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
log "running (timeout ${TIMEOUT}s, in $WORK): node --expose-gc $ENTRY --json-out $OUT_DIR/gpu-bench.json $*"
cd "$WORK" || die "cannot enter $WORK"
T_RUN=$(date +%s)
timeout --kill-after=10 "$TIMEOUT" "$NODE" --expose-gc "$ENTRY" --json-out "$OUT_DIR/gpu-bench.json" "$@"
RC=$?
RAN=$(( $(date +%s) - T_RUN ))
cd "$START_PWD" || true
if [ "$RC" = 0 ]; then log "benchmark finished after ${RAN}s (exit 0)"
elif { [ "$RC" = 124 ] || [ "$RC" = 137 ]; } && [ "$RAN" -ge "$TIMEOUT" ]; then log "benchmark TIMED OUT after ${RAN}s (limit ${TIMEOUT}s, exit $RC)"
elif [ "$RC" -gt 128 ]; then log "benchmark KILLED by signal $(( RC - 128 )) after ${RAN}s (exit $RC; signal 9 before the time limit: most likely out of memory)"
else log "benchmark FAILED after ${RAN}s (exit $RC)"; fi
[ -f "$OUT_DIR/gpu-bench.json" ] && log "wrote $OUT_DIR/gpu-bench.json ($(wc -c < "$OUT_DIR/gpu-bench.json") bytes)" \
  || log "no $OUT_DIR/gpu-bench.json"
exit "$RC"
