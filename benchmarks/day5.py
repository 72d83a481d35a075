"""Day 5's figures, all measured side by side in one run: the vectorised LSTM and GRU against PyTorch's,
where their time goes, the adding problem and the character language model.

    python -m benchmarks.day5          (part of: make bench)

Everything runs the reference solution (the answer cells of solutions/day5).

1. Equality first: ``lstm_forward`` / ``lstm_backward`` and ``gru_forward`` / ``gru_backward`` against
   ``torch.nn.LSTM`` / ``torch.nn.GRU`` (float64, batch_first, the same weights copied in, h0 given, c0
   zero), the output and every gradient (x, h0, the weights and biases) on the benchmark's shape.  The
   LSTM's blocks are i, f, o, g here and i, f, g, o in torch: they are permuted on the way in and out;
   the GRU's r, z, n and its two biases are torch's.  Any difference above 1e-10 (relative to the size
   of the array) stops the run.
2. Forward + backward against torch on (N=64, T=50, D=32, H=64), float64, the same upstream gradient of
   every hidden state (torch: module forward, then ``.backward(dh)`` of the output), at 1 thread (as the
   notebooks run numpy) and at 2 threads, the same count on both sides.  The machine is noisy, so the
   repetitions are interleaved: numpy LSTM, torch LSTM, the LSTM's GEMMs alone, and the same three for
   the GRU, the order reversed every other repetition; the tables give medians.  "GEMMs alone" runs
   the matrix products of the reference pair with the same shapes and nothing else (one product for
   all steps' input projections, T for the recurrence forward, T backward, three for dx, dWx and dWh):
   its share of the pair's time shows where the time goes.  A 1000x1000 float64 matmul gives the
   machine's GFLOP/s for reference.
3. The adding problem (T = 50): the reference ``train_adding`` on ``data.adding_problem(n=4000, seed=s)``
   with validation seed s + 1 for s = 0..4 (the grader uses s = 0 and wants a held-out MSE <= 0.01 on
   1,000 fresh sequences, seed s + 1000, as here); then the RNN, the LSTM and the GRU with the
   notebook's settings (H = 32, 400 steps, Adam 2e-2, clip 1, batch 64, validation every 20 steps) on
   the notebook's data (seeds 0, 1 and 2 for training, validation and test) for three seeds of the
   rng that draws the weights and the batches (0 is the notebook's): time, test MSE, and the time to
   solve, the first recorded step at which the validation MSE is below 0.01.
4. The character language model: the notebook's LSTM (H = 64) with a TemporalDense head on
   ``day5.lm_data(T=32)``, 800 steps, batch 32, Adam 1e-2 with the cosine decay, clip 5: validation and
   training perplexity and seconds, and the perplexity of the letter frequencies alone.

Parts 3 and 4 run at 1 thread.  torch is an optional extra (``pip install -e '.[bench]'``): without it
the equality check and the torch columns are skipped.  Writes benchmarks/day5.md.
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

OUT = Path(__file__).with_name("day5.md")
THREADS = (1, 2)
N, T, D, H = 64, 50, 32, 64        # the shape
REPS = 30                          # interleaved repetitions per thread count
TARGET = 0.8                       # numpy / torch at most this
TOL = 1e-10                        # numpy against torch, relative to the size of each array
ADDING_SPLITS = range(5)           # train_adding on adding_problem(seed=s); the grader uses s = 0
KINDS, KIND_SEEDS = ("rnn", "lstm", "gru"), range(3)
ADDING = {"steps": 400, "batch_size": 64, "lr": 2e-2, "clip": 1.0, "every": 20}   # the notebook's fit_adding
SOLVED = 0.01                      # validation MSE that counts as solved (the grader's held-out bound)
LM = {"H": 64, "steps": 800, "batch_size": 32, "lr": 1e-2, "clip": 5.0, "decay": True, "every": 50, "T": 32}
LSTM_TO_TORCH = np.r_[0:2 * H, 3 * H:4 * H, 2 * H:3 * H]   # blocks i, f, o, g -> torch's i, f, g, o


def ms(seconds):
    return f"{1e3 * seconds:.2f}"


def problem(seed=0):
    """x, h0, the LSTM's (Wx, Wh, b), the GRU's (Wx, Wh, bx, bh) and an upstream dh, at the benchmark's shape."""
    rng = np.random.default_rng(seed)
    x, h0 = rng.standard_normal((N, T, D)), 0.5 * rng.standard_normal((N, H))
    lstm = (rng.standard_normal((D, 4 * H)) / np.sqrt(D), rng.standard_normal((H, 4 * H)) / np.sqrt(H),
            0.1 * rng.standard_normal(4 * H))
    gru = (rng.standard_normal((D, 3 * H)) / np.sqrt(D), rng.standard_normal((H, 3 * H)) / np.sqrt(H),
           0.1 * rng.standard_normal(3 * H), 0.1 * rng.standard_normal(3 * H))
    return x, h0, lstm, gru, rng.standard_normal((N, T, H))


