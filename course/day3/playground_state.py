"""The playground's pieces: the data, the learner's network, and one run trained tick by tick.

``make_data`` (a toy set or your points, split 70/30), ``build_model`` (the
learner's Sequential of Dense / activation / Dropout layers) and
``PlaygroundState`` (one model, its history, and ``tick``: a few epochs of the
learner's ``train``) are shared by the static twin ``draw_playground`` and
``training_playground``.  ``layers`` maps "Dense", "ReLU", "Tanh", "Sigmoid",
"Dropout", "Sequential" to the learner's classes.  Your points are (X (N, 2), y (N,)) arrays or a
``points.PointDrawer`` (anything with a ``points()`` method), read again at every reset.
Nothing here answers an exercise.
"""
import warnings

import numpy as np

from course import data

__all__ = ["DATASETS", "ACTIVATIONS", "DEFAULTS", "DIVERGED_LOSS", "TOO_FEW", "drawn", "your_points", "make_data",
           "build_model", "PlaygroundState", "run_playground"]

DATASETS = {"spirals": data.spirals, "moons": data.moons, "circles": data.circles, "xor": data.xor}
ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}   # control value -> key of layers
# what the playground opens with: a clean spiral boundary after ~10 ticks (50 epochs) with sgd_momentum
DEFAULTS = dict(dataset="spirals", noise=0.2, hidden=(16, 16), activation="relu", lr=0.1, reg=0.0,
                p=0.0, batch_size=32)
DIVERGED_LOSS = 1e3          # a cross-entropy this large means the run has blown up
N_POINTS = 300
TOO_FEW = "draw at least 4 points of 2 classes, then Reset"   # the status of a drawer with too few


def drawn(points):
    """True for a drawer (anything with a points() method), False for (X, y) arrays or None."""
    return callable(getattr(points, "points", None))


def your_points(points):
    """(X, y) now: points as given, or a drawer's current points."""
    return points.points() if drawn(points) else points


def make_data(dataset="spirals", noise=0.2, seed=0, points=None, n=N_POINTS):
    """(X_train, y_train, X_val, y_val): X (N, 2) float, y (N,) int, a 70/30 split with a fixed seed.

    dataset: a name of DATASETS (noise passed to it), or "your points" with points=(X, y) or a drawer.
    """
    if dataset == "your points":
        if points is None:
            raise ValueError('dataset "your points" needs points=(X, y)')
        points = your_points(points)
        X, y = np.asarray(points[0], dtype=np.float64), np.asarray(points[1])
        if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),) or len(X) < 4:
            raise ValueError(f"points must be (X, y): X of shape (N, 2) with N >= 4, y of shape (N,); "
                             f"got X {X.shape}, y {y.shape}")
        if y.min() < 0 or not np.all(y == np.round(y)):
            raise ValueError("the labels y must be whole numbers 0, 1, ..., K-1")
        y = y.astype(int)   # 0.0 / 1.0 from a drawing tool are fine
    else:
        X, y = DATASETS[dataset](n=n, noise=noise, seed=seed)
    order = np.random.default_rng(seed).permutation(len(X))
    n_val = max(1, int(round(0.3 * len(X))))
    tr, va = order[n_val:], order[:n_val]
    return X[tr], y[tr], X[va], y[va]


def build_model(layers, n_in, n_classes, hidden=(16, 16), activation="relu", p=0.0, seed=0):
    """The learner's Sequential(Dense, act, [Dropout], ..., Dense(n_classes)); He init before ReLU,
    Xavier otherwise (and for the output layer)."""
    rng = np.random.default_rng(seed)
    init = "he" if activation == "relu" else "xavier"
    stack, width = [], n_in
    for units in hidden:
        stack += [layers["Dense"](width, units, init=init, rng=rng), layers[ACTIVATIONS[activation]]()]
        if p > 0:
            stack.append(layers["Dropout"](p, rng=rng))
        width = units
    stack.append(layers["Dense"](width, n_classes, init="xavier", rng=rng))
    return layers["Sequential"](*stack)


