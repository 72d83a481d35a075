"""Day 2 figures and explorers: computational graphs, optimiser races, learning rates.

Every explorer here is built on a static plotting function (its *static
twin*) that the notebook also calls directly, so a headless run or an
exported page still shows the figure.  Nothing in this module answers an
exercise: each function takes the learner's own ``Value`` class, update
rules, ``gradient_descent`` or ``two_layer_net`` as arguments.

Static twins                      explorers built on them
    draw_graph(root)              graph_explorer(Value)   (via draw_neuron)
    draw_neuron(Value, ...)
    draw_race(surface, rules, descent, ...)  race_explorer(rules, descent)
    draw_lr(net, rule, X, y, lr, ...)        lr_explorer(net, rules, X, y)
    draw_h_error(numerical_gradient)
    draw_bias_correction(beta1, beta2)

``needs(what)`` wraps a notebook block that uses the learner's exercises: while
one of them still raises NotImplementedError, the block is skipped with a
one-line note naming the exercise to finish first.

The graph drawer reads four attributes of the learner's ``Value`` (the names
micrograd uses): ``data`` (float), ``grad`` (float), ``_prev`` (the Values it
was computed from: tuple or set) and ``_op`` (a short string, '' for a
leaf).  An optional ``label`` attribute is shown when present.
"""
import warnings
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch

from course.plots import decision_boundary
from course import widgets
from course.widgets import explorer, follows, w

__all__ = ["graph_nodes", "draw_graph", "draw_neuron", "graph_explorer",
           "Surface", "SURFACES", "draw_race", "race_explorer",
           "train_two_layer", "draw_lr", "lr_explorer",
           "draw_h_error", "draw_bias_correction", "draw_schedules", "EXERCISES", "needs"]


# ---------------------------------------------------------------- unfinished exercises

# the exercise number of every name the Day 2 notebook asks for (names only, no answers)
EXERCISES = {
    "Value": 1, "numerical_gradient": 2, "affine_forward": 3, "affine_backward": 3,
    "softmax_ce_steps": "5a", "softmax_ce_backward_steps": "5a", "relu_forward": 4, "relu_backward": 4, "sigmoid_forward": 4, "sigmoid_backward": 4,
    "tanh_forward": 4, "tanh_backward": 4, "softmax_cross_entropy": 5, "mse_loss": 6,
    "two_layer_net": 7, "mlp_loss_and_grads": "7b", "sgd": 8, "sgd_momentum": 8, "nesterov_momentum": 8,
    "adagrad": 9, "rmsprop": 9, "adam": 9, "gradient_descent": 10,
    "step_decay": 11, "cosine_decay": 11, "mlp_predict": 12, "split_validation": 12, "train_classifier": 12, "fixed_net": 13,
}


class needs(widgets.needs):
    """``course.widgets.needs`` that numbers Day 2's exercises: ``with explore2.needs("exercises 7 and 8"):``."""

    def __init__(self, what):
        super().__init__(what, EXERCISES)


# ---------------------------------------------------------------- graphs

def graph_nodes(root):
    """Every Value reachable from root through ``_prev``, children before parents.

    Iterative (no recursion limit), and in a stable order: a tuple ``_prev``
    keeps its order; a set is sorted by the children's ``data``.
    """
    def children(v):
        prev = getattr(v, "_prev", ())
        if isinstance(prev, (set, frozenset)):
            return sorted(prev, key=lambda c: (float(c.data), id(c)))
        return list(prev)

    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
            continue
        if id(v) in seen:
            continue
        seen.add(id(v))
        stack.append((v, True))
        for c in reversed(children(v)):
            if id(c) not in seen:
                stack.append((c, False))
    return order, children


