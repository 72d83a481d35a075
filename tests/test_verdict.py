"""The grader's verdict: reached outside the participant's process, on unseen inputs."""
import numpy as np
import pytest

from autograder.verdict import Reference, compare, judge
from course import wire
from tests import minibook as mb


@pytest.fixture
def ref(tmp_path):
    return Reference(mb.write(tmp_path / "source.ipynb", mb.source()))


def grade(ref, tmp_path, nb, **kw):
    verdicts, notes = judge(ref, mb.write(tmp_path / "sub.ipynb", nb), "secret", "p1", "dayX", **kw)
    return {g: v.score for g, v in verdicts.items()}, verdicts, notes


def test_the_solution_gets_full_marks(ref, tmp_path):
    scores, _, notes = grade(ref, tmp_path, mb.source())
    assert scores == {"test_scale": 2, "test_square": 3} and notes == []


def test_a_small_error_loses_exactly_that_exercise(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "square", mb.SQUARE_LAYER.replace("2 * cache", "2.002 * cache"))
    scores, v, _ = grade(ref, tmp_path, nb)
    assert scores == {"test_scale": 2, "test_square": 0}
    assert "dx is off: relative error 5.0e-04" in v["test_square"].messages[0]


def test_hints_and_which_check_failed_are_reported(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "scale", "def scale(x, k=2.0):\n    return 2.0 * x\n")
    _, v, _ = grade(ref, tmp_path, nb)
    assert v["test_scale"].passed == 1
    assert v["test_scale"].messages == [
        "check 2 (scale(...)): output is off: relative error 6.0e-01 (allowed 1e-06); "
        "every entry is 4 times the right value. Hint: use k"]


def test_patching_numpy_or_the_checks_changes_nothing(ref, tmp_path):
    cheat = ("import numpy as np\nnp.allclose = lambda *a, **k: True\nimport course.gradcheck as g\n"
             "g.rel_error = lambda a, b: 0.0\ndef scale(x, k=2.0):\n    return x\n")
    scores, _, _ = grade(ref, tmp_path, mb.with_answer(mb.source(), "scale", cheat))
    assert scores["test_scale"] == 0


def test_a_broken_cell_does_not_hide_the_others(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "scale", "def scale(x, k=2.0:\n    return x\n")
    scores, _, notes = grade(ref, tmp_path, nb)
    assert scores == {"test_scale": 0, "test_square": 3}
    assert any("SyntaxError" in n for n in notes)


def test_not_written_yet_is_said_plainly(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "scale", "def scale(x, k=2.0):\n    raise NotImplementedError()\n")
    _, v, _ = grade(ref, tmp_path, nb)
    assert v["test_scale"].messages == ["not started yet: it raises NotImplementedError"]


def test_an_endless_loop_times_out_per_check(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "scale", "def scale(x, k=2.0):\n    while True:\n        pass\n")
    scores, v, _ = grade(ref, tmp_path, nb, case_seconds=1)
    assert scores == {"test_scale": 0, "test_square": 3}
    assert "did not finish in time" in v["test_scale"].messages[0]


def test_returning_objects_instead_of_data_fails_cleanly(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "scale", "def scale(x, k=2.0):\n    return object()\n")
    _, v, _ = grade(ref, tmp_path, nb)
    assert "should be a number or an array, got an object (object)" in v["test_scale"].messages[0]


def test_the_sandbox_hides_the_solutions(ref, tmp_path, needs_sandbox):
    from autograder.nbg import ROOT
    peek = ("import glob\nfound = glob.glob(%r + '/solutions/*/*.ipynb') + glob.glob(%r + '/**/*.db', recursive=True)\n"
            "def scale(x, k=2.0):\n    return k * x if not found else x\n") % (str(ROOT), str(ROOT))
    scores, _, _ = grade(ref, tmp_path, mb.with_answer(mb.source(), "scale", peek))
    assert scores["test_scale"] == 2  # it found nothing to read


def test_inputs_differ_per_participant_and_secret(ref):
    a, _ = ref.draw("s1", "p1", "d")
    b, _ = ref.draw("s1", "p2", "d")
    c, _ = ref.draw("s1", "p1", "d")
    x = lambda inp: inp["test_scale"][0][0][0]  # noqa: E731
    assert not np.array_equal(x(a), x(b)) and np.array_equal(x(a), x(c))


def test_compare_reports_structure_shape_and_nan():
    assert compare((np.ones(2),), np.ones(2), 1e-6).startswith("output should be a number")
    assert "shape (3,)" in compare(np.ones(3), np.ones(2), 1e-6)
    assert "NaN" in compare(np.array([np.nan]), np.array([1.0]), 1e-6)
    assert "float32" in compare(np.ones(2, np.float32) * 1.1, np.ones(2), 1e-6)
    assert compare({"W": np.ones(1)}, {"W": np.ones(1)}, 1e-6) is None
    assert "keys" in compare({"W": np.ones(1)}, {"b": np.ones(1)}, 1e-6)


