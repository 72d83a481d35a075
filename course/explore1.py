"""Day 1 figures and explorers: activations, one neuron, forward passes, the perceptron, XOR.

Every explorer here is built on a plain plotting function, its *static twin*,
which the notebook also calls directly so that a headless or exported
notebook still shows the figure.  The explorers take the learner's own
functions as arguments (``sigmoid``, ``mlp_forward``, ``perceptron_train``
...): nothing in this module answers an exercise.

Static twins                         Explorers built on them
- network_diagram(sizes, ...)        -
- plot_activation(f, df, ...)        activation_explorer(functions)
- plot_neuron(X, y, w1, w2, b, ...)  neuron_playground(datasets, activation)
- plot_xor_network(forward, ...)     xor_playground(forward, X, y)
- plot_pretrained(forward, ...)      pretrained_explorer(forward)
- plot_perceptron(train, X, y, ...)  perceptron_explorer(train, datasets)

``pretrained(name)`` returns the fixed weights of a small moons or circles
classifier for the day's practical.

The explorers follow the learner's functions by name (``@follows``): after
a function is rewritten and its cell run, the next redraw uses the new one.
While one of them is still the released stub, an explorer shows "not
finished yet: <function> raises NotImplementedError" instead of a traceback.
The static twins let the error through (the notebook cells that call them
use ``course.widgets.needs``, which names the exercise to finish first).
"""
import numpy as np
import matplotlib.pyplot as plt

from course import data
from course.plots import decision_boundary, grid_points
from course.widgets import explorer, follows, w

__all__ = ["network_diagram", "plot_activation", "plot_activations", "activation_explorer",
           "plot_neuron", "neuron_playground", "xor_params", "xor_weights", "plot_xor_network",
           "xor_playground", "pretrained", "plot_pretrained", "pretrained_explorer",
           "perceptron_history", "plot_perceptron", "perceptron_explorer"]

_NEG, _POS = "#3b4cc0", "#b40426"      # the two ends of "coolwarm": class 0 / -1 and class 1 / +1


# --------------------------------------------------------------------------- helpers