def _layout(root):
    """Columns by distance from the output (longest path), so each node sits just left of its
    first use; within a column, nodes follow the mean height of the nodes they feed."""
    order, children = graph_nodes(root)
    dist, parents = {id(root): 0}, {}
    for v in reversed(order):                      # parents before children
        for c in children(v):
            dist[id(c)] = max(dist.get(id(c), 0), dist[id(v)] + 1)
            parents.setdefault(id(c), []).append(v)
    width = max(dist.values())
    columns = {}
    for v in order:
        columns.setdefault(width - dist[id(v)], []).append(v)
    pos = {}
    for d in sorted(columns, reverse=True):
        col = columns[d]
        col.sort(key=lambda v: -np.mean([pos[id(p)][1] for p in parents.get(id(v), [])] or [0.0]))
        n = len(col)
        for i, v in enumerate(col):
            pos[id(v)] = (d, (n - 1) / 2.0 - i)
    return order, children, pos, width, max(len(c) for c in columns.values())


def draw_graph(root, ax=None, title=None, digits=4):
    """Draw the computational graph that produced ``root``, leaves on the left.

    Each node is a box with its label (if any), ``data`` and ``grad``; the
    operation that produced it (``_op``) is a circle on its incoming edges.
    Boxes are green for leaves, and outlined red where grad < 0, blue where
    grad > 0 (grey where it is 0: e.g. a ReLU that is off).  Returns the axes.
    """
    order, children, pos, width, height = _layout(root)
    sx, sy, bw, bh, r = 3.0, 1.0, 1.5, 0.72, 0.3
    if ax is None:
        _, ax = plt.subplots(figsize=(min(2.3 * (width + 1), 16), min(0.8 * height + 1.2, 9)))
    for v in order:
        x, y = pos[id(v)]
        X, Y = x * sx, y * sy
        op = getattr(v, "_op", "") or ""
        kids = children(v)
        if kids:
            ox = X - bw / 2 - 0.55
            ax.add_patch(Circle((ox, Y), r, fc="white", ec="0.3", lw=1, zorder=3))
            ax.text(ox, Y, op, ha="center", va="center", fontsize=8 if len(op) <= 2 else 6, zorder=4)
            ax.annotate("", xy=(X - bw / 2, Y), xytext=(ox + r, Y),
                        arrowprops=dict(arrowstyle="->", color="0.3", lw=0.8), zorder=2)
            uses = {}
            for c in kids:
                cx, cy = pos[id(c)]
                k = uses[id(c)] = uses.get(id(c), 0) + 1
                # a skipped column or a second use of the same input: bend the edge so it stays visible
                rad = 0.0 if (k == 1 and x - cx == 1) else (0.35 if k % 2 else -0.35) * (1 + (k - 1) // 2)
                ax.annotate("", xy=(ox - r, Y), xytext=(cx * sx + bw / 2, cy * sy),
                            arrowprops=dict(arrowstyle="->", color="0.5", lw=0.8,
                                            connectionstyle=f"arc3,rad={rad}"), zorder=1)
        g = float(getattr(v, "grad", 0.0))
        edge = "tab:blue" if g > 0 else "tab:red" if g < 0 else "0.6"
        face = "#e3f4e1" if not kids else "#eef3fb"
        ax.add_patch(FancyBboxPatch((X - bw / 2, Y - bh / 2), bw, bh, boxstyle="round,pad=0.02",
                                    fc=face, ec=edge, lw=1.4, zorder=3))
        label = getattr(v, "label", "") or ""
        text = f"data {float(v.data):.{digits}g}\ngrad {g:.{digits}g}"
        if label:
            text = f"{label}\n" + text
        ax.text(X, Y, text, ha="center", va="center", fontsize=7, zorder=4, family="monospace")
    ys = [p[1] * sy for p in pos.values()]
    ax.set_xlim(-bw / 2 - 0.2, width * sx + bw / 2 + 0.2)
    ax.set_ylim(min(ys) - 0.6, max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def draw_neuron(Value, x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.88, activation="tanh"):
    """Build o = act(x1*w1 + x2*w2 + b) with the learner's Value, run backward(), draw the graph."""
    try:
        leaves = [Value(v) for v in (x1, w1, x2, w2, b)]
        for v, name in zip(leaves, ("x1", "w1", "x2", "w2", "b")):
            v.label = name
        X1, W1, X2, W2, B = leaves
        n = X1 * W1 + X2 * W2 + B
        n.label = "n"
        o = getattr(n, activation)()
        o.label = "o"
        o.backward()
    except NotImplementedError:
        return _message("Value is not finished yet: implement the exercise first.")
    fig, ax = plt.subplots(figsize=(11, 3.6))
    draw_graph(o, ax=ax, title=f"o = {activation}(x1*w1 + x2*w2 + b): forward values and gradients do/d(node)")
    return ax


@follows
def graph_explorer(Value):
    """Sliders for the inputs, weights and bias of one neuron; the graph redraws with data and grad."""
    def s(v, lo=-4.0, hi=4.0):
        return w.FloatSlider(value=v, min=lo, max=hi, step=0.1, continuous_update=False)
    return explorer(lambda **kw: draw_neuron(Value, **kw), height="400px", columns=3,
                    x1=s(2.0), w1=s(-3.0), x2=s(0.0), w2=s(1.0), b=s(6.9, -8.0, 8.0),
                    activation=w.Dropdown(options=["tanh", "relu", "exp"], value="tanh"))


def _message(text, ax=None):
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 1.2))
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=10)
    ax.axis("off")
    return ax


