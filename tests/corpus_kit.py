"""What the corpus of bad submissions is built from: the Day 1 solution and release, and ways to edit them.

A build returns the files of one participant's submission folder: {file
name: bytes, a Link(target) or a Dir()}.  Beside the notebooks, the Kit
carries the grading run's surroundings that attacks aim at (set by the
test before building): the grading area, the grader's home, loopback ports.
"""
import json

from autograder import mutants, nbparts
from autograder.nbg import ROOT, source_notebook

DAY = "day1"
ALL = "all"
REJECTED = "rejected"
# three exercises that no later exercise builds on: breaking them costs only their own points
X, P, L = "xor_network", "perceptron_train", "cross_entropy"


class Link(str):
    """A symbolic link to the given target, in place of a file."""


class Dir:
    """A folder in place of a file."""


class Kit:
    """The solution and the release of Day 1, and ways to edit one answer cell."""

    def __init__(self):
        self.name = source_notebook(DAY).name
        self.solution = nbparts.read(source_notebook(DAY))
        self.release = nbparts.read(ROOT / DAY / self.name)
        self.where = {fn: (cell, test) for cell, fn, test in mutants.functions(self.solution)}
        self.root = ROOT
        self.wd = self.home = "/nonexistent"
        self.http_port = self.zmq_port = 9
        self.token = "no-token"

    def test_of(self, fn):
        return self.where[fn][1]

    def nb(self, base="solution", edit=None):
        nb = json.loads(json.dumps(getattr(self, base)))
        if edit:
            edit(nb)
        return nb

    def files(self, nb, name=None, extra=None):
        out = {name or self.name: json.dumps(nb).encode()}
        out.update(extra or {})
        return out

    def cell(self, nb, fn):
        """The answer cell that defines fn (by its grade_id in the solution)."""
        gid = self.where[fn][0]
        return next(c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == gid)

    def set_source(self, fn, src, base="solution"):
        def edit(nb):
            self.cell(nb, fn)["source"] = src
        return self.nb(base, edit)

    def append(self, fn, code, base="solution"):
        def edit(nb):
            c = self.cell(nb, fn)
            c["source"] = nbparts.source(c) + "\n" + code + "\n"
        return self.nb(base, edit)

    def prepend(self, fn, code, base="solution"):
        def edit(nb):
            c = self.cell(nb, fn)
            c["source"] = code + "\n" + nbparts.source(c)
        return self.nb(base, edit)

    def stub(self, fn):
        """The solution with fn's cell as released (not answered)."""
        gid = self.where[fn][0]
        stub = next(c for c in self.release["cells"] if nbparts.meta(c).get("grade_id") == gid)
        return self.set_source(fn, nbparts.source(stub))


WRONG_CE = ("def cross_entropy(probs, y):\n    import numpy as np\n"
            "    return float(-np.mean(np.log(probs[np.arange(len(y)), y])) * 1.01)\n")