def _line(ax, wv, b, **kw):
    """Draw {x : wv[0] x1 + wv[1] x2 + b = 0} across the current axes limits (nothing if wv = 0)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    w1, w2 = float(wv[0]), float(wv[1])
    if abs(w2) >= abs(w1) and w2 != 0:
        xs = np.array([x0, x1])
        ys = -(w1 * xs + b) / w2
    elif w1 != 0:
        ys = np.array([y0, y1])
        xs = -(w2 * ys + b) / w1
    else:
        return None
    line, = ax.plot(xs, ys, **kw)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return line


def _frame(ax, X, pad=0.5):
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def _scatter(ax, X, positive, wrong=None):
    ax.scatter(*X[~positive].T, s=16, color=_NEG, edgecolors="k", linewidths=0.3, zorder=3)
    ax.scatter(*X[positive].T, s=16, color=_POS, edgecolors="k", linewidths=0.3, zorder=3)
    if wrong is not None and wrong.any():
        ax.scatter(*X[wrong].T, s=70, facecolors="none", edgecolors="k", linewidths=1.2, zorder=4,
                   label="misclassified")


# --------------------------------------------------------------------------- forward propagation

def network_diagram(sizes, activation="relu", batch="N", max_nodes=6, ax=None):
    """Draw a fully connected network with the shape of every matrix written on it.

    sizes: [D, H1, ..., K], the input width, the hidden widths and the number
    of classes.  Layer l = 1..L computes A_l = g(A_{l-1} W_l + b_l) with
    A_0 = X (batch, D), W_l (n_{l-1}, n_l) and b_l (n_l,) broadcast over the
    rows; the last layer applies softmax instead of g and gives P (batch, K).
    A layer wider than max_nodes is drawn with an ellipsis.  Returns the axes.
    """
    sizes = [int(n) for n in sizes]
    L = len(sizes) - 1
    if ax is None:
        _, ax = plt.subplots(figsize=(2.7 * len(sizes) + 0.8, 5.0))
    nodes = []                                   # per layer: y positions of drawn nodes, and the "..." spot
    for n in sizes:
        shown = min(n, max_nodes)
        ys = np.linspace(1, -1, shown) * ((shown - 1) / (max_nodes - 1)) if shown > 1 else np.zeros(1)
        if n > max_nodes:                        # last-but-one spot becomes the ellipsis
            nodes.append((np.delete(ys, -2), ys[-2]))
        else:
            nodes.append((ys, None))
    for l in range(L):
        for y0 in nodes[l][0]:
            for y1 in nodes[l + 1][0]:
                ax.plot([l, l + 1], [y0, y1], color="0.78", lw=0.6, zorder=1)
    for l, (ys, dots) in enumerate(nodes):
        color = "#9ecae1" if l == 0 else ("#a1d99b" if l == L else "#fdd0a2")
        ax.scatter(np.full(len(ys), l), ys, s=360, color=color, edgecolors="k", linewidths=0.8, zorder=3)
        if dots is not None:
            ax.text(l, dots, r"$\vdots$", ha="center", va="center", fontsize=16, zorder=3)
    g = r"\mathrm{" + str(activation).replace("_", r"\_") + "}"
    for l, n in enumerate(sizes):
        if l == 0:
            text = f"input $X$\n({batch}, {n})"
        elif l < L:
            text = f"$A_{{{l}}} = {g}(A_{{{l - 1}}} W_{{{l}}} + b_{{{l}}})$\n({batch}, {n})"
        else:
            text = f"$P = \\mathrm{{softmax}}(A_{{{l - 1}}} W_{{{l}}} + b_{{{l}}})$\n({batch}, {n})"
        ax.text(l, -1.28, text, ha="center", va="top", fontsize=9.5)
    for l in range(1, L + 1):
        ax.text(l - 0.5, 1.22, f"$W_{{{l}}}$ ({sizes[l - 1]}, {sizes[l]})\n$b_{{{l}}}$ ({sizes[l]},)",
                ha="center", va="bottom", fontsize=9.5,
                bbox=dict(boxstyle="round,pad=0.25", fc="white", ec="0.7"))
    ax.set_xlim(-0.75, L + 0.75)
    ax.set_ylim(-1.85, 1.7)
    ax.axis("off")
    ax.set_title(f"forward pass of a {'-'.join(map(str, sizes))} network on a batch of {batch}")
    return ax


# --------------------------------------------------------------------------- activation functions

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
    fig, axes = plt.subplots(1, n, figsize=(3.9 * n, 3.6), squeeze=False)
    for ax, (name, (f, df)) in zip(axes[0], functions.items()):
        plot_activation(f, df, name=name, threshold=threshold, zlim=zlim, ax=ax)
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


# --------------------------------------------------------------------------- one neuron

def plot_neuron(X, y, w1, w2, b, activation=None, ax=None, title=None):
    """One neuron a = g(w1 x1 + w2 x2 + b) over 2-D data; returns its accuracy.

    The plane is coloured by a = g(z) (activation = the learner's g, e.g.
    sigmoid) or by the step z > 0 when activation is None; the decision line
    z = 0 is drawn with the weight vector (w1, w2), which points to the side
    predicted positive.  y: labels in {0, 1} or {-1, +1}; misclassified points
    are circled.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    ax = ax or plt.gca()
    positive = y > 0
    P, xx, yy = grid_points(X, steps=120)
    zg = P @ np.array([w1, w2], dtype=np.float64) + b
    a = (zg > 0).astype(float) if activation is None else np.asarray(activation(zg), dtype=np.float64)
    lo, hi = float(a.min()), float(a.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    ax.imshow(a.reshape(xx.shape), origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()),
              cmap="coolwarm", vmin=lo, vmax=hi, alpha=0.4, interpolation="bilinear", aspect="auto")
    _frame(ax, X)
    pred = X @ np.array([w1, w2]) + b > 0
    wrong = pred != positive
    _scatter(ax, X, positive, wrong)
    _line(ax, (w1, w2), b, color="k", lw=2)
    norm = np.hypot(w1, w2)
    if norm > 0:
        c = X.mean(axis=0)
        foot = c - (np.dot([w1, w2], c) + b) / norm**2 * np.array([w1, w2])
        d = 0.6 * np.array([w1, w2]) / norm
        ax.annotate("", xy=foot + d, xytext=foot, arrowprops=dict(arrowstyle="->", lw=1.8, color="k"))
        ax.text(*(foot + 1.15 * d), "w", fontsize=11, ha="center", va="center")
    acc = float(np.mean(~wrong))
    ax.set_title(title or f"w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}:   accuracy {acc:.2f}", fontsize=10)
    return acc


