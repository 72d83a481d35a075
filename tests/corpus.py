"""A corpus of bad submissions for Day 1: every way we know to break, crash or fool the grader.

Each entry: name -> (build, expected).  ``build(kit)`` returns the files of
one participant's submission folder (see tests/corpus_kit.py); ``expected``
maps a Day 1 function (the exercise whose test cell it names) to the
expected score ("zero"), everything else gets full marks; ALL means every
exercise scores zero; REJECTED means the participant is not graded at all.
The red team's classes of attack on the run itself are in
tests/corpus_redteam.py and part of CORPUS.
"""
import json

from autograder import nbparts
from autograder.nbg import ROOT
from tests.corpus_kit import ALL, DAY, REJECTED, WRONG_CE, Dir, Kit, L, Link, P, X  # noqa: F401
from tests.corpus_redteam import REDTEAM


def _cheat_then_wrong(cheat):
    return lambda k: k.files(k.set_source(L, cheat + "\n" + WRONG_CE))


CORPUS = {
    # the baselines
    "solution": (lambda k: k.files(k.solution), {}),
    "untouched release": (lambda k: k.files(k.release), ALL),
    # broken code
    "syntax error": (lambda k: k.files(k.set_source(X, "def xor_network(:\n    return {}\n")), {X: "zero"}),
    "error at the end of a cell": (lambda k: k.files(k.append(X, "print(data_from_another_cell)")), {}),
    "endless loop at top level": (lambda k: k.files(k.append(P, "while True:\n    pass")), {}),
    "endless loop in the function": (
        lambda k: k.files(k.set_source(X, "def xor_network():\n    while True:\n        pass\n")), {X: "zero"}),
    "sleeps for ever": (lambda k: k.files(k.append(X, "import time\ntime.sleep(10_000)")), {}),
    "kills its own kernel": (lambda k: k.files(k.prepend(   # in the first answer cell
        next(iter(k.where)), "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")), ALL),
    "kills the grader": (lambda k: k.files(k.append(
        X, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(1, signal.SIGKILL)")), {}),
    "exits in the function": (lambda k: k.files(k.set_source(
        X, "def xor_network():\n    import os\n    os._exit(0)\n")), {X: "zero"}),
    "sys.exit before the answer": (lambda k: k.files(k.prepend(X, "import sys\nsys.exit(0)")), {X: "zero"}),
    "huge output": (lambda k: k.files(k.append(X, "print('x' * 30_000_000)")), {}),
    "memory bomb": (lambda k: k.files(k.append(X, "big = np.ones((200_000, 200_000))")), {}),
    "recursion bomb": (lambda k: k.files(k.append(X, "def f():\n    return f()\nf()")), {}),
    "stderr noise": (lambda k: k.files(k.append(X, "import sys\nprint('!' * 1000, file=sys.stderr)")), {}),
    # wrong results
    "NaN results": (lambda k: k.files(k.set_source(
        L, "def cross_entropy(probs, y):\n    return float('nan')\n")), {L: "zero"}),
    "wrong shape": (lambda k: k.files(k.set_source(
        L, "def cross_entropy(probs, y):\n    import numpy as np\n"
           "    return -np.log(probs[np.arange(len(y)), y])\n")), {L: "zero"}),
    "float32 results": (lambda k: k.files(k.append(
        P, "_p = perceptron_train\ndef perceptron_train(*a, **kw):\n    w, b = _p(*a, **kw)\n"
           "    return np.asarray(w, np.float32), np.float32(b)")), {}),
    "hard-coded visible answers": (lambda k: k.files(k.set_source(
        L, "def cross_entropy(probs, y):\n    return 0.7\n")), {L: "zero"}),
    # missing or edited cells
    "answer cell deleted": (lambda k: k.files(k.nb(edit=lambda nb: nb["cells"].remove(k.cell(nb, X)))),
                            {X: "zero"}),
    "test cell deleted": (lambda k: k.files(k.nb(edit=lambda nb: nb["cells"].remove(next(
        c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == k.test_of(X))))), {}),
    "test cell emptied, answer wrong": (lambda k: k.files(_edit_test_and_answer(k)), {L: "zero"}),
    "duplicated test cell": (lambda k: k.files(k.nb(edit=lambda nb: nb["cells"].append(json.loads(json.dumps(
        next(c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == k.test_of(X))))))), {}),
    # not a notebook
    "invalid JSON": (lambda k: {k.name: b"{this is not json"}, ALL),
    "truncated file": (lambda k: {k.name: json.dumps(k.solution).encode()[:5000]}, ALL),
    "empty file": (lambda k: {k.name: b""}, ALL),
    "another participant's file name": (lambda k: k.files(k.solution, name="alice_forward.ipynb"), {}),
    "numpy.py beside the notebook": (lambda k: k.files(k.solution, extra={
        "numpy.py": b"raise SystemExit('shadowed numpy')\n"}), {}),
    # cheating
    "patches np.allclose": (_cheat_then_wrong("import numpy as np\nnp.allclose = lambda *a, **k: True\n"
                                              "np.testing.assert_allclose = lambda *a, **k: None"), {L: "zero"}),
    "reassigns the course checkers": (_cheat_then_wrong(
        "import course.checks as cc, course.gradcheck as gc, course.hidden as ch\n"
        "cc.expect_close = lambda *a, **k: None\ngc.rel_error = lambda a, b: 0.0\n"
        "ch.hidden = lambda *a: None\nexpect_close = cc.expect_close"), {L: "zero"}),
    "replaces numpy in sys.modules": (lambda k: k.files(k.append(
        X, "import sys, types\nsys.modules['numpy'] = types.ModuleType('numpy')")), {}),
    "input transformer silences later cells": (lambda k: k.files(_transformer(k)), "only_first"),
    "imports the reference answer": (lambda k: k.files(k.set_source(L, (
        "import json, glob\nsrc = [p for p in glob.glob('%s/**/*.ipynb', recursive=True) if 'solutions' in p]\n"
        "nb = json.load(open(src[0]))\nexec(''.join(next(c['source'] for c in nb['cells'] "
        "if 'def cross_entropy' in ''.join(c['source']))))\n") % ROOT)), {L: "zero"}),
    "writes the gradebook and the config": (lambda k: k.files(k.append(X, (
        "for p in ['%s/nbgrader_config.py', '%s/autograder/gradebook.db']:\n"
        "    try:\n        open(p, 'a').write('c.Execute.timeout = 1')\n    except OSError:\n        pass")
        % (ROOT, ROOT))), {}),
    "changes the random seed": (lambda k: k.files(k.append(
        X, "np.random.seed(0)\nrng = np.random.default_rng(12345)\nSEED = 7")), {}),
    **REDTEAM,
}


def _edit_test_and_answer(k):
    nb = k.set_source(L, WRONG_CE)
    for c in nb["cells"]:
        if nbparts.meta(c).get("grade_id") == k.test_of(L):
            c["source"] = "pass"
    return nb


def _transformer(k):
    """The first answer cell right, with a transformer that turns every later cell into `pass`."""
    first = next(fn for fn in k.where)
    nb = k.nb("release")
    sol = k.cell(k.solution, first)
    c = k.cell(nb, first)
    c["source"] = nbparts.source(sol) + (
        "\nget_ipython().input_transformers_post.append(lambda lines: ['pass\\n'])\n")
    return nb
