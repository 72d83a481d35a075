"""Day 2, optimisers on 2-D loss surfaces: a race of update rules, Adam's bias correction, schedules.

Static twins                                 explorer built on them
    draw_race(surface, rules, descent, ...)  race_explorer(rules, descent)
    draw_bias_correction(beta1, beta2)
    draw_schedules(schedules, total)

``SURFACES`` holds the three surfaces of the race (each a ``Surface``: f, its
gradient, a start and a view).  Nothing here answers an exercise: the race
takes the learner's own update rules and ``gradient_descent``.
"""
import warnings
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from course.plots import MARKERS
from course.widgets import explorer, follows, w

__all__ = ["Surface", "SURFACES", "ADAPTIVE", "MOMENTUM", "draw_race", "race_explorer",
           "draw_bias_correction", "draw_schedules"]


@dataclass
class Surface:
    """A 2-D loss surface: f(p) and its gradient for p of shape (2,), a start and a view."""
    name: str
    f: callable
    grad: callable
    x0: tuple
    xlim: tuple
    ylim: tuple
    fmin: float
    levels: object = None

    def grid(self, n=120):
        xs, ys = np.linspace(*self.xlim, n), np.linspace(*self.ylim, n)
        XX, YY = np.meshgrid(xs, ys)
        Z = np.array([self.f(np.array([a, b])) for a, b in zip(XX.ravel(), YY.ravel())])
        return XX, YY, Z.reshape(XX.shape)


_C, _S = np.cos(np.pi / 6), np.sin(np.pi / 6)
_R = np.array([[_C, -_S], [_S, _C]])
_A = _R @ np.diag([1.0, 20.0]) @ _R.T        # condition number 20, rotated by 30 degrees


def _quad(p):
    return 0.5 * p @ _A @ p


def _quad_grad(p):
    return _A @ p


def _rosen(p):
    return (1 - p[0]) ** 2 + 100.0 * (p[1] - p[0] ** 2) ** 2


def _rosen_grad(p):
    return np.array([-2 * (1 - p[0]) - 400.0 * p[0] * (p[1] - p[0] ** 2),
                     200.0 * (p[1] - p[0] ** 2)])


def _saddle(p):
    return 0.5 * p[0] ** 2 - 0.5 * p[1] ** 2 + 0.25 * p[1] ** 4


def _saddle_grad(p):
    return np.array([p[0], -p[1] + p[1] ** 3])


SURFACES = {
    "ill-conditioned quadratic": Surface("ill-conditioned quadratic", _quad, _quad_grad,
                                         (-4.0, 2.5), (-5, 5), (-3.5, 3.5), 0.0),
    "Rosenbrock valley": Surface("Rosenbrock valley", _rosen, _rosen_grad,
                                 (-1.5, 2.0), (-2, 2), (-1, 3), 0.0),
    "saddle": Surface("saddle", _saddle, _saddle_grad, (2.5, 1e-3), (-3, 3), (-2, 2), -0.25),
}
_GRIDS = {}

ADAPTIVE = ("adagrad", "rmsprop", "adam")
MOMENTUM = ("sgd_momentum", "nesterov_momentum")


def _config(name, lr, lr_adaptive, momentum):
    if name in ADAPTIVE:
        return {"learning_rate": lr_adaptive}
    if name in MOMENTUM:
        return {"learning_rate": lr, "momentum": momentum}
    return {"learning_rate": lr}