@follows
def neuron_playground(datasets, activation=None):
    """Sliders w1, w2, b for one neuron over a choice of 2-D data sets; line and accuracy follow live.

    datasets: dict name -> (X, y) with X (N, 2) and labels in {0, 1} or {-1, +1}.
    activation: your g (e.g. sigmoid) to colour the plane, or None for a step.
    """
    def draw(data, w1, w2, b):
        fig, ax = plt.subplots(figsize=(5.6, 4.8))
        X, y = datasets[data]
        plot_neuron(X, y, w1, w2, b, activation=activation, ax=ax)

    def slider(value, label):
        return w.FloatSlider(value=value, min=-4.0, max=4.0, step=0.05, description=label)

    return explorer(draw, height="520px", columns=4,
                    data=w.Dropdown(options=list(datasets), description="data"),
                    w1=slider(1.0, "w1"), w2=slider(1.0, "w2"), b=slider(0.0, "b"))


# --------------------------------------------------------------------------- a 2-2-1 network for XOR

XOR_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def xor_params(w11, w12, w21, w22, c1, c2, v1, v2, d):
    """Pack the 9 weights of a 2-2-1 network into mlp_forward's softmax convention.

    Hidden units: h_j = g(x1 w1j + x2 w2j + c_j), j = 1, 2.  One output
    score s = v1 h1 + v2 h2 + d.  The two class scores are (0, s), so the
    softmax gives P(class 1) = e^s / (1 + e^s) = sigmoid(s): a single output
    neuron written as a 2-class softmax.  Returns {"W1": (2, 2) [[w11, w12],
    [w21, w22]], "b1": (2,) [c1, c2], "W2": (2, 2) [[0, v1], [0, v2]],
    "b2": (2,) [0, d]}.
    """
    f = float
    return {"W1": np.array([[f(w11), f(w12)], [f(w21), f(w22)]]), "b1": np.array([f(c1), f(c2)]),
            "W2": np.array([[0.0, f(v1)], [0.0, f(v2)]]), "b2": np.array([0.0, f(d)])}


def xor_weights(params):
    """The inverse of xor_params: the 9 numbers (w11, w12, w21, w22, c1, c2, v1, v2, d).

    Only the difference of the two class scores matters to softmax, so
    v = W2[:, 1] - W2[:, 0] and d = b2[1] - b2[0].
    """
    W1, b1 = np.asarray(params["W1"], float), np.asarray(params["b1"], float)
    W2, b2 = np.asarray(params["W2"], float), np.asarray(params["b2"], float)
    v, d = W2[:, 1] - W2[:, 0], b2[1] - b2[0]
    return (W1[0, 0], W1[0, 1], W1[1, 0], W1[1, 1], b1[0], b1[1], v[0], v[1], d)


