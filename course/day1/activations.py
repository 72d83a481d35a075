"""Day 1, activation functions: a function, its derivative and where it saturates.

Static twins                         Explorer built on them
- plot_activation(f, df, ...)        activation_explorer(functions)
- plot_activations(functions, ...)   -

Both take the learner's own activations and derivatives (``sigmoid``,
``sigmoid_grad`` ...): nothing here answers an exercise.

The explorer follows the learner's functions by name (``@follows``, see
``course.day1``).
"""
import numpy as np
import matplotlib.pyplot as plt

from course.widgets import explorer, follows, w

__all__ = ["plot_activation", "plot_activations", "activation_explorer"]


def plot_activation(f, df=None, name="g", threshold=0.05, zlim=6.0, ax=None):
    """Plot g(z), its derivative g'(z) and the numerical derivative; shade where |g'(z)| < threshold.

    f, df: elementwise functions of an array (the learner's own, e.g.
    sigmoid and sigmoid_grad); without df only the numerical derivative is
    drawn.  The shaded band is where g is *saturated*: a change of z hardly
    changes g(z), so almost no gradient flows back through the unit (Day 2).
    Returns {"range": (min, max) of g on the plot, "saturated": fraction of
    the z axis shaded, "derivative_error": largest |df - numerical| away from
    z = 0, or None}.
    """
    ax = ax or plt.gca()
    z = np.linspace(-zlim, zlim, 600)            # an even count: z = 0 (a kink) is not on the grid
    gz = np.asarray(f(z), dtype=np.float64)
    h = 1e-5
    num = (np.asarray(f(z + h), dtype=np.float64) - np.asarray(f(z - h), dtype=np.float64)) / (2 * h)
    ax.axhline(0, color="0.6", lw=0.6)
    ax.axvline(0, color="0.6", lw=0.6)
    ax.plot(z, gz, lw=2.2, color="C0", label=f"{name}(z)")
    err = None
    if df is not None:
        dz = np.asarray(df(z), dtype=np.float64)
        ax.plot(z, dz, lw=2.2, color="C1", label=f"{name}'(z), yours")
        away = np.abs(z) > 1e-3
        err = float(np.max(np.abs(dz - num)[away]))
    else:
        dz = num
    ax.plot(z, num, ":", color="k", lw=1.2, label="numerical derivative")
    sat = np.abs(dz) < threshold
    ax.fill_between(z, 0, 1, where=sat, color="0.5", alpha=0.18, lw=0,
                    transform=ax.get_xaxis_transform(), label=f"saturated: |{name}'| < {threshold:g}")
    ax.set_xlim(-zlim, zlim)
    ax.set_ylim(-1.6, 2.1)
    ax.set_xlabel("z")
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    lo, hi = float(gz.min()), float(gz.max())
    ax.set_title(f"{name}: values in [{lo:.3g}, {hi:.3g}] on this axis", fontsize=10)
    return {"range": (lo, hi), "saturated": float(sat.mean()), "derivative_error": err}


def plot_activations(functions, threshold=0.05, zlim=6.0):
    """A gallery: one plot_activation panel per entry of functions (name -> (f, df)). Returns the figure."""
    n = len(functions)
    # two per row beyond three: four in one row are shrunk to a notebook's width until legends are unreadable
    cols = n if n <= 3 else 2
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5.2 * cols, 3.6 * rows), squeeze=False)
    for ax, (name, (f, df)) in zip(axes.flat, functions.items()):
        plot_activation(f, df, name=name, threshold=threshold, zlim=zlim, ax=ax)
    for ax in axes.flat[n:]:
        ax.remove()
    fig.tight_layout()
    return fig


@follows
def activation_explorer(functions):
    """Pick one of your activation functions: see it, your derivative and the numerical one, saturation shaded.

    functions: dict name -> (f, df), e.g. {"sigmoid": (sigmoid, sigmoid_grad), ...}.
    """
    def draw(name, threshold, zlim):
        fig, ax = plt.subplots(figsize=(7.5, 3.9))
        f, df = functions[name]
        info = plot_activation(f, df, name=name, threshold=threshold, zlim=zlim, ax=ax)
        note = f"saturated on {100 * info['saturated']:.0f}% of [-{zlim:g}, {zlim:g}]"
        if info["derivative_error"] is not None:
            note += f";  max |yours - numerical| = {info['derivative_error']:.1e}"
        ax.text(0.99, 0.02, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=8.5)

    return explorer(
        draw, height="440px", columns=3,
        name=w.Dropdown(options=list(functions), description="function"),
        threshold=w.FloatLogSlider(value=0.05, base=10, min=-3, max=-0.5, step=0.1,
                                   description="|g'| below", readout_format=".3f"),
        zlim=w.FloatSlider(value=6.0, min=2.0, max=20.0, step=1.0, description="z range"),
    )