def numpy_pair(ns, kind, x, h0, weights, dh):
    fwd, bwd = ns[f"{kind}_forward"], ns[f"{kind}_backward"]

    def run():
        h, cache = fwd(x, h0, *weights)
        return (h, *bwd(dh, cache))
    return run


def torch_pair(kind, x, h0, weights, dh):
    """A function running torch's LSTM or GRU forward + backward on the same problem: the same outputs as
    numpy_pair (h, dx, dh0, then the weight gradients in the notebook's layout)."""
    f64 = torch.float64
    if kind == "lstm":
        Wx, Wh, b = weights
        m = torch.nn.LSTM(D, H, batch_first=True, dtype=f64)
        p = LSTM_TO_TORCH
        w_ih, w_hh, b_ih, b_hh = Wx[:, p].T, Wh[:, p].T, b[p], np.zeros(4 * H)   # one bias: torch's second is 0
    else:
        Wx, Wh, bx, bh = weights
        m = torch.nn.GRU(D, H, batch_first=True, dtype=f64)
        w_ih, w_hh, b_ih, b_hh = Wx.T, Wh.T, bx, bh
    with torch.no_grad():
        for param, value in zip((m.weight_ih_l0, m.weight_hh_l0, m.bias_ih_l0, m.bias_hh_l0), (w_ih, w_hh, b_ih, b_hh)):
            param.copy_(torch.tensor(np.ascontiguousarray(value), dtype=f64))
    xt = torch.tensor(x, dtype=f64, requires_grad=True)
    h0t = torch.tensor(h0[None], dtype=f64, requires_grad=True)
    c0t = torch.zeros((1, N, H), dtype=f64)
    dht = torch.tensor(dh, dtype=f64)
    leaves = (xt, h0t, m.weight_ih_l0, m.weight_hh_l0, m.bias_ih_l0, m.bias_hh_l0)

    def run():
        for leaf in leaves:
            leaf.grad = None
        out, _ = m(xt, (h0t, c0t) if kind == "lstm" else h0t)
        out.backward(dht)
        return out

    def results():
        out = run().detach().numpy()
        dx, dh0, dw_ih, dw_hh, db_ih, db_hh = (leaf.grad.numpy() for leaf in leaves)
        if kind == "lstm":   # back to i, f, o, g; db of the one bias is torch's db_ih (= db_hh)
            back = np.argsort(LSTM_TO_TORCH)
            return out, dx, dh0[0], dw_ih.T[:, back], dw_hh.T[:, back], db_ih[back]
        return out, dx, dh0[0], dw_ih.T, dw_hh.T, db_ih, db_hh
    return run, results


def gemms_alone(kind, x):
    """The reference pair's matrix products with the same shapes, nothing else."""
    k = 4 if kind == "lstm" else 3
    rng = np.random.default_rng(1)
    Wx, Wh = rng.standard_normal((D, k * H)), rng.standard_normal((H, k * H))
    x2 = x.reshape(N * T, D)
    h_t = [np.ascontiguousarray(rng.standard_normal((N, H))) for _ in range(T)]
    d_t = [np.ascontiguousarray(rng.standard_normal((N, k * H))) for _ in range(T)]
    d2 = rng.standard_normal((N * T, k * H))
    hp2 = rng.standard_normal((N * T, H))

    def run():
        xa = x2 @ Wx                       # every step's input projection
        for t in range(T):
            h_t[t] @ Wh                    # the recurrence, forward
        for t in range(T):
            d_t[t] @ Wh.T                  # the recurrence, backward
        return xa, d2 @ Wx.T, x2.T @ d2, hp2.T @ d2   # dx, dWx, dWh
    flops = 2 * N * T * k * H * (3 * D + 3 * H)
    return run, flops