def plot_xor_network(forward, params, X, y, activation="relu", ax=None, title=None):
    """A 2-2-1 (or any 2-input) network on 2-D data; returns its accuracy on (X, y).

    forward(points, params, activation=...) -> probabilities (n, 2), e.g. your
    mlp_forward.  The plane is coloured by P(class 1); the dashed lines are
    where each hidden unit's pre-activation x W1[:, j] + b1[j] is zero; the
    four corners of the unit square are labelled with the predicted class.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    ax = ax or plt.gca()
    P, xx, yy = grid_points(X, steps=120)
    p1 = np.asarray(forward(P, params, activation=activation))[:, 1]
    ax.imshow(p1.reshape(xx.shape), origin="lower", extent=(xx.min(), xx.max(), yy.min(), yy.max()),
              cmap="coolwarm", vmin=0, vmax=1, alpha=0.4, interpolation="bilinear", aspect="auto")
    _frame(ax, X)
    pred = np.argmax(forward(X, params, activation=activation), axis=1)
    positive = y > 0
    _scatter(ax, X, positive, pred != positive.astype(int))
    W1, b1 = np.asarray(params["W1"], float), np.asarray(params["b1"], float)
    for j in range(W1.shape[1]):
        _line(ax, W1[:, j], b1[j], color=("C2", "C4")[j % 2], lw=1.4, ls="--", label=f"hidden unit {j + 1}: z = 0")
    corners = np.argmax(forward(XOR_CORNERS, params, activation=activation), axis=1)
    for (cx, cy), k in zip(XOR_CORNERS, corners):
        ax.text(cx, cy, str(k), ha="center", va="center", fontsize=13, fontweight="bold", zorder=5,
                bbox=dict(boxstyle="circle,pad=0.2", fc="white", ec="k", alpha=0.85))
    acc = float(np.mean(pred == positive.astype(int)))
    ax.legend(loc="upper right", fontsize=7.5, framealpha=0.9)
    ax.set_title(title or f"{activation} hidden layer: accuracy {acc:.2f}, corners -> {[int(k) for k in corners]}",
                 fontsize=10)
    return acc


@follows
def xor_playground(forward, X, y, activations=("relu", "sigmoid", "tanh"), start=None):
    """Nine sliders for the weights of a 2-2-1 network: try to solve XOR by hand.

    forward: your mlp_forward.  X, y: an XOR data set (labels 0/1).  start:
    params to begin with (e.g. your xor_network()), packed as xor_params does;
    None starts from a guess that does not solve XOR.
    """
    start = xor_weights(start) if start is not None else (1.0, 0.5, -0.5, 1.0, 0.0, -0.5, 1.0, -1.0, 0.0)
    names = ["w11", "w12", "w21", "w22", "c1", "c2", "v1", "v2", "d"]

    def draw(activation, **weights):
        fig, ax = plt.subplots(figsize=(5.6, 4.8))
        params = xor_params(*(weights[n] for n in names))
        plot_xor_network(forward, params, X, y, activation=activation, ax=ax)

    controls = {"activation": w.Dropdown(options=list(activations), description="hidden g")}
    for n, v in zip(names, start):
        controls[n] = w.FloatSlider(value=float(np.clip(v, -6, 6)), min=-6.0, max=6.0, step=0.1,
                                    description=n, continuous_update=False)
    return explorer(draw, height="620px", columns=5, **controls)


# --------------------------------------------------------------------------- pre-trained classifiers

_PRETRAINED = {
    "moons": ("relu", {
        "W1": np.array([[ 0.0153, -1.6571, -0.1394, -2.6772,  1.6837,  1.0513, -0.1624,  0.8437],
         [ 0.7081, -1.4844,  0.5735,  0.2570, -0.7637, -0.3036,  0.4031, -0.4289]]),
        "b1": np.array([ 0.0361,  1.8401,  1.3658,  0.0405, -1.3368,  0.1045,  1.1552, -0.8582]),
        "W2": np.array([[-0.3774, -0.0412,  0.2610,  0.4450, -0.1722, -0.1321,  0.0037,  0.0975],
         [-1.1319, -0.0179,  0.9558,  1.4999, -1.4681, -0.2089,  0.1976,  0.1200],
         [ 0.4247,  0.1049, -0.0968, -0.0381,  0.4892,  0.3846,  0.0069, -0.2702],
         [ 1.6787,  0.1873, -0.7884, -1.8356,  0.1877,  0.6229,  0.4368, -0.0017],
         [-1.2994,  0.2798,  0.8560,  1.6244, -0.1727,  0.3374, -0.0488,  0.8429],
         [ 0.7019, -0.0504,  0.1103, -0.6078,  0.2648, -0.2566, -0.1424,  0.3617],
         [ 0.3059,  0.0320, -0.1546, -0.0348,  0.5395,  0.1736,  0.0131, -0.1887],
         [-0.7772, -0.0102,  0.3909,  0.8519, -0.6720,  0.4988,  0.0412,  0.4520]]),
        "b2": np.array([ 0.7162, -0.1640,  0.2920,  0.0134,  0.1475, -0.1058, -0.2132, -0.1492]),
        "W3": np.array([[ 1.7556, -1.9785],
         [ 0.3130,  0.0358],
         [-1.0614,  0.6699],
         [-2.1855,  2.1854],
         [ 1.3861, -1.3191],
         [ 0.5512, -0.2049],
         [ 0.3723, -0.4254],
         [-0.6037,  0.5255]]),
        "b3": np.array([-0.3071,  0.3071]),
    }),
    "circles": ("tanh", {
        "W1": np.array([[ 0.0034, -2.8410, -0.1103, -0.6800,  3.1428,  2.9464,  0.0024,  3.1302],
         [ 0.0008, -1.7473,  3.5421, -3.5470, -1.9675, -1.7710,  0.0008,  1.6465]]),
        "b1": np.array([ 2.7237, -1.7988, -1.8928, -2.0530,  2.1942, -1.8920,  3.0792, -1.9157]),
        "W2": np.array([[ 3.1470, -3.1515],
         [ 2.4935, -2.4959],
         [ 2.8712, -2.5404],
         [ 2.8727, -2.6544],
         [-2.9222,  2.8628],
         [ 2.8634, -2.7535],
         [ 2.6198, -3.1790],
         [ 2.8252, -2.6828]]),
        "b2": np.array([ 3.5539, -3.5539]),
    }),
}


def pretrained(name):
    """Fixed weights of a small classifier for the practical: (params, activation).

    name "moons": a 2-8-8-2 ReLU network for data.moons; "circles": a 2-8-2
    tanh network for data.circles.  params holds W1, b1, ..., WL, bL in the
    convention of mlp_forward (A_l = g(A_{l-1} W_l + b_l), softmax output).
    The numbers were produced once, offline, by a seeded full-batch training
    run (3000 Adam steps on the cross-entropy of data.moons(n=200, seed=0) and
    data.circles(n=200, seed=0)) and are stored here rounded to 4 decimals:
    they do not depend on your code.  With a correct mlp_forward they
    classify fresh moons and circles samples at about 99 % and more.
    """
    if name not in _PRETRAINED:
        raise ValueError(f"no pre-trained network for {name!r}; choose one of {sorted(_PRETRAINED)}")
    activation, params = _PRETRAINED[name]
    return {k: v.copy() for k, v in params.items()}, activation


_DATA = {"moons": data.moons, "circles": data.circles}


def plot_pretrained(forward, name, X, y, ax=None, steps=150):
    """The pre-trained network `name` run through forward (your mlp_forward) on (X, y).

    Colours the plane by the predicted class, scatters the data and returns
    the accuracy.
    """
    params, activation = pretrained(name)
    ax = ax or plt.gca()

    def predict(points):
        return np.argmax(forward(points, params, activation=activation), axis=1)

    decision_boundary(predict, X, y, ax=ax, steps=steps)
    acc = float(np.mean(predict(X) == y))
    sizes = [params["W1"].shape[0]] + [params[f"W{l}"].shape[1] for l in range(1, len(params) // 2 + 1)]
    ax.set_title(f"{name}: {'-'.join(map(str, sizes))} {activation} network, accuracy {acc:.3f}", fontsize=10)
    return acc


@follows
def pretrained_explorer(forward):
    """Run the fixed pre-trained networks through your forward pass on fresh samples of their data sets.

    Controls: the data set, its noise and the sample's seed.  The weights
    stay fixed: more noise shows how the learned boundary generalises.
    """
    def draw(name, noise, seed):
        fig, ax = plt.subplots(figsize=(5.6, 4.8))
        X, y = _DATA[name](n=300, noise=noise, seed=seed)
        plot_pretrained(forward, name, X, y, ax=ax, steps=120)

    return explorer(draw, height="520px", columns=3,
                    name=w.Dropdown(options=list(_DATA), description="data"),
                    noise=w.FloatSlider(value=0.1, min=0.0, max=0.4, step=0.02, description="noise",
                                        continuous_update=False),
                    seed=w.IntSlider(value=1, min=0, max=20, description="seed", continuous_update=False))


# --------------------------------------------------------------------------- the perceptron

def perceptron_history(train, X, y, epochs=20, lr=1.0):
    """The perceptron after 1, 2, ..., epochs epochs, each trained from scratch by train(X, y, epochs=k, lr=lr).

    train: your perceptron_train -> (w, b).  y in {-1, +1}.  Returns ws
    (epochs, D), bs (epochs,) and mistakes (epochs,), the number of points on
    the wrong side of (or on) the line after epoch k.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ws, bs, mistakes = [], [], []
    for k in range(1, epochs + 1):
        wk, bk = train(X, y, epochs=k, lr=lr)
        wk, bk = np.asarray(wk, dtype=np.float64).reshape(-1), float(np.asarray(bk).reshape(-1)[0])
        ws.append(wk)
        bs.append(bk)
        mistakes.append(int(np.sum(y * (X @ wk + bk) <= 0)))
    return np.array(ws), np.array(bs), np.array(mistakes)