# ---------------------------------------------------------------- 2-D loss surfaces

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
        ax.plot(traj[:stop, 0], traj[:stop, 1], "-", color=col, lw=1.4, label=name)
        ax.plot(traj[:stop, 0], traj[:stop, 1], ".", color=col, ms=3)
        with np.errstate(all="ignore"):
            loss = np.array([S.f(p) for p in traj]) - S.fmin
        loss = np.where(np.isfinite(loss), loss, np.inf)
        if stop < len(traj):
            ax.plot(*np.clip(traj[stop - 1], [S.xlim[0], S.ylim[0]], [S.xlim[1], S.ylim[1]]),
                    "x", color=col, ms=10, mew=2)
            loss[stop:] = cap
            notes.append(f"{name} diverged at step {stop}")
        bx.semilogy(np.clip(loss, 1e-10, cap), color=col, label=name)
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


# ---------------------------------------------------------------- learning rates on a real network

def _init_params(D, H, C, seed):
    r = np.random.default_rng(seed)
    return {"W1": r.standard_normal((D, H)) * np.sqrt(2.0 / D), "b1": np.zeros(H),
            "W2": r.standard_normal((H, C)) * np.sqrt(1.0 / H), "b2": np.zeros(C)}


def train_two_layer(net, rule, X, y, lr, steps=200, hidden=50, reg=0.0, seed=0, config=None):
    """Full-batch training of the learner's net(params, X, y, reg) -> (loss, grads) with rule.

    Stops early when the loss stops being finite or exceeds 1e6 (divergence).
    Returns dict(params, losses (array, one per step), diverged_at (step or None)).
    """
    C = int(np.max(y)) + 1
    params = _init_params(X.shape[1], hidden, C, seed)
    configs = {k: dict(config or {}, learning_rate=lr) for k in params}
    losses, diverged = [], None
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for t in range(steps):
            loss, grads = net(params, X, y, reg=reg)
            loss = float(loss)
            losses.append(loss)
            if not np.isfinite(loss) or loss > 1e6:
                diverged = t
                break
            for k in params:
                params[k], configs[k] = rule(params[k], grads[k], configs[k])
    return {"params": params, "losses": np.array(losses), "diverged_at": diverged}


_LR_CACHE = {}


