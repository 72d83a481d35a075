"""Day 1, neurons and networks: the shapes of a forward pass, one neuron, a 2-2-1 network for XOR.

Static twins                         Explorers built on them
- network_diagram(sizes, ...)        -
- plot_neuron(X, y, w1, w2, b, ...)  neuron_playground(datasets, activation)
- plot_xor_network(forward, ...)     xor_playground(forward, X, y)

``xor_params`` and ``xor_weights`` pack and unpack the nine weights of the
2-2-1 network in ``mlp_forward``'s convention.  The explorers take the
learner's own functions (``sigmoid``, ``mlp_forward``): nothing here
answers an exercise.

The explorers follow the learner's functions by name (``@follows``, see
``course.day1``).
"""
import numpy as np
import matplotlib.pyplot as plt

from course.plots import frame, grid_points, scatter_classes, zero_line
from course.widgets import explorer, follows, w

__all__ = ["network_diagram", "plot_neuron", "neuron_playground", "XOR_CORNERS", "xor_params", "xor_weights",
           "plot_xor_network", "xor_playground"]


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
    frame(ax, X)
    pred = X @ np.array([w1, w2]) + b > 0
    wrong = pred != positive
    scatter_classes(ax, X, positive, wrong)
    zero_line(ax, (w1, w2), b, color="k", lw=2)
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
    frame(ax, X)
    pred = np.argmax(forward(X, params, activation=activation), axis=1)
    positive = y > 0
    scatter_classes(ax, X, positive, pred != positive.astype(int))
    W1, b1 = np.asarray(params["W1"], float), np.asarray(params["b1"], float)
    for j in range(W1.shape[1]):
        zero_line(ax, W1[:, j], b1[j], color=("C2", "C4")[j % 2], lw=1.4, ls="--", label=f"hidden unit {j + 1}: z = 0")
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
