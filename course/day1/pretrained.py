"""Day 1, pre-trained classifiers: fixed weights run through the learner's forward pass.

``pretrained(name)`` returns the fixed weights of a small moons or circles
classifier for the day's practical (hard-coded below; they do not depend on
the learner's code).

Static twin                          Explorer built on it
- plot_pretrained(forward, ...)      pretrained_explorer(forward)

Both take the learner's ``mlp_forward``: nothing here answers an exercise.

The explorer follows the learner's functions by name (``@follows``, see
``course.day1``).
"""
import numpy as np
import matplotlib.pyplot as plt

from course import data
from course.plots import decision_boundary
from course.widgets import explorer, follows, w

__all__ = ["pretrained", "plot_pretrained", "pretrained_explorer"]


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
