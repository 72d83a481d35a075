"""Day 2, learning rates on a real network: full-batch training of the learner's two-layer net.

Static twin                              explorer built on it
    draw_lr(net, rule, X, y, lr, ...)    lr_explorer(net, rules, X, y)

``train_two_layer`` runs the training both draw.  Nothing here answers an
exercise: each function takes the learner's ``two_layer_net`` and update rules.
"""
import warnings

import matplotlib.pyplot as plt
import numpy as np

from course.plots import decision_boundary, message
from course.widgets import explorer, follows, w

__all__ = ["train_two_layer", "draw_lr", "lr_explorer"]


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
            return message("two_layer_net or the update rule is not finished yet.")
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
        message("diverged: the weights are inf or NaN,\nno boundary to draw", ax=bx)
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