def plot_perceptron(train, X, y, epochs=20, lr=1.0, upto=None, history=None, axes=None, title=None):
    """The perceptron's line over the data epoch by epoch, and its mistakes per epoch.

    Left: the data (y in {-1, +1}), the lines after epochs 1..upto (older
    ones fainter) and the line after epoch `upto` in bold with its mistakes
    circled.  Right: mistakes after each epoch.  history: the result of
    perceptron_history, to skip retraining.  Returns the mistakes per epoch.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ws, bs, mistakes = history if history is not None else perceptron_history(train, X, y, epochs, lr)
    epochs = len(mistakes)
    upto = epochs if upto is None else int(np.clip(upto, 1, epochs))
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10.5, 4.4), gridspec_kw={"width_ratios": [1.1, 1]})
    ax, bx = axes
    _frame(ax, X)
    positive = y > 0
    for k in range(upto - 1):
        _line(ax, ws[k], bs[k], color="0.35", lw=0.8, alpha=0.15 + 0.5 * (k + 1) / upto)
    wrong = y * (X @ ws[upto - 1] + bs[upto - 1]) <= 0
    _scatter(ax, X, positive, wrong)
    _line(ax, ws[upto - 1], bs[upto - 1], color="k", lw=2.2, label=f"line after epoch {upto}")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    ax.set_title(title or f"after epoch {upto}: {mistakes[upto - 1]} mistakes", fontsize=10)
    bx.plot(np.arange(1, epochs + 1), mistakes, "o-", ms=4)
    bx.plot([upto], [mistakes[upto - 1]], "o", ms=10, mfc="none", mec="C3", mew=2)
    bx.set_xlabel("epoch")
    bx.set_ylabel("misclassified points after the epoch")
    bx.set_ylim(bottom=0)
    bx.grid(alpha=0.3)
    bx.set_title("mistakes per epoch", fontsize=10)
    return mistakes


@follows
def perceptron_explorer(train, datasets, epochs=20):
    """Slide through the epochs of your perceptron on a choice of data sets.

    train: your perceptron_train.  datasets: dict name -> (X, y), y in {-1, +1}.
    The runs are cached per (data set, learning rate), so the slider only redraws.
    """
    cache = {}

    def draw(data, lr, epoch):
        key = (data, lr)
        if key not in cache:
            X, y = datasets[data]
            cache[key] = perceptron_history(train, X, y, epochs, lr)
        X, y = datasets[data]
        fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.4), gridspec_kw={"width_ratios": [1.1, 1]})
        plot_perceptron(train, X, y, upto=epoch, history=cache[key], axes=axes)

    return explorer(draw, height="480px", columns=3,
                    data=w.Dropdown(options=list(datasets), description="data"),
                    lr=w.Dropdown(options=[0.01, 0.1, 1.0], value=1.0, description="lr"),
                    epoch=w.IntSlider(value=1, min=1, max=epochs, description="epoch"))
