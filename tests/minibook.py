"""Tiny nbgrader source notebooks for testing the grader independently of the days."""
import json

import nbformat


def _meta(**kw):
    m = {"grade": False, "locked": False, "schema_version": 3, "solution": False, "task": False}
    m.update(kw)
    return {"nbgrader": m}


SETUP = "import numpy as np\nfrom course.hidden import hidden, case, layer, scenario, randn, zeros\n"

SCALE = '''def scale(x, k=2.0):
    ### BEGIN SOLUTION
    return k * x
    ### END SOLUTION
'''

SQUARE_LAYER = '''def square_forward(x):
    ### BEGIN SOLUTION
    return x ** 2, x
    ### END SOLUTION


def square_backward(dout, cache):
    ### BEGIN SOLUTION
    return 2 * cache * dout
    ### END SOLUTION
'''

TEST_SCALE = '''assert np.allclose(scale(np.ones(2)), 2.0)
### BEGIN HIDDEN TESTS
hidden(case("scale", randn(3, 4)), case("scale", randn(5), 0.5, hint="use k"))
### END HIDDEN TESTS
'''

TEST_SQUARE = '''x = np.array([1.0, -2.0])
assert np.allclose(square_forward(x)[0], [1.0, 4.0])
### BEGIN HIDDEN TESTS
hidden(layer("square", randn(4, 3), dout=randn(4, 3)), layer("square", zeros(1, 2), dout=randn(1, 2)))
### END HIDDEN TESTS
'''


def source(answers=None, tests=None):
    """A source notebook: setup, then (answer, test) pairs; returns a dict."""
    answers = answers or {"scale": SCALE, "square": SQUARE_LAYER}
    tests = tests or {"test_scale": (TEST_SCALE, 2), "test_square": (TEST_SQUARE, 3)}
    setup = nbformat.v4.new_code_cell(SETUP, metadata=_meta(grade_id="setup", locked=True))
    setup.metadata["tags"] = ["setup"]
    cells = [setup]
    for (aid, asrc), (tid, (tsrc, pts)) in zip(answers.items(), tests.items()):
        cells.append(nbformat.v4.new_code_cell(asrc, metadata=_meta(grade_id=aid, solution=True)))
        cells.append(nbformat.v4.new_code_cell(tsrc, metadata=_meta(grade_id=tid, grade=True, locked=True, points=pts)))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return json.loads(nbformat.writes(nb))


def with_answer(nb, grade_id, src):
    """A copy of nb with one answer cell's source replaced."""
    nb = json.loads(json.dumps(nb))
    for c in nb["cells"]:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            c["source"] = src
    return nb


def write(path, nb):
    path.write_text(json.dumps(nb))
    return path
