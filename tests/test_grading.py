"""Each day through the real nbgrader pipeline, and mutation tests of its hidden checks."""
import json
import shutil
import subprocess
import sys

import pytest

from autograder import mutants, nbparts
from autograder.grade import grade
from autograder.mutants import not_unique
from autograder.nbg import DAYS, ROOT, env, source_notebook
from autograder.verdict import Reference

# a function per day that no later exercise builds on: its 0.1 % error must cost exactly its own part
BROKEN = {"day0": "accuracy_score", "day1": "sigmoid_grad", "day2": "step_decay", "day3": "confusion_matrix",
          "day4": "receptive_field", "day5": "temporal_softmax_loss"}

def all_functions():
    out = []
    for day in DAYS:
        for cell, fn, test in mutants.functions(nbparts.read(source_notebook(day))):
            out.append(pytest.param(day, cell, fn, test, id=f"{day}-{fn}"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("day,cell,fn,test", all_functions())
def test_a_0_1_percent_error_loses_the_points(day, cell, fn, test):
    alive = mutants.survives(day, cell, fn, test)
    if not_unique(day, fn):
        assert alive, f"{fn} is listed as not unique but a scaled answer fails: drop it from NOT_UNIQUE"
    else:
        assert not alive, f"{day}: {fn} off by 0.1 % still gets the points of {test}"


def scores_by_cell(workdir, day):
    rows = {}
    for line in (workdir / "reports" / day / "exercises.csv").read_text().splitlines()[1:]:
        parts = line.split(",")
        rows[parts[0]] = parts
    return rows


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS)
def test_round_trip_through_nbgrader(day, tmp_path, monkeypatch):
    monkeypatch.delenv("BACKPROP_FEEDBACK_FIGURES", raising=False)   # the default: the learner's figures
    source = nbparts.read(source_notebook(day))
    tests = nbparts.tests(source)
    total = sum(p for p, _ in tests.values())
    flat = tmp_path / "in"
    flat.mkdir()
    shutil.copyfile(source_notebook(day), flat / "solution.ipynb")
    shutil.copyfile(ROOT / day / source_notebook(day).name, flat / "release.ipynb")
    target = next(t for t in mutants.functions(source) if t[1] == BROKEN[day])
    (flat / "broken.ipynb").write_text(json.dumps(mutants.mutant(source, target[0], target[1])))

    rows = grade(day, flat=flat, quiet=True, workdir=tmp_path / "wd", cell_timeout=60)
    got = {r["participant"]: {g: v.score for g, v in r["verdicts"].items()} for r in rows}
    assert got["solution"] == {g: p for g, (p, _) in tests.items()}
    assert got["release"] == {g: 0.0 for g in tests}
    split = Reference(source_notebook(day)).parts[target[2]] or {}
    lost = split.get(target[1], split.get(target[1].rsplit("_", 1)[0], tests[target[2]][0]))
    assert lost < tests[target[2]][0] or not split, "the broken function costs its own part only"
    assert got["broken"] == {g: (p - lost if g == target[2] else p) for g, (p, _) in tests.items()}

    grades = (tmp_path / "wd" / "grades.csv").read_text()
    assert f"{day},,,solution,,,,{total:.1f}" in grades and f"{day},,,release,,,,0.0" in grades
    for who in ("solution", "release", "broken"):
        fb = tmp_path / "wd" / "feedback" / who / day
        assert (fb / f"{source_notebook(day).stem}.html").exists() and (fb / "grader_report.html").exists()
        html = (fb / f"{source_notebook(day).stem}.html").read_text()
        assert "Grader&#39;s verdict" in html or "Grader's verdict" in html
        assert nbparts.BEGIN not in html, "the feedback must not show the hidden checks"
    # the learner's figures come back as PNGs: one image in the feedback for each figure the graded
    # notebook drew, and no figure left as its text alone
    graded = json.loads((tmp_path / "wd" / "autograded" / "solution" / day / source_notebook(day).name).read_text())
    shown = [o for c in graded["cells"] for o in c.get("outputs", []) if o.get("output_type") == "display_data"]
    figures = [o for o in shown if "image/png" in o.get("data", {})]
    assert figures and all(set(o.get("data", {})) - {"text/plain"} for o in shown), (
        f"{day}: a figure reached the feedback as text only")
    html = (tmp_path / "wd" / "feedback" / "solution" / day / f"{source_notebook(day).stem}.html").read_text()
    assert html.count("data:image/png;base64,") == len(figures) and "Figure size" not in html


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS)
def test_the_validate_button_passes_the_solution_and_nothing_of_the_release(day):
    def validate(*args):
        return subprocess.run([sys.executable, "-m", "nbgrader", "validate", *args], cwd=ROOT,
                              env=env(), capture_output=True, text=True).stdout
    assert "Success! Your notebook passes all the tests." in validate(str(source_notebook(day)))
    release = ROOT / day / source_notebook(day).name
    assert "Success! The notebook does not pass any tests." in validate("--invert", str(release))


