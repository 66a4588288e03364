#!/usr/bin/env python3
"""PyTorch CPU peer benchmark for Isotrope's valid network (cpu preset: W=32, B=3).

Measures, with torch.set_num_threads(N):
  1. inference voxels/s over both orientations (xz and yz planes, reflect-padded by the margin),
     extrapolated from K timed planes per orientation, counted the way our tool counts;
  2. training patches/s (64x64 input, 48x48 target, batch 16, L1 + Sobel-L1, AdamW);
  3. GFLOP/s of one 3x3 valid conv C->C at C=32 (1x32x256x256) and C=256 (1x256x64x64);
  4. peak RSS.
Not a test: the benchmark is the only thing that needs torch (apt-get install -y python3-torch).
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print("torch not installed: apt-get install -y python3-torch", file=sys.stderr)
    sys.exit(3)

SOBEL = [[-1, 0, 1, -2, 0, 2, -1, 0, 1], [-1, -2, -1, 0, 0, 0, 1, 2, 1]]


class ValidNet(torch.nn.Module):
    """head 1->W, B residual blocks (conv-relu-conv, skip cropped 2 px), tail W->1, all 3x3 valid.

    The output is centre_crop(x, m) + tail(h) with margin m = 2B + 2. NCHW, float32.
    """

    def __init__(self, width: int, blocks: int):
        super().__init__()
        conv = lambda cin, cout: torch.nn.Conv2d(cin, cout, 3)  # valid, stride 1, bias
        self.head = conv(1, width)
        self.blocks = torch.nn.ModuleList(
            torch.nn.ModuleList([conv(width, width), conv(width, width)]) for _ in range(blocks))
        self.tail = conv(width, 1)
        self.margin = 2 * blocks + 2
        for c in self.modules():  # He-normal weights, zero biases; the tail is non-zero too
            if isinstance(c, torch.nn.Conv2d):
                torch.nn.init.normal_(c.weight, 0.0, math.sqrt(2.0 / (9 * c.in_channels)))
                torch.nn.init.zeros_(c.bias)

    def forward(self, x):
        h = self.head(x)
        for conv1, conv2 in self.blocks:
            h = h[:, :, 2:-2, 2:-2] + conv2(F.relu(conv1(h)))
        m = self.margin
        return x[:, :, m:-m, m:-m] + self.tail(h)


def loss_fn(p, t, sobel, edge_weight=1.0):
    """mean|p - t| + lambda * mean|sobel(p - t)| (Sobel is linear; valid padding)."""
    d = p - t
    return d.abs().mean() + edge_weight * F.conv2d(d, sobel).abs().mean()


def seconds_per_plane(net, rows, cols, k, mode, repeats):
    """Seconds per output plane of rows x cols, reflect-padded by the margin: k planes, either
    as one forward of batch k ('batched') or one forward each ('single'). One warm-up, then the
    fastest of `repeats` runs (other processes on the cores only ever slow a run down)."""
    m = net.margin
    planes = torch.randn(k, 1, rows, cols)

    def run():
        if mode == "batched":
            y = net(F.pad(planes, (m, m, m, m), mode="reflect"))
        else:
            for i in range(k):
                y = net(F.pad(planes[i:i + 1], (m, m, m, m), mode="reflect"))
        assert y.shape[-2:] == (rows, cols)

    run()
    best = math.inf
    for _ in range(repeats):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best / k


def inference(net, volume, k, repeats):
    """Both orientations of an X x Y x Z output volume: Y xz planes (Z x X), X yz planes (Z x Y),
    each timed on k planes. The faster mode is picked on the xz planes and used for both."""
    X, Y, Z = volume
    with torch.inference_mode():
        modes = {mode: seconds_per_plane(net, Z, X, k, mode, repeats) for mode in ("batched", "single")}
        mode = min(modes, key=modes.get)
        s_xz = modes[mode]
        s_yz = seconds_per_plane(net, Z, Y, k, mode, repeats)
    total = Y * s_xz + X * s_yz
    return {"voxelsPerSecond": round(X * Y * Z / total), "xz": round(Z * X / s_xz),
            "yz": round(Z * Y / s_yz), "plane": [Z + 2 * net.margin, X + 2 * net.margin],
            "mode": f"{mode} (batch {k})" if mode == "batched" else f"{mode} ({k} planes)",
            "_modes": {mo: round(Z * X / s) for mo, s in modes.items()}}


def training(net, steps, batch=16, patch=64):
    """Forward + loss + backward + AdamW step on a fixed random batch (no data loading)."""
    out = patch - 2 * net.margin
    x, t = torch.randn(batch, 1, patch, patch), torch.randn(batch, 1, out, out)
    sobel = torch.tensor(SOBEL, dtype=torch.float32).reshape(2, 1, 3, 3)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), t, sobel)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(3):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    # batch / median step time: batch * steps / seconds on a quiet machine, robust to other load
    return {"patchesPerSecond": round(batch / statistics.median(times), 1),
            "batch": batch, "patch": patch}


def conv_gflops(c, size, repeats):
    """Median GFLOP/s of one 3x3 valid conv c->c (no bias) on 1 x c x size x size, forward only."""
    x, w = torch.randn(1, c, size, size), torch.randn(c, c, 3, 3) * 0.05
    flops = 2 * 9 * c * c * (size - 2) ** 2
    times = []
    with torch.inference_mode():
        F.conv2d(x, w)
        for _ in range(repeats):
            t = time.perf_counter()
            F.conv2d(x, w)
            times.append(time.perf_counter() - t)
    return round(flops / statistics.median(times) / 1e9, 1)


def idle_fraction(seconds=1.0):
    """Fraction of all cores idle over `seconds` (Linux /proc/stat), taken before we start."""
    def sample():
        with open("/proc/stat") as f:
            v = [int(n) for n in f.readline().split()[1:9]]
        return v[3] + v[4], sum(v)  # idle + iowait, total
    (i0, t0), _, (i1, t1) = sample(), time.sleep(seconds), sample()
    return (i1 - i0) / max(1, t1 - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--json", action="store_true", help="print one JSON object only")
    ap.add_argument("--quick", action="store_true", help="fewer planes, steps and repeats")
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--blocks", type=int, default=3)
    ap.add_argument("--train-steps", type=int, help="timed steps (default 20, quick 5)")
    ap.add_argument("--planes", type=int, help="timed planes per orientation (default 8, quick 2)")
    ap.add_argument("--volume", type=int, nargs=3, default=[512, 512, 256], metavar=("X", "Y", "Z"),
                    help="output volume in voxels (default 512 512 256)")
    a = ap.parse_args()
    steps, planes = a.train_steps or (5 if a.quick else 20), a.planes or (2 if a.quick else 8)
    repeats = 1 if a.quick else 3
    try:
        if (idle := idle_fraction()) < 0.9:
            print(f"warning: cores only {idle:.0%} idle before the run; figures will be low", file=sys.stderr)
    except OSError:
        pass
    torch.set_num_threads(a.threads)  # Debian's build starts with 1 OpenMP thread here
    torch.manual_seed(1)
    net = ValidNet(a.width, a.blocks)
    inf = inference(net, a.volume, planes, repeats)
    modes = inf.pop("_modes")
    r = {"torch": torch.__version__, "threads": torch.get_num_threads(), "inference": inf,
         "training": training(net, steps),
         "conv": {"c32": conv_gflops(32, 256, repeats * 3), "c256": conv_gflops(256, 64, repeats * 3)},
         "peakRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}  # KiB on Linux
    if a.json:
        print(json.dumps(r))
        return
    k = lambda v: f"{v / 1e3:.0f} k"
    for name, value in [
        ("torch / threads", f"{r['torch']} / {r['threads']}"),
        ("network", f"valid W={a.width} B={a.blocks}, margin {net.margin}, "
                    f"{sum(p.numel() for p in net.parameters())} params"),
        ("volume (output)", "x".join(map(str, a.volume)) + "; padded plane %dx%d" % tuple(inf["plane"])),
        ("inference, both", f"{k(inf['voxelsPerSecond'])} voxels/s ({inf['mode']})"),
        ("  xz / yz", f"{k(inf['xz'])} / {k(inf['yz'])} voxels/s per orientation"),
        ("  xz by mode", ", ".join(f"{mode} {k(v)}" for mode, v in modes.items())),
        ("training", f"{r['training']['patchesPerSecond']} patches/s (64x64, batch 16, {steps} steps)"),
        ("conv 3x3 C=32", f"{r['conv']['c32']} GFLOP/s (1x32x256x256)"),
        ("conv 3x3 C=256", f"{r['conv']['c256']} GFLOP/s (1x256x64x64)"),
        ("peak RSS", f"{r['peakRssMiB']} MiB"),
    ]:
        print(f"{name:<17} {value}")


if __name__ == "__main__":
    main()