def max_difference(a, b):
    """The largest absolute difference over the pairs, each relative to max(1, the array's largest entry)."""
    return max(float(np.max(np.abs(u - v)) / max(1.0, np.max(np.abs(v)))) for u, v in zip(a, b))


def equality(ns):
    """numpy against torch on the benchmark's problem: {kind: largest difference}; raises if above TOL."""
    x, h0, lstm, gru, dh = problem()
    errs = {}
    for kind, weights in (("lstm", lstm), ("gru", gru)):
        ref = numpy_pair(ns, kind, x, h0, weights, dh)()
        _, results = torch_pair(kind, x, h0, weights, dh)
        got = results()
        names = ["h", "dx", "dh0", "dWx", "dWh"] + (["db"] if kind == "lstm" else ["dbx", "dbh"])
        if len(got) != len(ref):
            raise AssertionError(f"{kind}: {len(got)} torch results against {len(ref)} numpy ones")
        for name, u, v in zip(names, ref, got):
            if u.shape != v.shape:
                raise AssertionError(f"{kind} {name}: numpy shape {u.shape}, torch shape {v.shape}")
            e = max_difference([u], [v])
            if not e <= TOL:
                raise AssertionError(f"{kind} {name}: numpy and torch differ by {e:.2e} (more than {TOL:.0e}): "
                                     "the reference does not compute torch's cell")
        errs[kind] = max_difference(ref, got)
        print(f"{kind}: numpy and torch agree to {errs[kind]:.1e} over {', '.join(names)}", flush=True)
    return errs


def matmul_gflops(reps=10):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((1000, 1000)), rng.standard_normal((1000, 1000))
    return 2e9 / interleaved({"mm": lambda: a @ b}, reps)["mm"] / 1e9


def side_by_side(ns, threads):
    x, h0, lstm, gru, dh = problem()
    fns, flops = {}, {}
    for kind, weights in (("lstm", lstm), ("gru", gru)):
        fns[f"{kind} numpy"] = numpy_pair(ns, kind, x, h0, weights, dh)
        if torch is not None:
            fns[f"{kind} torch"] = torch_pair(kind, x, h0, weights, dh)[0]
        fns[f"{kind} GEMMs alone"], flops[kind] = gemms_alone(kind, x)
    with threadpool_limits(threads):
        if torch is not None:
            torch.set_num_threads(threads)
        med = interleaved(fns, REPS)
    if torch is not None:
        torch.set_num_threads(1)
    for kind in ("lstm", "gru"):
        print(f"{threads} thread(s), {kind.upper()}: numpy {ms(med[f'{kind} numpy'])} ms"
              + (f", torch {ms(med[f'{kind} torch'])} ms, ratio {med[f'{kind} numpy'] / med[f'{kind} torch']:.2f}"
                 if torch else "")
              + f"; GEMMs alone {ms(med[f'{kind} GEMMs alone'])} ms", flush=True)
    return med, flops


def adding_reference(ns):
    rows = []
    for s in ADDING_SPLITS:
        X, y = data.adding_problem(n=4000, T=50, seed=s)
        X_val, y_val = data.adding_problem(n=500, T=50, seed=s + 1)
        X_test, y_test = data.adding_problem(n=1000, T=50, seed=s + 1000)
        start = time.perf_counter()
        model = ns["train_adding"](X, y, X_val, y_val, seed=0)
        seconds = time.perf_counter() - start
        test = float(np.mean((model.forward(X_test, train=False)[:, 0] - y_test) ** 2))
        val = float(np.mean((model.forward(X_val, train=False)[:, 0] - y_val) ** 2))
        rows.append((s, test, val, seconds))
        print(f"train_adding, split {s}: test MSE {test:.4f}, validation {val:.4f}, {seconds:.1f} s", flush=True)
    return rows