def test_the_wire_never_unpickles(tmp_path):
    wire.save(tmp_path / "r", {"value": (np.arange(3.0), {"a": 1.5}, "x", None)})
    assert wire.load(tmp_path / "r")["value"][1] == {"a": 1.5}
    np.savez(tmp_path / "evil.npz", a0=np.array([object()], dtype=object))
    (tmp_path / "evil.json").write_text('{"t": "arr", "k": "a0"}')
    with pytest.raises(ValueError, match="dtype object"):
        wire.load(tmp_path / "evil")


@pytest.mark.parametrize("got", [
    np.full(3, 1e300), np.array([1e308, -1e308, 1e308]), np.full(3, np.inf), np.full(3, np.nan),
    np.array([1.0, np.nan, 3.0]), None, "1.0", (np.ones(3),), {"a": np.ones(3)}, wire.Unreadable("Any")])
def test_a_comparison_passes_only_a_finite_error_within_tolerance(got):
    assert compare(got, np.array([1.0, 2.0, 3.0]), 1e-6) is not None


def test_huge_but_right_values_still_pass_and_specials_must_match_exactly():
    big = np.array([1e300, -2e300, 3e300])
    assert compare(big.copy(), big, 1e-6) is None
    assert compare(big * 1.001, big, 1e-6) is not None
    assert compare(np.array([1.0, np.inf]), np.array([1.0, np.inf]), 1e-6) is None
    assert "other places" in compare(np.array([np.inf, 1.0]), np.array([1.0, np.inf]), 1e-6)
    assert compare(None, None, 1e-6) is None and compare(np.ones(1), None, 1e-6) is not None
    assert compare("a", "a", 1e-6) is None and compare("b", "a", 1e-6) is not None


SPLIT = {"test_scale": (mb.TEST_SCALE, 2),
         "test_square": (mb.TEST_SQUARE.replace("dout=randn(1, 2)))", "dout=randn(1, 2)), parts="
                                                "{'square_forward': 1, 'square_backward': 2})"), 3)}


def test_a_layer_split_in_parts_gives_the_forward_its_points_while_the_backward_is_a_stub(tmp_path):
    ref = Reference(mb.write(tmp_path / "source.ipynb", mb.source(tests=SPLIT)))
    stub = mb.SQUARE_LAYER.replace("    return 2 * cache * dout", "    raise NotImplementedError()")
    _, v, _ = grade(ref, tmp_path, mb.with_answer(mb.source(tests=SPLIT), "square", stub))
    square = v["test_square"]
    assert square.score == 1 and square.parts["square_forward"].score == 1
    assert square.messages == ["square_backward: not started yet: it raises NotImplementedError"]
    assert "square_forward: 2/2 checks, 1 of 1 points" in square.text()
    wrong = mb.SQUARE_LAYER.replace("    return 2 * cache * dout", "    return -2 * cache * dout")
    _, v, _ = grade(ref, tmp_path, mb.with_answer(mb.source(tests=SPLIT), "square", wrong))
    assert v["test_square"].score == 1
    assert "square_backward: check 1 (square_forward/backward): dx is off" in v["test_square"].messages[0]
    assert "it has the wrong sign" in v["test_square"].messages[0]


def test_parts_must_add_up_to_the_cells_points(tmp_path):
    bad = dict(SPLIT, test_square=(SPLIT["test_square"][0], 4))
    with pytest.raises(ValueError, match="add up to 3, not the cell's 4"):
        Reference(mb.write(tmp_path / "source.ipynb", mb.source(tests=bad)))
    unknown = dict(SPLIT, test_square=(SPLIT["test_square"][0].replace("'square_backward'", "'back'"), 3))
    with pytest.raises(ValueError, match="part 'square_backward', which is not in"):
        Reference(mb.write(tmp_path / "source.ipynb", mb.source(tests=unknown)))


def test_hints_are_shown_only_for_work_that_was_started(ref, tmp_path):
    nb = mb.with_answer(mb.source(), "scale", "def scale(x, k=2.0):\n    raise NotImplementedError()\n")
    _, v, _ = grade(ref, tmp_path, nb)
    assert not any("Hint" in m for m in v["test_scale"].messages)


def test_an_unreadable_submission_scores_zero_in_every_part_with_the_reason(tmp_path):
    ref = Reference(mb.write(tmp_path / "source.ipynb", mb.source(tests=SPLIT)))
    (tmp_path / "bad.ipynb").write_text("{ not json")
    verdicts, notes = judge(ref, tmp_path / "bad.ipynb", "secret", "p1", "dayX")
    assert notes and notes[0].startswith("submission rejected")
    square = verdicts["test_square"]
    assert square.score == 0 and {p: (v.passed, v.total) for p, v in square.parts.items()} == \
        {"square_forward": (0, 2), "square_backward": (0, 2)}
    assert verdicts["test_scale"].total == 2
    assert square.messages == ["square_forward: the notebook could not be read",
                               "square_backward: the notebook could not be read"]