class PlaygroundState:
    """One run of the playground: data, model and history (lists per epoch), rebuilt by reset().

    Inputs are standardised with the training points' mean and std (your points may be in any
    units); ``scores(P)`` takes points in the original units.  Points from a drawer are read again
    at every reset(); while they are too few (under 4, or one class) ``problem`` is TOO_FEW, the
    model is None and status() says so.
    """

    def __init__(self, layers, train, loss_fn, rule, dataset="spirals", noise=0.2, hidden=(16, 16),
                 activation="relu", p=0.0, seed=0, points=None):
        self.layers, self.train, self.loss_fn, self.rule = layers, train, loss_fn, rule
        self.points, self.model = points, None
        self.configure(dataset, noise, hidden, activation, p, seed)

    def configure(self, dataset, noise, hidden, activation, p, seed=0):
        """New structural settings: new data and a fresh model."""
        self.settings = dict(dataset=dataset, noise=noise, hidden=tuple(hidden), activation=activation,
                             p=p, seed=seed)
        self.reset(reload=True)

    def _live(self):
        return self.settings["dataset"] == "your points" and drawn(self.points)

    def _load(self):
        s, points, self.problem = self.settings, your_points(self.points), None
        if self._live() and (len(points[1]) < 4 or len(np.unique(points[1])) < 2):
            self.problem, empty = TOO_FEW, (np.empty((0, 2)), np.empty(0, dtype=int))
            self.X, self.y, self.X_val, self.y_val = empty * 2
            self.mu, self.sd, self.classes = np.zeros(2), np.ones(2), 2
            return
        self.X, self.y, self.X_val, self.y_val = make_data(s["dataset"], s["noise"], s["seed"], points)
        self.mu, self.sd = self.X.mean(axis=0), self.X.std(axis=0) + 1e-12
        self.classes = int(max(self.y.max(), self.y_val.max())) + 1

    def reset(self, reload=None):
        """A fresh model (same seed: the same start), an empty history.  The data are made again
        if reload (by default: when they are a drawer's points, so the latest clicks count)."""
        s = self.settings
        if reload or (reload is None and self._live()):
            self._load()
        self.history = {"loss": [], "val_loss": [], "acc": [], "val_acc": []}
        self.diverged = None
        self.rng = np.random.default_rng(s["seed"])
        self.model = None   # stays None if the learner's Dense is still a stub, or without enough points
        if self.problem is None:
            self.model = build_model(self.layers, 2, self.classes, s["hidden"], s["activation"], s["p"],
                                     s["seed"])

    @property
    def epoch(self):
        return len(self.history["loss"])

    def _scaled(self, X):
        return (X - self.mu) / self.sd

    def tick(self, lr, reg=0.0, batch_size=32, epochs=5):
        """Train `epochs` more epochs with the learner's train; returns False once the run has diverged.

        A loss that is NaN or inf, a validation loss above DIVERGED_LOSS, a training loss above ten
        times chance level (10 ln(classes)) or a floating-point error stops the run: ``diverged``
        is then the epoch it happened at (the history ends there), and further ticks do nothing
        until reset().
        """
        if self.diverged is not None or self.model is None:
            return False
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")   # overflow is how a too-large step shows: reported below
            try:
                h = self.train(self.model, self.loss_fn, self.rule, {"learning_rate": float(lr)},
                               self._scaled(self.X), self.y, self._scaled(self.X_val), self.y_val,
                               epochs=int(epochs), batch_size=int(batch_size), reg=float(reg), rng=self.rng)
            except (FloatingPointError, OverflowError):
                self.diverged = self.epoch + 1
                return False
        for k in self.history:
            self.history[k].extend(float(v) for v in h.get(k, []))
        # chance-level cross-entropy is ln(classes): ten times that on the training set is a blow-up
        # that stayed finite (dead ReLUs after one huge step), as much as inf or NaN is
        limit = min(DIVERGED_LOSS, 10.0 * np.log(max(self.classes, 2)))
        start = self.epoch - len(h.get("loss", []))
        for i, (a, b) in enumerate(zip(h.get("loss", []), h.get("val_loss", []))):
            if not (np.isfinite(a) and np.isfinite(b)) or a > limit or b > DIVERGED_LOSS:
                self.diverged = start + i + 1
                for k in self.history:   # the run ends there: later epochs only carry NaN
                    del self.history[k][self.diverged:]
                return False
        return True

    def scores(self, P):
        """The model's scores (len(P), classes) at points P (original units), in evaluation mode."""
        with np.errstate(all="ignore"):
            return np.asarray(self.model.forward(self._scaled(P), train=False))

    def status(self):
        """One line: the epoch and the latest numbers, or what went wrong."""
        if self.problem is not None:
            return self.problem
        if self.diverged is not None:
            return f"diverged at epoch {self.diverged}: lower the learning rate, then Reset"
        if not self.epoch:
            return "epoch 0: press Play or Step to train"
        h = self.history
        return (f"epoch {self.epoch}   train loss {h['loss'][-1]:.3f}, accuracy {h['acc'][-1]:.1%}   "
                f"validation loss {h['val_loss'][-1]:.3f}, accuracy {h['val_acc'][-1]:.1%}")


def run_playground(layers, train, loss_fn, rule, epochs=60, lr=DEFAULTS["lr"], reg=0.0, batch_size=32,
                   tick_epochs=5, **settings):
    """A PlaygroundState trained for `epochs` in ticks of `tick_epochs`, as Play would (stops if it diverges)."""
    state = PlaygroundState(layers, train, loss_fn, rule, **settings)
    while state.epoch < epochs and state.tick(lr, reg, batch_size, min(tick_epochs, epochs - state.epoch)):
        pass
    return state
