"""Day 2, backpropagation for any depth: how the gradient's size changes from layer to layer.

Static twin                                      explorer built on it
    draw_gradient_norms(loss_and_grads, ...)     gradient_norm_explorer(loss_and_grads)

Both take the learner's ``mlp_loss_and_grads(params, X, y, activation, reg)``
and draw ||dL/dW_l|| for every layer l of a fresh network on the spirals, one
line per activation.  Nothing here answers an exercise.
"""
import matplotlib.pyplot as plt
import numpy as np

from course import data
from course.widgets import explorer, follows, w

__all__ = ["INITS", "deep_params", "gradient_norms", "draw_gradient_norms", "gradient_norm_explorer"]

# the weights' standard deviation for a layer with fan_in inputs
INITS = {"1/sqrt(n) (LeCun)": lambda n: 1.0 / np.sqrt(n), "sqrt(2/n) (He)": lambda n: np.sqrt(2.0 / n)}


def deep_params(depth, width=32, D=2, C=3, init="1/sqrt(n) (LeCun)", seed=0):
    """Day 1's params for widths [D, width, ..., width, C] (depth layers), zero biases."""
    rng = np.random.default_rng(seed)
    widths = [D] + [width] * (depth - 1) + [C]
    params = {}
    for l, (m, n) in enumerate(zip(widths[:-1], widths[1:]), 1):
        params[f"W{l}"] = rng.standard_normal((m, n)) * INITS[init](m)
        params[f"b{l}"] = np.zeros(n)
    return params


def gradient_norms(loss_and_grads, activation, depth=8, width=32, init="1/sqrt(n) (LeCun)", seed=0):
    """[||dL/dW_1||, ..., ||dL/dW_depth||] at initialisation, on the spirals."""
    X, y = data.spirals()
    _, grads = loss_and_grads(deep_params(depth, width, init=init, seed=seed), X, y, activation=activation)
    return [float(np.linalg.norm(grads[f"W{l}"])) for l in range(1, depth + 1)]


def draw_gradient_norms(loss_and_grads, depth=8, width=32, init="1/sqrt(n) (LeCun)",
                        activations=("sigmoid", "tanh", "relu"), seed=0, ax=None):
    """One line per activation: the gradient norm of each layer's weights, log scale; returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 3.8))
    for act in activations:
        norms = gradient_norms(loss_and_grads, act, depth, width, init, seed)
        ax.semilogy(range(1, depth + 1), norms, marker="o", label=f"{act}: layer 1 / layer {depth} = "
                    f"{norms[0] / norms[-1]:.2g}")
    ax.set_xticks(range(1, depth + 1))
    ax.set_xlabel("layer l (1 = next to the input)")
    ax.set_ylabel(r"$\|\partial L / \partial W_l\|$")
    ax.set_title(f"depth {depth}, width {width}, weights {init}, at initialisation")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")
    return ax


@follows
def gradient_norm_explorer(loss_and_grads):
    """Depth, width and initialisation: watch the gradient vanish (or not) on its way down."""
    return explorer(
        lambda **kw: draw_gradient_norms(loss_and_grads, **kw), height="420px", columns=3,
        depth=w.IntSlider(value=8, min=2, max=16, continuous_update=False),
        width=w.Dropdown(options=[8, 32, 128], value=32),
        init=w.Dropdown(options=list(INITS), value="1/sqrt(n) (LeCun)", description="weights"))