def draw_lr(net, rule, X, y, lr=1.0, steps=200, hidden=50, reg=0.0, seed=0):
    """Train for `steps` full-batch steps at this learning rate; loss curve and decision boundary.

    The loss is drawn on a log scale, clipped at 1000x its starting value (dotted
    line); a run whose loss overflows or exceeds 1e6 is stopped, marked 'diverged',
    and its boundary is not drawn.
    """
    key = (id(net), id(rule), id(X), float(lr), int(steps), int(hidden), float(reg), int(seed))
    if key not in _LR_CACHE:
        if len(_LR_CACHE) > 64:
            _LR_CACHE.clear()
        try:
            _LR_CACHE[key] = train_two_layer(net, rule, X, y, lr, steps, hidden, reg, seed)
        except NotImplementedError:
            return _message("two_layer_net or the update rule is not finished yet.")
    run = _LR_CACHE[key]
    losses, div = run["losses"], run["diverged_at"]
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.9))
    start = losses[0] if len(losses) and np.isfinite(losses[0]) else 1.0
    cap = 1e3 * start
    shown = np.where(np.isfinite(losses), np.clip(losses, 1e-3, cap), cap)
    ax.semilogy(shown, color="tab:red" if div is not None else "tab:blue")
    ax.axhline(start, color="0.6", lw=0.6, ls=":")
    ax.set_ylim(1e-2, cap * 1.5)
    ax.set_xlim(0, steps)
    ax.set_xlabel("step")
    ax.set_ylabel("training loss (log, clipped)")
    final = losses[-1] if len(losses) else np.nan
    if div is not None:
        ax.plot(div, cap, "x", color="tab:red", ms=12, mew=2)
        verdict = f"diverged at step {div}: the loss overflowed"
    elif final > losses[0]:
        verdict = f"loss went up to {final:.3g}: too large"
    elif final > 0.9 * losses[0]:
        verdict = f"barely moved: loss {final:.3f} (too small?)"
    else:
        verdict = f"final loss {final:.3f}"
    ax.set_title(f"lr = {lr:.3g}: {verdict}", fontsize=10)
    params = run["params"]
    if div is None and all(np.all(np.isfinite(v)) for v in params.values()):
        with np.errstate(all="ignore"):
            acc = np.mean(np.argmax(net(params, X), axis=1) == y)
        decision_boundary(lambda P: np.argmax(net(params, P), axis=1), X, y, ax=bx, steps=120,
                          title=f"training accuracy {acc:.1%}")
    else:
        _message("diverged: the weights are inf or NaN,\nno boundary to draw", ax=bx)
    fig.tight_layout()
    return fig


@follows
def lr_explorer(net, rules, X=None, y=None):
    """Learning-rate explorer on a two-layer network (the learner's net and update rules).

    rules: a rule function or a dict name -> rule.  X, y: your own points (N, 2)
    and integer labels; without them the course's toy sets are offered.
    """
    from course import data
    rules = rules if isinstance(rules, dict) else {getattr(rules, "__name__", "rule"): rules}
    sets = {}
    if X is not None:
        sets["your points"] = (np.asarray(X, dtype=np.float64), np.asarray(y))
    sets.update({"spirals": data.spirals(), "moons": data.moons(), "circles": data.circles(),
                 "xor": data.xor()})

    def draw(lr, steps, hidden, reg, dataset, rule):
        Xd, yd = sets[dataset]
        return draw_lr(net, rules[rule], Xd, yd, lr=lr, steps=steps, hidden=hidden, reg=reg)

    return explorer(
        draw, height="440px", columns=3,
        lr=w.FloatLogSlider(value=1.0, base=10, min=-3, max=2.5, step=0.25, continuous_update=False,
                            readout_format=".3g"),
        steps=w.IntSlider(value=200, min=50, max=400, step=50, continuous_update=False),
        hidden=w.Dropdown(options=[5, 10, 25, 50, 100], value=50, description="hidden units"),
        reg=w.Dropdown(options=[0.0, 1e-3, 1e-2, 1e-1], value=0.0, description="L2 reg"),
        dataset=w.Dropdown(options=list(sets), value=list(sets)[0]),
        rule=w.Dropdown(options=list(rules), value=list(rules)[0]))


# ---------------------------------------------------------------- small static figures

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