def adding_kinds(ns):
    X, y = data.adding_problem(n=4000, T=50, seed=0)
    X_val, y_val = data.adding_problem(n=500, T=50, seed=1)
    X_test, y_test = data.adding_problem(n=1000, T=50, seed=2)
    rows = []
    for kind in KINDS:
        for seed in KIND_SEEDS:
            rng = np.random.default_rng(seed)
            model = ns["Sequential"](ns["Recurrent"](kind, 2, 32, rng=rng), ns["LastStep"](),
                                     ns["Dense"](32, 1, init="xavier", rng=rng))
            start = time.perf_counter()
            hist = ns["train_steps"](model, ns["mse"], X, y, X_val, y_val, rng=rng, **ADDING)
            seconds = time.perf_counter() - start
            test = float(np.mean((model.forward(X_test, train=False)[:, 0] - y_test) ** 2))
            solved = next((s for s, v in zip(hist["step"], hist["val_loss"]) if v < SOLVED), None)
            rows.append({"kind": kind, "seed": seed, "seconds": seconds, "test": test, "solved": solved,
                         "val": hist["val_loss"][-1]})
            print(f"{kind.upper()}, seed {seed}: test MSE {test:.4f}, {seconds:.1f} s, validation below {SOLVED} "
                  f"{'at step ' + str(solved) if solved else 'never'}", flush=True)
    return rows


def lm_data():
    """day5.lm_data(T=32) and day5.perplexity, or the same built here when course.day5 does not have them yet."""
    try:
        from course.day5 import lm_data as course_lm_data, perplexity
        return course_lm_data(T=LM["T"]), perplexity, "`course.day5.lm_data(T=32)`"
    except (ImportError, AttributeError):
        pass
    text = data.char_corpus()
    chars = sorted(set(text))
    ids = np.array([chars.index(ch) for ch in text])
    V, Tw = len(chars), LM["T"]

    def windows(part, stride):
        starts = np.arange(0, len(part) - Tw, stride)
        at = starts[:, None] + np.arange(Tw)
        return np.eye(V)[part[at]], part[at + 1]
    split = int(round(len(ids) * 0.9))
    (X, y), (X_val, y_val) = windows(ids[:split], 3), windows(ids[split:], Tw)

    class Vocab(list):
        def encode(self, s):
            return np.array([self.index(ch) for ch in s])
    return ({"vocab": Vocab(chars), "X_train": X, "y_train": y, "X_val": X_val, "y_val": y_val},
            lambda loss, T: float(np.exp(loss / T)),
            "built here from `data.char_corpus()` (course.day5 has no `lm_data` yet): the same windows")


def language_model(ns):
    lm, perplexity, source = lm_data()
    V = len(lm["vocab"])
    counts = np.bincount(lm["vocab"].encode(data.char_corpus()), minlength=V)
    p = counts[counts > 0] / counts.sum()
    unigram = float(np.exp(-np.sum(p * np.log(p))))
    rng = np.random.default_rng(0)
    model = ns["Sequential"](ns["Recurrent"]("lstm", V, LM["H"], rng=rng), ns["TemporalDense"](LM["H"], V, rng=rng))
    settings = {k: v for k, v in LM.items() if k not in ("H", "T")}
    start = time.perf_counter()
    hist = ns["train_steps"](model, ns["temporal_softmax_loss"], lm["X_train"], lm["y_train"], lm["X_val"], lm["y_val"],
                             rng=rng, **settings)
    seconds = time.perf_counter() - start
    Tw = lm["X_train"].shape[1]
    res = {"V": V, "source": source, "unigram": unigram, "seconds": seconds, "n_train": len(lm["X_train"]),
           "n_val": len(lm["X_val"]), "val": perplexity(hist["val_loss"][-1], Tw),
           "best_val": perplexity(min(hist["val_loss"]), Tw), "train": perplexity(hist["loss"][-1], Tw),
           "best_step": hist["step"][int(np.argmin(hist["val_loss"]))],
           "curve": [(s, perplexity(l, Tw), perplexity(v, Tw)) for s, l, v in zip(hist["step"], hist["loss"], hist["val_loss"])],
           "params": sum(v.size for v in model.params.values())}
    print(f"language model: validation perplexity {res['val']:.2f}, training {res['train']:.2f}, "
          f"{seconds:.1f} s (unigram {unigram:.1f}, V = {V})", flush=True)
    return res


