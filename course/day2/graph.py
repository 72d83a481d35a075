"""Day 2, computational graphs: draw the graph behind a Value, with each node's data and grad.

Static twins                      explorer built on them
    draw_graph(root)              graph_explorer(Value)   (via draw_neuron)
    draw_neuron(Value, ...)

Nothing here answers an exercise: each function takes the learner's own
``Value`` class (or a Value built with it).

The graph drawer reads four attributes of the learner's ``Value`` (the names
micrograd uses): ``data`` (float), ``grad`` (float), ``_prev`` (the Values it
was computed from: tuple or set) and ``_op`` (a short string, '' for a
leaf).  An optional ``label`` attribute is shown when present.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch

from course.plots import message
from course.widgets import explorer, follows, w

__all__ = ["graph_nodes", "draw_graph", "draw_neuron", "graph_explorer"]


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
        return message("Value is not finished yet: implement the exercise first.")
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