def _run(descent, surface, rule, config, steps):
    """The learner's gradient_descent, with overflow tolerated: returns (traj, error text)."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            traj = np.asarray(descent(surface.grad, np.array(surface.x0), rule, config, steps), dtype=float)
        return traj, None
    except NotImplementedError:
        return None, "not implemented yet"
    except Exception as e:  # a learner's bug must not kill the explorer
        return None, f"{type(e).__name__}: {e}"


def draw_race(surface="ill-conditioned quadratic", rules=None, descent=None, picked=None,
              lr=0.05, lr_adaptive=0.1, momentum=0.9, steps=100):
    """Run each chosen rule from the same start on a 2-D surface; draw paths and loss against steps.

    surface: a key of SURFACES (or a Surface).  rules: dict name -> rule(w, dw, config).
    descent: the learner's gradient_descent(grad_fn, x0, rule, config, steps).
    lr feeds sgd / sgd_momentum / nesterov_momentum, lr_adaptive feeds adagrad /
    rmsprop / adam (their step does not scale with the gradient), momentum feeds
    the two momentum rules.  Paths that leave the view or overflow are cut
    there and marked with an x; the loss is clipped to the plot.
    """
    S = SURFACES[surface] if isinstance(surface, str) else surface
    picked = list(rules) if picked is None else list(picked)
    if S.name not in _GRIDS:
        _GRIDS[S.name] = S.grid()
    XX, YY, Z = _GRIDS[S.name]
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1.2, 1]})
    ax.contour(XX, YY, np.log10(Z - S.fmin + 1e-3), levels=25, cmap="Greys", linewidths=0.6)
    ax.plot(*S.x0, "ko", ms=5)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    cap = 10 * max(S.f(np.array(S.x0)) - S.fmin, 1.0)
    notes = []
    for i, name in enumerate(picked):
        col = colours[i % len(colours)]
        traj, err = _run(descent, S, rules[name], _config(name, lr, lr_adaptive, momentum), steps)
        if err:
            notes.append(f"{name}: {err}")
            continue
        inside = (np.all(np.isfinite(traj), axis=1)
                  & (traj[:, 0] > S.xlim[0] - 1) & (traj[:, 0] < S.xlim[1] + 1)
                  & (traj[:, 1] > S.ylim[0] - 1) & (traj[:, 1] < S.ylim[1] + 1))
        stop = len(traj) if inside.all() else int(np.argmin(inside))
        # a marker shape per rule besides its colour (and the same on both panels): apart in black and white
        mark = MARKERS[i % len(MARKERS)]
        ax.plot(traj[:stop, 0], traj[:stop, 1], "-", marker=mark, ms=3, color=col, lw=1.4, label=name)
        with np.errstate(all="ignore"):
            loss = np.array([S.f(p) for p in traj]) - S.fmin
        loss = np.where(np.isfinite(loss), loss, np.inf)
        if stop < len(traj):
            ax.plot(*np.clip(traj[stop - 1], [S.xlim[0], S.ylim[0]], [S.xlim[1], S.ylim[1]]),
                    "x", color=col, ms=10, mew=2)
            loss[stop:] = cap
            notes.append(f"{name} diverged at step {stop}")
        bx.semilogy(np.clip(loss, 1e-10, cap), color=col, label=name, marker=mark, markevery=0.1, ms=4)
    ax.set_xlim(*S.xlim)
    ax.set_ylim(*S.ylim)
    ax.set_title(f"{S.name}: paths from the same start")
    if any(not ln.get_label().startswith("_") for ln in ax.get_lines()):
        ax.legend(fontsize=8, loc="lower right")
    bx.set_xlabel("step")
    bx.set_ylabel("f(x) - f* (clipped)")
    bx.set_title("loss against steps")
    bx.set_ylim(1e-10, cap * 1.5)
    if notes:
        bx.text(0.02, 0.02, "\n".join(notes), transform=bx.transAxes, fontsize=8, va="bottom", color="tab:red")
    fig.tight_layout()
    return fig


@follows
def race_explorer(rules, descent):
    """Optimiser race: pick a surface and rules, set the step sizes and the momentum."""
    names = list(rules)
    return explorer(
        lambda **kw: draw_race(rules=rules, descent=descent, **kw), height="470px", columns=3,
        surface=w.Dropdown(options=list(SURFACES), value="ill-conditioned quadratic"),
        picked=w.SelectMultiple(options=names, value=tuple(names[:3]), rows=6, description="rules"),
        steps=w.IntSlider(value=100, min=10, max=500, step=10, continuous_update=False),
        lr=w.FloatLogSlider(value=0.05, base=10, min=-4, max=0, step=0.1, continuous_update=False,
                            description="lr (sgd, mom.)", readout_format=".2g"),
        lr_adaptive=w.FloatLogSlider(value=0.1, base=10, min=-3, max=0.5, step=0.1, continuous_update=False,
                                     description="lr (adaptive)", readout_format=".2g"),
        momentum=w.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, continuous_update=False))


# ---------------------------------------------------------------- Adam and schedules

def draw_bias_correction(beta1=0.9, beta2=0.999, steps=60, g=1.0):
    """Adam's moment estimates for a constant gradient g: raw EMAs start near 0, corrected ones do not."""
    t = np.arange(1, steps + 1)
    m = g * (1 - beta1 ** t)          # the EMA of a constant g after t steps, started at 0
    v = g * g * (1 - beta2 ** t)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.4))
    ax.plot(t, m, label="m_t (raw)")
    ax.plot(t, m / (1 - beta1 ** t), "--", label="m_t / (1 - beta1^t)")
    ax.plot(t, np.sqrt(v), label="sqrt(v_t) (raw)")
    ax.plot(t, np.sqrt(v / (1 - beta2 ** t)), "--", label="sqrt(v_t / (1 - beta2^t))")
    ax.axhline(g, color="k", lw=0.5)
    ax.set_xlabel("step t")
    ax.set_title(f"moment estimates for a constant gradient g = {g}")
    ax.legend(fontsize=8)
    bx.plot(t, m / (np.sqrt(v) + 1e-8), label="raw m / sqrt(v)")
    bx.plot(t, (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + 1e-8), "--", label="corrected")
    bx.set_xlabel("step t")
    bx.set_title("step size / learning rate")
    bx.legend(fontsize=8)
    fig.tight_layout()
    return fig


def draw_schedules(schedules, total):
    """Plot learning rate against step for a dict name -> array of learning rates."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    for name, lrs in schedules.items():
        ax.plot(np.arange(len(lrs)), lrs, label=name)
    ax.set_xlim(0, total)
    ax.set_xlabel("step")
    ax.set_ylabel("learning rate")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
