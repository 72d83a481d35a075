"""`make check`: the score is the result (exit 0); hints only for started work, never the answer's formula."""
import io
import subprocess
import sys

import nbformat
import pytest

from autograder import nbparts
from autograder.nbg import DAYS, ROOT, env, source_notebook
from autograder.selfcheck import check
from tests.test_notebooks import FORMULA

pytestmark = [pytest.mark.slow]


def run(*cmd):
    p = subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout + p.stderr


def test_make_check_on_an_untouched_notebook_exits_0_and_names_what_is_not_started():
    code, out = run("make", "-s", "check", "NB=day1/forward.ipynb")
    assert code == 0, out
    assert "forward.ipynb (day1): 0 / 28 points" in out, out
    assert "Hint" not in out and "likely cause" not in out, out
    assert out.count("todo") == 9 and "FAIL" not in out, out
    assert out.count("not started yet") >= 9, out
    assert len(out.splitlines()) <= 12, f"{len(out.splitlines())} lines for a notebook not started:\n{out}"


def _notebook_with(tmp_path, answers):
    """The release notebook of Day 1 with some answer cells replaced by the given sources."""
    nb = nbformat.read(ROOT / "day1" / "forward.ipynb", as_version=4)
    for c in nb.cells:
        gid = nbparts.meta(c).get("grade_id")
        if gid in answers:
            c.source = answers[gid]
    path = tmp_path / "day1" / "forward.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    return path


def _solution(grade_id):
    nb = nbformat.read(source_notebook("day1"), as_version=4)
    return next(c.source for c in nb.cells if nbparts.meta(c).get("grade_id") == grade_id)


def test_partial_work_earns_its_parts_and_only_started_work_gets_hints(tmp_path):
    acts = _solution("activations").replace("return np.maximum(0.0, z)", "return np.maximum(0.0, -z)")
    path = _notebook_with(tmp_path, {"activations": acts})
    code, out = run(sys.executable, "-m", "autograder.selfcheck", str(path), "--day", "day1")
    assert code == 0, out
    assert "3 / 28 points" in out, out
    block = out.split("test_activations", 1)[1].split("test_softmax", 1)[0]
    assert "FAIL test_activations" in out and " 3/4" in block, block
    assert "ok   sigmoid " in block and "FAIL relu " in block, block
    assert "mask or a comparison inverted?" in block, block
    rest = out.split("test_softmax", 1)[1]
    assert "Hint" not in rest, "hints are for exercises that were started"
    for line in out.splitlines():
        if "Hint:" in line:
            hint = line.split("Hint:", 1)[1]
            assert not any(f in hint for f in FORMULA), line


def test_a_notebook_that_cannot_be_read_is_an_error(tmp_path):
    bad = tmp_path / "day1" / "forward.ipynb"
    bad.parent.mkdir()
    bad.write_text("{ not json")
    code, out = run(sys.executable, "-m", "autograder.selfcheck", str(bad), "--day", "day1")
    assert code == 2 and "submission rejected" in out, out
    code, out = run(sys.executable, "-m", "autograder.selfcheck", str(tmp_path / "missing.ipynb"), "--day", "day1")
    assert code != 0 and "no notebook at" in out, out


def test_the_day_of_a_copy_outside_its_folder_comes_from_its_name(tmp_path):
    from autograder.selfcheck import day_of
    assert day_of(ROOT / "day1" / "forward.ipynb") == "day1"
    copy = tmp_path / "forward.ipynb"
    copy.write_text("{}")
    assert day_of(copy) == "day1"
    with pytest.raises(SystemExit, match="pass --day"):
        day_of(tmp_path / "mine.ipynb")


@pytest.mark.parametrize("day", DAYS)
def test_an_untouched_release_is_not_started_everywhere_even_where_a_stub_passes_a_check(day):
    # a stub that raises passes an edge-case check now and then (Day 3's dropout at p = 0), or fails
    # one in other words (an expected ValueError): the answer cells as released decide "not started"
    out = io.StringIO()
    check(next((ROOT / day).glob("*.ipynb")), day, out=out)
    shown = out.getvalue()
    assert "FAIL" not in shown and "Hint" not in shown, shown
    assert shown.count("todo") == len(nbparts.tests(nbparts.read(source_notebook(day)))), shown
