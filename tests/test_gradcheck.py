"""course.gradcheck against functions whose gradients are known in closed form."""
import numpy as np
import pytest

from course import gradcheck as gc


@pytest.fixture
def x():
    return np.random.default_rng(0).standard_normal((4, 3))


def test_numerical_gradient_of_known_functions(x):
    assert gc.rel_error(gc.numerical_gradient(lambda v: np.sum(v ** 2), x.copy()), 2 * x) < 1e-9
    assert gc.rel_error(gc.numerical_gradient(lambda v: np.sum(np.sin(v)), x.copy()), np.cos(x)) < 1e-9
    A = np.random.default_rng(1).standard_normal((3, 3))
    quad = gc.numerical_gradient(lambda v: np.sum(v @ A * v), x.copy())
    assert gc.rel_error(quad, x @ (A + A.T)) < 1e-8


def test_numerical_gradient_restores_input(x):
    before = x.copy()
    gc.numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert np.array_equal(x, before)


def test_numerical_gradient_array_matches_jacobian_product(x):
    dout = np.random.default_rng(2).standard_normal(x.shape)
    got = gc.numerical_gradient_array(np.tanh, x.copy(), dout)
    assert gc.rel_error(got, dout * (1 - np.tanh(x) ** 2)) < 1e-9


def test_rel_error_does_not_overflow_and_is_inf_for_specials():
    a = np.array([1e300, -3e300, 2e300])
    assert gc.rel_error(a, a) == 0.0
    assert gc.rel_error(a, 1.001 * a) == pytest.approx(0.001 / 2.001)
    assert gc.rel_error(np.full(2, 1e308), np.full(2, -1e308)) == pytest.approx(1.0)
    assert gc.rel_error(np.array([np.nan]), np.array([1.0])) == np.inf
    assert gc.rel_error(np.array([1e-300]), np.array([0.0])) < 1e-6


def test_rel_error_is_norm_based():
    assert gc.rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert gc.rel_error(np.array([1.0, 0.0]), np.array([1.0, 1e-12])) < 1e-11
    assert gc.rel_error(np.ones(4), 1.001 * np.ones(4)) == pytest.approx(0.001 / 2.001)
    with pytest.raises(ValueError, match="equal shapes"):
        gc.rel_error(np.ones(2), np.ones(3))


def test_check_function_passes_right_and_catches_wrong(x, capsys):
    gc.check_function(lambda v: np.sum(v ** 2), lambda v: 2 * v, x)
    assert "ok" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="relative error"):
        gc.check_function(lambda v: np.sum(v ** 2), lambda v: 2.01 * v, x)
    with pytest.raises(AssertionError, match="shape"):
        gc.check_function(lambda v: np.sum(v ** 2), lambda v: 2 * v.T, x)


def affine_forward(x, w, b):
    return x @ w + b, (x, w)


def affine_backward(dout, cache):
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def test_check_layer_names_the_wrong_gradient(capsys):
    rng = np.random.default_rng(3)
    inputs = (rng.standard_normal((5, 4)), rng.standard_normal((4, 3)), rng.standard_normal(3))
    gc.check_layer(affine_forward, affine_backward, inputs, names=["dx", "dw", "db"])

    def wrong_db(dout, cache):
        dx, dw, db = affine_backward(dout, cache)
        return dx, dw, db / len(dout)  # a classic: averaging where the layer sums

    with pytest.raises(AssertionError, match=r"db is wrong: relative error[\s\S]*0.2 times the right value "
                                             r"\(1 / N, N = 5"):
        gc.check_layer(affine_forward, wrong_db, inputs, names=["dx", "dw", "db"])
    assert "WRONG" in capsys.readouterr().out
    gc.check_layer(affine_forward, lambda d, c: list(affine_backward(d, c)), inputs)  # a list is fine
    with pytest.raises(AssertionError, match="must return 3"):
        gc.check_layer(affine_forward, lambda d, c: affine_backward(d, c)[:2], inputs)


def test_check_loss_catches_a_missing_batch_average():
    rng = np.random.default_rng(4)
    scores, y = rng.standard_normal((6, 4)), rng.integers(0, 4, 6)

    def softmax_ce(s, y, divide=True):
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        n = len(y)
        d = p.copy()
        d[np.arange(n), y] -= 1
        return -np.mean(np.log(p[np.arange(n), y])), d / n if divide else d

    gc.check_loss(softmax_ce, scores, y)
    with pytest.raises(AssertionError, match="6 times the right value .the batch size N = 6"):
        gc.check_loss(lambda s, y: softmax_ce(s, y, divide=False), scores, y)


