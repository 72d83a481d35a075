"""Day 4's figures, all measured side by side in one run: the fast convolution pair against the naive
loops and against PyTorch, where its time goes, and the CNN's accuracy and training time.

    python -m benchmarks.day4          (part of: make bench)

Everything runs the reference solution (the answer cells of solutions/day4).

1. Fast against naive: forward + backward of ``conv_forward_fast`` / ``conv_backward_fast`` and of the
   naive pair on 64 digits images (16 filters 3x3, pad 1, a random dout); medians of a few naive and
   many fast repetitions.
2. Fast against PyTorch: ``torch.nn.functional.conv2d`` forward plus ``.backward(dout)`` in float64 on
   the CPU (gradients of x, w and b) on the digits batch (64x1x8x8, 16 filters 3x3) and on 64x16x14x14
   inputs (32 filters 3x3), both pad 1, at 1 thread (as the notebooks run numpy) and at 2 threads, the
   same count on both sides.  The machine is noisy, so the repetitions are interleaved: one of numpy,
   one of torch (the order swapped every repetition), one of the three matrix products alone and one
   of each stage of the fast pair; the tables give medians.  "Fraction of numpy's own GEMM speed" is
   the time of the three GEMMs alone over the time of the whole fast pair; a 1000x1000 float64 matmul
   gives the machine's GFLOP/s for reference.
3. The CNN: ``train_cnn`` on ``data.digits(seed=s)`` for five splits (the grader uses split 0), at
   1 thread; Day 3's MLP design on split 0 for comparison.

torch is an optional extra (``pip install -e '.[bench]'``): without it the torch columns are skipped.
Writes benchmarks/day4.md.
"""
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("NBGRADER_EXECUTION", None)

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from course import data  # noqa: E402

from benchmarks.timing import finish, interleaved, met, start, torch  # noqa: E402

OUT = Path(__file__).with_name("day4.md")
SPLITS = range(5)          # data.digits(seed=s); the grader uses split 0, the others show the spread
THREADS = (1, 2)
SHAPES = {                 # name: (x shape or "digits", filters, repetitions against torch)
    "digits 64x1x8x8, 16 filters": ("digits", 16, 200),
    "64x16x14x14, 32 filters": ((64, 16, 14, 14), 32, 40),
}
NAIVE_REPS, FAST_REPS = 3, 100


def ms(seconds):
    return f"{1e3 * seconds:.3f}"


def problem(shape, filters, seed=0):
    rng = np.random.default_rng(seed)
    x = data.digits(seed=0)["X_train"][:64] if shape == "digits" else rng.standard_normal(shape)
    w = rng.standard_normal((filters, x.shape[1], 3, 3)) * 0.1
    b = rng.standard_normal(filters)
    dout = rng.standard_normal((x.shape[0], filters) + x.shape[2:])   # pad 1, stride 1: same size
    return np.ascontiguousarray(x), w, b, dout


def fast_vs_naive(ns):
    x, w, b, dout = problem("digits", 16)

    def pair(fwd, bwd):
        out, cache = fwd(x, w, b, 1, 1)
        return (out, *bwd(dout, cache))
    fast = pair(ns["conv_forward_fast"], ns["conv_backward_fast"])
    naive = pair(ns["conv_forward_naive"], ns["conv_backward_naive"])
    err = max(float(np.max(np.abs(a - c))) for a, c in zip(fast, naive))
    t_naive = interleaved({"naive": lambda: pair(ns["conv_forward_naive"], ns["conv_backward_naive"])},
                          NAIVE_REPS, warmup=0)["naive"]
    t_fast = interleaved({"fast": lambda: pair(ns["conv_forward_fast"], ns["conv_backward_fast"])}, FAST_REPS)["fast"]
    return t_naive, t_fast, err


def matmul_gflops(reps=10):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((1000, 1000)), rng.standard_normal((1000, 1000))
    return 2e9 / interleaved({"mm": lambda: a @ b}, reps)["mm"] / 1e9


def torch_pair(x, w, b, dout):
    """Tensors and a function running conv2d forward + backward on them (float64, CPU)."""
    xt, wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
    dt = torch.tensor(dout, dtype=torch.float64)

    def run():
        xt.grad = wt.grad = bt.grad = None
        out = torch.nn.functional.conv2d(xt, wt, bt, stride=1, padding=1)
        out.backward(dt)
        return out, xt.grad, wt.grad, bt.grad
    return run


