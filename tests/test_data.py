"""course.data: shapes, labels, determinism, no downloads."""
import numpy as np
import pytest

from course import data


@pytest.mark.parametrize("make", [data.spirals, data.moons, data.circles, data.xor, data.blobs])
def test_toy_sets_are_seeded_2d_sets(make):
    X, y = make(seed=3)
    X2, y2 = make(seed=3)
    assert X.ndim == 2 and X.shape[1] == 2 and X.dtype == np.float64
    assert len(y) == len(X) and np.array_equal(X, X2) and np.array_equal(y, y2)
    assert len(np.unique(y)) >= 2
    assert not np.array_equal(X, make(seed=4)[0])


def test_linearly_separable_is_separable_with_a_margin():
    X, y = data.linearly_separable(n=80, margin=0.3, seed=1)
    assert set(np.unique(y)) == {-1.0, 1.0} and len(X) == 80
    # a hard-margin check: some line separates the classes (least squares finds one here)
    A = np.c_[X, np.ones(len(X))]
    w = np.linalg.lstsq(A, y, rcond=None)[0]
    assert np.mean(np.sign(A @ w) == y) > 0.95


def test_xor_labels_are_xor_of_corners():
    X, y = data.xor(n=400, noise=0.0)
    assert np.array_equal(y, (X[:, 0].round().astype(int) ^ X[:, 1].round().astype(int)))


def test_digits_split_is_fixed_and_disjoint():
    d = data.digits()
    assert d["X_train"].shape[1:] == (1, 8, 8)
    n = sum(len(d[f"y_{k}"]) for k in ("train", "val", "test"))
    assert n == 1797 and 0 <= d["X_train"].min() and d["X_train"].max() <= 1
    assert np.array_equal(d["X_val"], data.digits()["X_val"])


def test_adding_problem_targets_are_the_marked_sums():
    x, y = data.adding_problem(n=50, T=20, seed=2)
    assert x.shape == (50, 20, 2)
    assert np.allclose(y, (x[..., 0] * x[..., 1]).sum(axis=1))
    assert np.all(x[..., 1].sum(axis=1) == 2)
    assert np.all(x[:, :10, 1].sum(axis=1) == 1)


def test_char_corpus_is_bundled_text():
    text = data.char_corpus()
    assert len(text) > 12000 and len(set(text)) < 80
    assert set(text) <= {chr(c) for c in range(32, 127)} | {"\n"}, "only printable ASCII and newlines"
    assert text.endswith("\n") and not text.endswith("\n\n") and "\n\n\n" not in text
    assert not any(line != line.rstrip() for line in text.split("\n")), "no trailing spaces"


def test_one_hot():
    assert np.array_equal(data.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])


def test_bad_sizes_raise_value_errors_naming_them():
    with pytest.raises(ValueError, match="classes must be an integer >= 2"):
        data.spirals(classes=1)
    with pytest.raises(ValueError, match="n must be an integer >= 3"):
        data.spirals(n=2)
    with pytest.raises(ValueError, match="T must be an integer >= 2"):
        data.adding_problem(T=1)


def test_digits_read_from_the_file_equal_scikit_learns_loader():
    from sklearn.datasets import load_digits
    images, target = data._digits_raw()
    d = load_digits()
    assert np.array_equal(images, d.images) and np.array_equal(target, d.target)