# Value is a class, which the automatic mutants skip: these hand-made ones stand in
VALUE_MUTANTS = {
    "+ overwrites instead of accumulating": ("self.grad += out.grad\n", "self.grad = out.grad\n"),
    "* uses its own value": ("self.grad += other.data * out.grad", "self.grad += self.data * out.grad"),
    "** off by 0.1 %": ("self.grad += k * self.data ** (k - 1) * out.grad",
                        "self.grad += 1.001 * k * self.data ** (k - 1) * out.grad"),
    "tanh derivative off by 0.1 %": ("(1.0 - t * t) * out.grad", "1.001 * (1.0 - t * t) * out.grad"),
    "exp derivative forgets the chain": ("self.grad += e * out.grad", "self.grad += e"),
    "backward in forward order": ("for v in reversed(order):", "for v in order:"),
    "backward forgets the seed": ("self.grad = 1.0\n", "self.grad = 0.999\n"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", VALUE_MUTANTS)
def test_value_mutants_lose_the_points(name, tmp_path):
    if "day2" not in DAYS:
        pytest.skip("no Day 2")
    from autograder.verdict import Reference, judge
    old, new = VALUE_MUTANTS[name]
    nb = nbparts.read(source_notebook("day2"))
    cell = next(c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == "value")
    src = nbparts.source(cell)
    assert old in src, f"the Value solution changed: update the mutant {name!r}"
    cell["source"] = src.replace(old, new, 1)
    (tmp_path / "m.ipynb").write_text(json.dumps(nb))
    verdicts, _ = judge(Reference(source_notebook("day2")), tmp_path / "m.ipynb", "s", "m", "day2")
    assert verdicts["test_value"].score == 0, f"{name} keeps the points of test_value"


@pytest.mark.slow
def test_a_value_that_assigns_instead_of_accumulating_is_told_so_not_blamed_on_relu(tmp_path):
    if "day2" not in DAYS:
        pytest.skip("no Day 2")
    nb = nbparts.read(source_notebook("day2"))
    cell = next(c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == "value")
    cell["source"] = nbparts.source(cell).replace(".grad += ", ".grad = ")
    (tmp_path / "m.ipynb").write_text(json.dumps(nb))
    verdicts, _ = judge_day2(tmp_path / "m.ipynb")
    text = "\n".join(verdicts["test_value"].messages)
    assert "used several times" in text and "not overwrite it" in text, text
    assert "relu at positive and negative inputs" not in text, f"the relu check blames relu:\n{text}"


# Day 3's conventions, broken one at a time where scaling a result cannot: (answer cell, old, new, test cell)
DAY3_MUTANTS = {
    "dropout forgets to scale": ("dropout", "(rng.random(x.shape) >= p) / (1 - p)", "(rng.random(x.shape) >= p) * 1.0",
                                 "test_dropout"),
    "batch norm with the unbiased variance": ("batchnorm", "var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)",
                                              "test_batchnorm"),
    "running statistics with momentum swapped": ("batchnorm", "momentum * running_mean + (1 - momentum) * mu",
                                                 "(1 - momentum) * running_mean + momentum * mu", "test_batchnorm"),
    "early stopping keeps references": ("early_stopping", "copy.deepcopy(model.params)", "dict(model.params)",
                                        "test_early_stopping"),
    "early stopping one call late": ("early_stopping", "self.bad_epochs >= self.patience",
                                     "self.bad_epochs > self.patience", "test_early_stopping"),
    "early stopping counts ties as improvements": ("early_stopping", "val_loss < self.best_loss - self.min_delta",
                                                   "val_loss <= self.best_loss - self.min_delta",
                                                   "test_early_stopping"),
    "the training loop shares one config": ("train", "configs = {k: copy.deepcopy(config) for k in model.params}",
                                            "configs = {k: config for k in model.params}", "test_train"),
    "mini-batches not shuffled": ("minibatches", "order = (np.random.default_rng(0) if rng is None else rng).permutation(N)",
                                  "order = np.arange(N)", "test_minibatches"),
    "train replaces the dict entry instead of the array": ("train", "w[...] = w_next", "model.params[k] = w_next",
                                                           "test_train"),
    "restore replaces the dict entry instead of the array": ("early_stopping", "w[...] = self.best_params[k]",
                                                             "model.params[k] = self.best_params[k]",
                                                             "test_early_stopping"),
    "Sequential backward in forward order": ("sequential", "for layer in reversed(self.layers):",
                                             "for layer in self.layers:", "test_sequential"),
}


def verdict_of_edited(day, cell_id, edits, test_id, name, tmp_path):
    """The verdict on test_id of the solution with the answer cell cell_id edited by (old, new) pairs."""
    from autograder.verdict import Reference, judge
    nb = nbparts.read(source_notebook(day))
    cell = next(c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == cell_id)
    src = nbparts.source(cell)
    for old, new in edits:
        assert old in src, f"the {day} solution changed: update the mutant {name!r}"
        src = src.replace(old, new, 1)
    cell["source"] = src
    (tmp_path / "m.ipynb").write_text(json.dumps(nb))
    verdicts, _ = judge(mutants.only(Reference(source_notebook(day)), test_id), tmp_path / "m.ipynb", "s", "m", day)
    return verdicts[test_id]


@pytest.mark.slow
@pytest.mark.parametrize("name", DAY3_MUTANTS)
def test_day3_convention_mutants_lose_points(name, tmp_path):
    if "day3" not in DAYS:
        pytest.skip("no Day 3")
    cell_id, old, new, test_id = DAY3_MUTANTS[name]
    v = verdict_of_edited("day3", cell_id, [(old, new)], test_id, name, tmp_path)
    assert v.score < v.points, f"{name} keeps all the points of {test_id}"


# Day 4's conventions, broken one at a time: (answer cell, [(old, new), ...], test cell, words the verdict must say)
DAY4_MUTANTS = {
    "a stride that does not tile is floored": ("conv_output_size", [("if span % stride:", "if False:")],
                                               "test_conv_output_size", None),
    "the naive convolution ignores the padding": ("conv_naive", [("x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))\n"
                                                                  "    out", "x_pad = x\n    out")], "test_conv_naive", None),
    "max pooling assigns where windows overlap": ("pooling", [("] += dout * hit", "] = dout * hit")], "test_pooling", None),
    "max pooling sends ties to the last maximum": ("pooling", [("larger = entry > out", "larger = entry >= out")],
                                                   "test_pooling", None),
    "average pooling divides by the window's side": ("pooling", [("share = dout / (pool * pool)", "share = dout / pool")],
                                                      "test_pooling", None),
    "im2col's columns ordered (i, j, n)": ("im2col", [("(C, kh, kw, N, OH, OW),\n", "(C, kh, kw, OH, OW, N),\n"),
                                                       ("(sC, sH, sW, sN, stride * sH, stride * sW)",
                                                        "(sC, sH, sW, stride * sH, stride * sW, sN)")], "test_im2col", None),
    "col2im assigns where windows overlap": ("im2col", [("] += cols6[:, p, q]", "] = cols6[:, p, q]")], "test_im2col", None),
    "the fast pair is the naive pair": ("conv_fast", [
        ("### BEGIN SOLUTION\n    cols = im2col", "### BEGIN SOLUTION\n    return conv_forward_naive(x, w, b, stride, pad)\n    cols = im2col"),
        ("### BEGIN SOLUTION\n    x_shape, w, cols", "### BEGIN SOLUTION\n    return conv_backward_naive(dout, cache)\n    x_shape, w, cols")],
        "test_conv_fast", "slower than a plain vectorised convolution"),
    "Conv2D ignores its stride": ("cnn_layers", [('self.params["b"], self.stride, self.pad)', 'self.params["b"], 1, self.pad)')],
                                  "test_cnn_layers", None),
    "Flatten's backward keeps the flat shape": ("cnn_layers", [("return np.reshape(dout, self.shape)", "return dout")],
                                                "test_cnn_layers", None),
}


# Day 5's conventions, broken one at a time: as Day 4's
DAY5_MUTANTS = {
    "BPTT forgets the gradient from the next step": ("rnn", [("(dh[:, t] + dh_next) * (1 - h[:, t] ** 2)",
                                                             "dh[:, t] * (1 - h[:, t] ** 2)")], "test_rnn", None),
    "the RNN's dWh from the last step only": ("rnn", [("h_prev.reshape(N * T, H).T @ d2", "h_prev[:, -1].T @ delta[:, -1]")],
                                              "test_rnn", None),
    "the LSTM's gates in the order i, f, g, o": ("lstm_step", [
        ("sigmoid(a[:, 2 * H:3 * H])\n    g = np.tanh(a[:, 3 * H:])", "sigmoid(a[:, 3 * H:])\n    g = np.tanh(a[:, 2 * H:3 * H])")],
        "test_lstm_step", None),
    "the LSTM's memory starts at h0": ("lstm", [("h_t, c_t = h0, np.zeros((N, H))", "h_t, c_t = h0, h0")], "test_lstm", None),
    "the GRU's bh_n outside the reset": ("gru_step", [("n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])",
                                                       "n = np.tanh(ax[:, 2 * H:] + r * (h_prev @ Wh[:, 2 * H:]) + bh[2 * H:])")],
                                         "test_gru_step", None),
    "the GRU's update mixes the other way": ("gru_step", [("h_next = (1 - z) * n + z * h_prev", "h_next = z * n + (1 - z) * h_prev")],
                                             "test_gru_step", None),
    "the temporal loss averages over N*T": ("heads", [("loss = -np.sum(log_p[rows, y_flat] * m) / N",
                                                       "loss = -np.sum(log_p[rows, y_flat] * m) / (N * T)")], "test_heads", None),
    "the mask is left out of the gradient": ("heads", [("dx *= m[:, None] / N", "dx /= N")], "test_heads", None),
    "clipping array by array": ("clip_gradients", [("return {k: g * scale for k, g in grads.items()}",
                                                    "return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}")],
                                "test_clip_gradients", None),
    "clipping in place": ("clip_gradients", [("return {k: g * scale for k, g in grads.items()}",
                                              "for g in grads.values():\n        g *= scale\n    return grads")],
                          "test_clip_gradients", None),
}


CONVENTION_MUTANTS = [pytest.param(day, name, id=f"{day}-{name}")
                      for day, mutants_ in (("day4", DAY4_MUTANTS), ("day5", DAY5_MUTANTS)) for name in mutants_]


@pytest.mark.slow
@pytest.mark.parametrize("day,name", CONVENTION_MUTANTS)
def test_convention_mutants_lose_points(day, name, tmp_path):
    if day not in DAYS:
        pytest.skip(f"no {day}")
    cell_id, edits, test_id, said = {"day4": DAY4_MUTANTS, "day5": DAY5_MUTANTS}[day][name]
    v = verdict_of_edited(day, cell_id, edits, test_id, name, tmp_path)
    assert v.score < v.points, f"{name} keeps all the points of {test_id}"
    if said:
        assert said in "\n".join(v.messages), v.messages


def judge_day2(path):
    from autograder.verdict import Reference, judge
    return judge(Reference(source_notebook("day2")), path, "s", "m", "day2")