def side_by_side(ns, threads):
    """Per shape: medians of the numpy pair, torch's pair, the three GEMMs alone and each stage."""
    fwd, bwd, im2col, col2im = (ns[k] for k in ("conv_forward_fast", "conv_backward_fast", "im2col", "col2im"))
    results = {}
    for name, (shape, filters, reps) in SHAPES.items():
        x, w, b, dout = problem(shape, filters)
        N, C, H, W = x.shape
        F = w.shape[0]

        def numpy_pair():
            out, cache = fwd(x, w, b, 1, 1)
            return (out, *bwd(dout, cache))
        # the stages of the fast pair, on their real inputs (the reference functions and its own lines)
        cols = im2col(x, 3, 3, 1, 1)
        w_rows = w.reshape(F, -1)
        out2 = w_rows @ cols
        d = dout.transpose(1, 0, 2, 3).reshape(F, -1)
        dcols = w_rows.T @ d

        def bias_reshape():
            out2[...] += b[:, None]     # on one array: it drifts by b each call, which does not change the time
            return out2.reshape(F, N, H, W).transpose(1, 0, 2, 3)
        stages = {
            "im2col": lambda: im2col(x, 3, 3, 1, 1),
            "forward GEMM (w_rows @ cols)": lambda: w_rows @ cols,
            "bias + reshape": bias_reshape,
            "dout transpose + db": lambda: (dout.transpose(1, 0, 2, 3).reshape(F, -1), d.sum(axis=1)),
            "dw GEMM (d @ cols.T)": lambda: d @ cols.T,
            "dcols GEMM (w_rows.T @ d)": lambda: w_rows.T @ d,
            "col2im": lambda: col2im(dcols, x.shape, 3, 3, 1, 1),
        }
        fns = {"numpy": numpy_pair,
               "GEMMs alone": lambda: (w_rows @ cols, d @ cols.T, w_rows.T @ d)}
        err = None
        if torch is not None:
            fns["torch"] = torch_pair(x, w, b, dout)
            err = max(float(np.max(np.abs(a - t.detach().numpy()))) for a, t in zip(numpy_pair(), fns["torch"]()))
        fns.update(stages)
        with threadpool_limits(threads):
            if torch is not None:
                torch.set_num_threads(threads)
            med = interleaved(fns, reps)
        flops = 3 * 2 * F * cols.shape[0] * cols.shape[1]
        results[name] = {"med": med, "stages": list(stages), "err": err, "gemm_gflops": flops / med["GEMMs alone"] / 1e9}
        print(f"{threads} thread(s), {name}: numpy {ms(med['numpy'])} ms"
              + (f", torch {ms(med['torch'])} ms, ratio {med['numpy'] / med['torch']:.2f}" if torch else "")
              + f"; GEMMs alone {ms(med['GEMMs alone'])} ms", flush=True)
    if torch is not None:
        torch.set_num_threads(1)
    return results


def cnn_figures(ns):
    ev = ns["evaluate"]
    loss = ns["softmax_cross_entropy"]
    rows = []
    for s in SPLITS:
        d = data.digits(seed=s)
        start = time.perf_counter()
        net = ns["train_cnn"](d["X_train"], d["y_train"], d["X_val"], d["y_val"], seed=0)
        seconds = time.perf_counter() - start
        rows.append((s, ev(net, loss, d["X_test"], d["y_test"])[1], ev(net, loss, d["X_val"], d["y_val"])[1],
                     seconds, sum(v.size for v in net.params.values())))
        print(f"train_cnn, split {s}: test {rows[-1][1]:.1%}, val {rows[-1][2]:.1%}, {seconds:.1f} s", flush=True)
    return rows


def mlp_figures(ns):
    """Day 3's design (train_digits of solutions/day3) on split 0, through the notebook's Flatten."""
    d = data.digits(seed=0)
    rng = np.random.default_rng(0)
    D, R = ns["Dense"], ns["ReLU"]
    model = ns["Sequential"](ns["Flatten"](), D(64, 128, rng=rng), R(), D(128, 128, rng=rng), R(), D(128, 10, rng=rng))
    start = time.perf_counter()
    ns["train"](model, ns["softmax_cross_entropy"], ns["adam"], {"learning_rate": 2e-3}, d["X_train"], d["y_train"],
                d["X_val"], d["y_val"], epochs=40, batch_size=64, rng=rng)
    seconds = time.perf_counter() - start
    acc = ns["evaluate"](model, ns["softmax_cross_entropy"], d["X_test"], d["y_test"])[1]
    val = ns["evaluate"](model, ns["softmax_cross_entropy"], d["X_val"], d["y_val"])[1]
    return sum(v.size for v in model.params.values()), seconds, acc, val


