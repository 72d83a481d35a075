"""Day 2, numerical derivatives: how the error of a finite difference depends on the step h.

Static figure
    draw_h_error(numerical_gradient)

It takes the learner's ``numerical_gradient``: nothing here answers an exercise.
"""
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["draw_h_error"]


def draw_h_error(numerical_gradient, x0=1.0, hs=None):
    """Error of a numerical derivative of sin at x0 against h: truncation (h^2) meets round-off (1/h)."""
    hs = np.logspace(-12, -1, 45) if hs is None else hs
    f = lambda x: float(np.sum(np.sin(x)))
    true = np.cos(x0)
    errs = []
    for h in hs:
        g = numerical_gradient(f, np.array([x0]), h=h)
        errs.append(abs(float(np.ravel(g)[0]) - true) + 1e-18)
    fwd = [abs((np.sin(x0 + h) - np.sin(x0)) / h - true) + 1e-18 for h in hs]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.loglog(hs, errs, "o-", ms=3, label="central (your numerical_gradient)")
    ax.loglog(hs, fwd, ".-", ms=3, color="0.6", label="forward difference")
    ax.axvline(1e-5, ls=":", color="k")
    ax.text(1.1e-5, ax.get_ylim()[1] / 10 if ax.get_ylim()[1] > 0 else 1, "h = 1e-5", fontsize=8)
    ax.set_xlabel("h")
    ax.set_ylabel("|numerical - exact|")
    ax.set_title("d sin(x)/dx at x = 1: error against step size h")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