def test_bad_inputs_raise_value_error_naming_them(x):
    with pytest.raises(ValueError, match="x must be float64"):
        gc.numerical_gradient(lambda v: v.sum(), x.astype(np.float32))
    with pytest.raises(ValueError, match="x must be a numpy array"):
        gc.numerical_gradient(lambda v: v.sum(), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"dout must have the shape of f\(x\), \(4, 3\)"):
        gc.numerical_gradient_array(np.tanh, x.copy(), np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"dout must have the shape of the forward output, \(4, 3\)"):
        gc.check_layer(lambda v: (np.tanh(v), v), lambda d, c: d, (x,), dout=np.ones(3))
    with pytest.raises(ValueError, match="scores must be float64"):
        gc.check_loss(lambda s, y: (0.0, s), np.ones((2, 2), dtype=np.float32), np.zeros(2, int))


def test_sampling_large_tensors_is_seeded_and_still_catches_errors():
    x = np.random.default_rng(5).standard_normal((50, 40))
    g1 = gc.numerical_gradient(lambda v: np.sum(v ** 2), x.copy(), max_entries=30)
    g2 = gc.numerical_gradient(lambda v: np.sum(v ** 2), x.copy(), max_entries=30)
    assert np.isnan(g1).sum() == x.size - 30
    assert np.array_equal(np.isnan(g1), np.isnan(g2))
    gc.check_function(lambda v: np.sum(v ** 2), lambda v: 2 * v, x, max_entries=30)
    with pytest.raises(AssertionError):
        gc.check_function(lambda v: np.sum(v ** 2), lambda v: 2.01 * v, x, max_entries=30)


@pytest.mark.parametrize("view", ["transpose", "slice"])
def test_numerical_gradient_of_a_non_contiguous_array(view):
    base = np.random.default_rng(6).standard_normal((5, 4))
    x = base.T if view == "transpose" else base[::2, 1:]
    assert not x.flags.c_contiguous
    before = x.copy()
    g = gc.numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert np.allclose(g, 3 * before ** 2, rtol=1e-7)
    assert np.array_equal(x, before) or np.max(np.abs(x - before)) < 1e-15, "x is restored"
    g = gc.numerical_gradient_array(np.tanh, x, np.ones(x.shape))
    assert np.allclose(g, 1 - np.tanh(before) ** 2, rtol=1e-7)


class _Affine:
    """A layer object (Day 3's API) with a switchable bug in its weight gradient."""

    def __init__(self, W, b, bug=None):
        self.params, self.grads, self.bug = {"W": W, "b": b}, {}, bug

    def forward(self, x, train=True):
        self.x = x
        return np.tanh(x @ self.params["W"] + self.params["b"])

    def backward(self, dout):
        dz = dout * (1 - self.forward(self.x) ** 2)
        self.grads = {"W": self.x.T @ dz * (1.001 if self.bug == "scale" else 1.0), "b": dz.sum(axis=0)}
        if self.bug == "missing":
            del self.grads["b"]
        return dz @ self.params["W"].T


def test_check_module_checks_dx_and_every_parameter_and_restores_them(capsys):
    r = np.random.default_rng(0)
    W, b, x = r.standard_normal((3, 4)), r.standard_normal(4), r.standard_normal((5, 3))
    layer = _Affine(W.copy(), b.copy())
    gc.check_module(layer, x)
    out = capsys.readouterr().out
    assert all(name in out for name in ("dx", "dW", "db")) and "WRONG" not in out
    assert np.array_equal(layer.params["W"], W) and np.array_equal(layer.params["b"], b), "parameters put back"
    with pytest.raises(gc.CheckFailed, match="dW is wrong"):
        gc.check_module(_Affine(W.copy(), b.copy(), bug="scale"), x)
    with pytest.raises(gc.CheckFailed, match="grads has no key 'b'"):
        gc.check_module(_Affine(W.copy(), b.copy(), bug="missing"), x)
    with pytest.raises(ValueError, match="float64"):
        gc.check_module(_Affine(W, b), x.astype(np.float32))


def test_a_repeated_value_gets_no_unnamed_factor():
    # any array of one repeated value is some multiple of another: only a named factor is worth saying
    from course.diagnose import pattern
    assert pattern(np.ones((3, 5)), np.full((3, 5), np.tanh(1.0))) is None
    assert "a factor of 2" in pattern(np.full(4, 2.0), np.ones(4))
    assert "1.3 times" in pattern(1.3 * np.arange(1.0, 7.0), np.arange(1.0, 7.0))