def main():
    _, ns, lines = start("day4")
    begun = time.perf_counter()

    t_naive, t_fast, err = fast_vs_naive(ns)
    lines += ["## Fast against naive (forward + backward, 64 digits images, 16 filters 3x3, pad 1, 1 thread)", "",
              "| pair | median (ms) | repetitions |", "| --- | --- | --- |",
              f"| naive (loops) | {ms(t_naive)} | {NAIVE_REPS} |", f"| fast (im2col + GEMM) | {ms(t_fast)} | {FAST_REPS} |",
              "", f"Fast is **{t_naive / t_fast:.0f}x** faster (required: at least 50x: {met(t_naive / t_fast >= 50)}); "
              f"the two agree to "
              f"{err:.1e} (largest absolute difference over out, dx, dw, db).", ""]
    print("\n".join(lines[-7:]), flush=True)

    gflops = {}
    per_threads = {}
    for threads in THREADS:
        with threadpool_limits(threads):
            gflops[threads] = matmul_gflops()
        per_threads[threads] = side_by_side(ns, threads)

    first = len(lines)
    lines += ["## Fast against PyTorch (conv2d forward + backward, float64, CPU)", ""]
    if torch is None:
        lines += ["torch is not installed (`pip install -e '.[bench]'`): the torch rows were skipped.", ""]
    lines += ["Reference: a 1000x1000 float64 matmul runs at "
              + ", ".join(f"{gflops[t]:.1f} GFLOP/s with {t} thread{'s' * (t > 1)}" for t in THREADS) + ".", "",
              "| threads | shape | numpy fast pair (ms) | torch (ms) | numpy / torch | target | GEMMs alone (ms) "
              "| GEMM GFLOP/s | fraction of numpy's own GEMM speed | reps |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    targets = dict(zip(SHAPES, (1.5, 2.0)))
    for threads, res in per_threads.items():
        for name, r in res.items():
            m = r["med"]
            tt, ratio = ("skipped", "-")
            if "torch" in m:
                r_ = m["numpy"] / m["torch"]
                tt, ratio = ms(m["torch"]), f"**{r_:.2f}** ({met(r_ <= targets[name])})"
            lines.append(f"| {threads} | {name} | {ms(m['numpy'])} | {tt} | {ratio} | <= {targets[name]} "
                         f"| {ms(m['GEMMs alone'])} | {r['gemm_gflops']:.1f} | {m['GEMMs alone'] / m['numpy']:.0%} "
                         f"| {SHAPES[name][2]} |")
    errs = [r["err"] for res in per_threads.values() for r in res.values() if r["err"] is not None]
    if errs:
        lines += ["", f"numpy and torch agree to {max(errs):.1e} (largest absolute difference over out, dx, dw, db)."]
    lines += ["", "Where the fast pair's time goes (each stage timed alone on its real inputs, in the same "
              "interleaved loop; the rest is Python and the checks of the shapes):", ""]
    cols = [(t, name) for t in THREADS for name in SHAPES]
    lines += ["| stage | " + " | ".join(f"{name}, {t} thr (ms)" for t, name in cols) + " |",
              "| --- |" + " --- |" * len(cols)]
    for stage in per_threads[THREADS[0]][next(iter(SHAPES))]["stages"]:
        lines.append(f"| {stage} | " + " | ".join(
            f"{ms(per_threads[t][n]['med'][stage])} ({per_threads[t][n]['med'][stage] / per_threads[t][n]['med']['numpy']:.0%})"
            for t, n in cols) + " |")
    lines.append("| rest (whole pair minus the stages; noise can make it negative) | " + " | ".join(
        ms(per_threads[t][n]["med"]["numpy"] - sum(per_threads[t][n]["med"][s] for s in per_threads[t][n]["stages"]))
        for t, n in cols) + " |")
    lines.append("| whole pair | " + " | ".join(ms(per_threads[t][n]["med"]["numpy"]) for t, n in cols) + " |")
    lines.append("")
    print("\n".join(lines[first:]), flush=True)

    first = len(lines)
    rows = cnn_figures(ns)
    accs, vals, secs = [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]
    p_mlp, s_mlp, a_mlp, v_mlp = mlp_figures(ns)
    lines += ["## The CNN (the solution's `train_cnn`, 1 thread)", "",
              "| split seed | test accuracy (360 images) | validation accuracy | training time (s) |",
              "| --- | --- | --- | --- |"]
    lines += [f"| {s} | {a:.1%} | {v:.1%} | {sec:.1f} |" for s, a, v, sec, _ in rows]
    lines += ["", f"Split 0 (the grader's): **{accs[0]:.1%}** test accuracy in {secs[0]:.1f} s (required: at least "
              f"98 % within 30 s: {met(accs[0] >= 0.98 and secs[0] <= 30)}). Over the {len(rows)} splits: test accuracy min {min(accs):.1%}, median "
              f"{statistics.median(accs):.1%}; validation min {min(vals):.1%}, median {statistics.median(vals):.1%}; "
              f"training time median {statistics.median(secs):.1f} s, slowest {max(secs):.1f} s.", "",
              "| network (split 0) | parameters | training time (s) | test accuracy | validation accuracy |",
              "| --- | --- | --- | --- | --- |",
              f"| CNN (`train_cnn`) | {rows[0][4]:,} | {secs[0]:.1f} | {accs[0]:.1%} | {vals[0]:.1%} |",
              f"| Day 3's MLP 64-128-128-10 (Adam 2e-3, 40 epochs, batch 64) | {p_mlp:,} | {s_mlp:.1f} | {a_mlp:.1%} "
              f"| {v_mlp:.1%} |", ""]
    finish(lines, first, OUT, begun)


if __name__ == "__main__":
    main()