def main():
    _, ns, lines = start("day5")
    begun = time.perf_counter()

    first = len(lines)
    lines += [f"## The LSTM and the GRU against PyTorch (forward + backward, N={N}, T={T}, D={D}, H={H}, float64, CPU)",
              ""]
    if torch is None:
        lines += ["torch is not installed (`pip install -e '.[bench]'`): the equality check and the torch columns "
                  "were skipped.", ""]
    else:
        errs = equality(ns)
        lines += [f"Checked first: the reference pairs compute torch's cells. `lstm_forward`/`lstm_backward` against "
                  f"`torch.nn.LSTM` (blocks permuted i, f, o, g <-> i, f, g, o; torch's second bias 0) agree to "
                  f"{errs['lstm']:.1e}, `gru_forward`/`gru_backward` against `torch.nn.GRU` (r, z, n, two biases) to "
                  f"{errs['gru']:.1e}: the largest difference over h, dx, dh0 and every weight and bias gradient, "
                  f"relative to max(1, the array's largest entry); the run stops above {TOL:.0e}.", ""]
    gflops, per_threads = {}, {}
    for threads in THREADS:
        with threadpool_limits(threads):
            gflops[threads] = matmul_gflops()
        per_threads[threads] = side_by_side(ns, threads)
    lines += [f"Reference: a 1000x1000 float64 matmul runs at "
              + ", ".join(f"{gflops[t]:.1f} GFLOP/s with {t} thread{'s' * (t > 1)}" for t in THREADS)
              + f". {REPS} interleaved repetitions per thread count; torch runs the module forward and "
              "`.backward(dh)` of its output (gradients of x, h0 and the weights).", "",
              "| threads | cell | numpy (ms) | torch (ms) | numpy / torch | target | GEMMs alone (ms) | GEMM GFLOP/s "
              "| GEMMs' share of numpy's time |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    ratios = {}
    for threads, (med, flops) in per_threads.items():
        for kind in ("lstm", "gru"):
            t_np, t_g = med[f"{kind} numpy"], med[f"{kind} GEMMs alone"]
            tt, ratio = "skipped", "-"
            if torch is not None:
                ratios[threads, kind] = r_ = t_np / med[f"{kind} torch"]
                tt, ratio = ms(med[f"{kind} torch"]), f"**{r_:.2f}** ({met(r_ <= TARGET)})"
            lines.append(f"| {threads} | {kind.upper()} | {ms(t_np)} | {tt} | {ratio} | <= {TARGET} | {ms(t_g)} "
                         f"| {flops[kind] / t_g / 1e9:.1f} | {t_g / t_np:.0%} |")
    lines += ["", "GEMMs alone: the pair's products with its shapes and nothing else: one (N·T, D) x (D, kH) for every "
              "step's input projection, T of (N, H) x (H, kH) forward and T of (N, kH) x (kH, H) backward for the "
              "recurrence, and three (N·T)-long products for dx, dWx and dWh (k = 4 gate blocks for the LSTM, 3 for "
              "the GRU). The rest of numpy's time is the gates' element-wise work, the slicing and the Python loop "
              f"over the {T} steps.", ""]
    print("\n".join(lines[first:]), flush=True)

    first = len(lines)
    rows = adding_reference(ns)
    tests, secs = [r[1] for r in rows], [r[3] for r in rows]
    kinds = adding_kinds(ns)
    lines += ["## The adding problem (T = 50, 1 thread)", "",
              "The reference `train_adding` (a GRU, H = 32, 400 steps), trained on `adding_problem(n=4000, seed=s)` "
              "with validation seed s + 1 and judged, as the grader does, on 1,000 fresh sequences (seed s + 1000):", "",
              "| split seed | test MSE (1,000 sequences) | validation MSE (500) | training time (s) |",
              "| --- | --- | --- | --- |"]
    lines += [f"| {s} | {t:.4f} | {v:.4f} | {sec:.1f} |" for s, t, v, sec in rows]
    lines += ["", f"Split 0 (the grader's): test MSE **{tests[0]:.4f}** in {secs[0]:.1f} s (required: at most "
              f"{SOLVED}: {met(tests[0] <= SOLVED)}). Over the {len(rows)} splits: test MSE median "
              f"{statistics.median(tests):.4f}, worst {max(tests):.4f} ({sum(t <= SOLVED for t in tests)} of "
              f"{len(rows)} at most {SOLVED}); training time median {statistics.median(secs):.1f} s, slowest "
              f"{max(secs):.1f} s. Predicting the mean scores about 0.167.", "",
              "The three cells with the notebook's settings (H = 32, 400 steps, Adam 2e-2, clip 1, batch 64, "
              "validation every 20 steps) on the notebook's data (training seed 0, validation 1, test 2), for three "
              "seeds of the rng that draws the weights and the batches (seed 0 is the notebook's run). Time to solve: "
              f"the first recorded step at which the validation MSE is below {SOLVED}, and the seconds up to it "
              "(the run's time times that fraction of its steps).", "",
              "| cell | seed | test MSE | final validation MSE | training time (s) | solved at step | time to solve (s) |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in kinds:
        solved = r["solved"]
        to_solve = f"{r['seconds'] * solved / ADDING['steps']:.1f}" if solved else "-"
        lines.append(f"| {r['kind'].upper()} | {r['seed']} | {r['test']:.4f} | {r['val']:.4f} | {r['seconds']:.1f} "
                     f"| {solved if solved else 'not in ' + str(ADDING['steps'])} | {to_solve} |")
    lines += ["", "| cell | median test MSE | median training time (s) | solved (of 3) | median step solved |",
              "| --- | --- | --- | --- | --- |"]
    for kind in KINDS:
        rs = [r for r in kinds if r["kind"] == kind]
        steps = [r["solved"] for r in rs if r["solved"]]
        lines.append(f"| {kind.upper()} | {statistics.median(r['test'] for r in rs):.4f} "
                     f"| {statistics.median(r['seconds'] for r in rs):.1f} | {len(steps)} "
                     f"| {statistics.median(steps) if steps else '-'} |")
    lines.append("")
    print("\n".join(lines[first:]), flush=True)

    first = len(lines)
    lm = language_model(ns)
    lines += ["## The character language model (1 thread)", "",
              f"Data: {lm['source']}: V = {lm['V']} characters, {lm['n_train']} training windows of {LM['T']} "
              f"(stride 3, the first 90 % of the text), {lm['n_val']} validation windows (stride {LM['T']}, the rest). "
              f"Model: Recurrent(\"lstm\", V, {LM['H']}) and TemporalDense({LM['H']}, V), {lm['params']:,} parameters; "
              f"{LM['steps']} steps, batch {LM['batch_size']}, Adam {LM['lr']:g} with the cosine decay, clip "
              f"{LM['clip']:g}.", "",
              "| model | validation perplexity (final) | best recorded (step) | training perplexity (last 50 steps) "
              "| training time (s) |",
              "| --- | --- | --- | --- | --- |",
              f"| LSTM, H = {LM['H']} | **{lm['val']:.2f}** | {lm['best_val']:.2f} ({lm['best_step']}) | {lm['train']:.2f} "
              f"| {lm['seconds']:.1f} |",
              f"| letter frequencies alone (unigram, whole corpus) | {lm['unigram']:.2f} | | | |",
              f"| uniform over the vocabulary | {lm['V']} | | | |", "",
              f"The final validation perplexity is {'above' if lm['val'] > lm['unigram'] else 'below'} the letter "
              f"frequencies' {lm['unigram']:.2f}. The curve, recorded every {LM['every']} steps (training perplexity: "
              "the mean over those steps):", "",
              "| step | " + " | ".join(str(s) for s, _, _ in lm["curve"]) + " |",
              "| --- |" + " --- |" * len(lm["curve"]),
              "| training | " + " | ".join(f"{t:.2f}" for _, t, _ in lm["curve"]) + " |",
              "| validation | " + " | ".join(f"{v:.2f}" for _, _, v in lm["curve"]) + " |", ""]
    finish(lines, first, OUT, begun)


if __name__ == "__main__":
    main()
