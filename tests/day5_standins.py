"""Trusted stand-ins for a learner's Day 5 functions, for the figure tests (not the solution notebook).

The step functions follow the course's conventions (docs/exercises.md, Day 5); the sequence functions
are plain loops over the steps, so they are an oracle independent of the solution's vectorised form.
Below them, the Day 5 notebook's given layers and training loop, which call these names.
"""
import numpy as np

def sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))

# ---------------- RNN
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h = np.tanh(x @ Wx + h_prev @ Wh + b)
    return h, (x, h_prev, Wx, Wh, h)

def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h = cache
    da = dh_next * (1 - h ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(0)

# ---------------- LSTM (i, f, o, g)
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tc = np.tanh(c)
    h = o * tc
    return h, c, (x, h_prev, c_prev, Wx, Wh, i, f, o, g, tc)

def lstm_step_backward(dh_next, dc_next, cache):
    x, h_prev, c_prev, Wx, Wh, i, f, o, g, tc = cache
    dc = dc_next + dh_next * o * (1 - tc ** 2)
    da = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dh_next * tc * o * (1 - o), dc * i * (1 - g ** 2)], axis=1)
    return da @ Wx.T, da @ Wh.T, dc * f, x.T @ da, h_prev.T @ da, da.sum(0)

# ---------------- GRU (r, z, n)
def gru_step_forward(x, h_prev, Wx, Wh, bx, bh):
    H = h_prev.shape[1]
    ax = x @ Wx + bx
    ah = h_prev @ Wh + bh
    r = sigmoid(ax[:, :H] + ah[:, :H]); z = sigmoid(ax[:, H:2 * H] + ah[:, H:2 * H])
    n = np.tanh(ax[:, 2 * H:] + r * ah[:, 2 * H:])
    h = (1 - z) * n + z * h_prev
    return h, (x, h_prev, Wx, Wh, r, z, n, ah[:, 2 * H:])

def gru_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, r, z, n, ahn = cache
    dan = dh_next * (1 - z) * (1 - n ** 2)
    daz = dh_next * (h_prev - n) * z * (1 - z)
    dar = dan * ahn * r * (1 - r)
    dax = np.concatenate([dar, daz, dan], axis=1)
    dah = np.concatenate([dar, daz, dan * r], axis=1)
    return (dax @ Wx.T, dh_next * z + dah @ Wh.T, x.T @ dax, h_prev.T @ dah, dax.sum(0), dah.sum(0))

# ---------------- heads
def temporal_affine_forward(x, w, b):
    N, T, D = x.shape
    out = (x.reshape(N * T, D) @ w + b).reshape(N, T, -1)
    return out, (x, w)

def temporal_affine_backward(dout, cache):
    x, w = cache
    N, T, D = x.shape
    d2 = dout.reshape(N * T, -1)
    return (d2 @ w.T).reshape(N, T, D), x.reshape(N * T, D).T @ d2, d2.sum(0)

def temporal_softmax_loss(x, y, mask=None):
    N, T, V = x.shape
    mask = np.ones((N, T), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
    s = x.reshape(N * T, V)
    s = s - s.max(1, keepdims=True)
    logp = s - np.log(np.exp(s).sum(1, keepdims=True))
    yf, m = y.reshape(N * T), mask.reshape(N * T)
    loss = -(logp[np.arange(N * T), yf] * m).sum() / N
    dx = np.exp(logp)
    dx[np.arange(N * T), yf] -= 1
    dx *= m[:, None] / N
    return float(loss), dx.reshape(N, T, V)

def clip_gradients(grads, max_norm):
    if not max_norm > 0:
        raise ValueError("max_norm must be > 0")
    total = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
    scale = max_norm / total if total > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}


# ---------------- sequences as loops over the steps (an oracle independent of the vectorised solution)
def _seq_forward(step, x, h0, *params, lstm=False):
    h, caches, state = [], [], (h0, np.zeros_like(h0)) if lstm else h0
    for t in range(x.shape[1]):
        if lstm:
            hn, cn, cache = step(x[:, t], *state, *params)
            state = (hn, cn)
        else:
            hn, cache = step(x[:, t], state, *params)
            state = hn
        h.append(hn)
        caches.append(cache)
    return np.stack(h, axis=1), caches


def _seq_backward(step_backward, dh, caches, lstm=False):
    N, T, H = dh.shape
    dxs, dparams = [None] * T, None
    dh_next, dc_next = np.zeros((N, H)), np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        if lstm:
            dx, dh_next, dc_next, *dp = step_backward(dh[:, t] + dh_next, dc_next, caches[t])
        else:
            dx, dh_next, *dp = step_backward(dh[:, t] + dh_next, caches[t])
        dxs[t] = dx
        dparams = dp if dparams is None else [a + b for a, b in zip(dparams, dp)]
    return (np.stack(dxs, axis=1), dh_next, *dparams)


def rnn_forward(x, h0, Wx, Wh, b):
    return _seq_forward(rnn_step_forward, x, h0, Wx, Wh, b)


def rnn_backward(dh, cache):
    return _seq_backward(rnn_step_backward, dh, cache)


def lstm_forward(x, h0, Wx, Wh, b):
    return _seq_forward(lstm_step_forward, x, h0, Wx, Wh, b, lstm=True)


def lstm_backward(dh, cache):
    return _seq_backward(lstm_step_backward, dh, cache, lstm=True)


def gru_forward(x, h0, Wx, Wh, bx, bh):
    return _seq_forward(gru_step_forward, x, h0, Wx, Wh, bx, bh)


def gru_backward(dh, cache):
    return _seq_backward(gru_step_backward, dh, cache)


# ---- given: the layers, loss, update rule and training loop of this day's models (they call YOUR functions) ----
GATES = {"rnn": 1, "lstm": 4, "gru": 3}   # blocks of H columns in Wx and Wh


class Recurrent:
    """A recurrent layer over whole sequences, with your <kind>_forward / <kind>_backward: x (N, T, D) -> h (N, T, H).

    kind is "rnn", "lstm" or "gru"; every sequence starts from h0 = 0. Weights are drawn with std 1/sqrt(fan_in);
    the LSTM's forget-gate bias starts at 1 (remember by default).
    """

    def __init__(self, kind, D, H, rng=None):
        if kind not in GATES:
            raise ValueError(f"kind must be 'rnn', 'lstm' or 'gru', got {kind!r}")
        rng = np.random.default_rng(0) if rng is None else rng
        k = GATES[kind]
        self.kind, self.H = kind, H
        self.params = {"Wx": rng.standard_normal((D, k * H)) / np.sqrt(D),
                       "Wh": rng.standard_normal((H, k * H)) / np.sqrt(H)}
        if kind == "gru":
            self.params.update(bx=np.zeros(k * H), bh=np.zeros(k * H))
        else:
            self.params["b"] = np.zeros(k * H)
        if kind == "lstm":
            self.params["b"][H:2 * H] = 1.0
        self.grads = {k_: np.zeros_like(v) for k_, v in self.params.items()}

    def forward(self, x, train=True):
        if np.ndim(x) != 3 or np.shape(x)[2] != self.params["Wx"].shape[0]:
            raise ValueError(f"x must have shape (N, T, {self.params['Wx'].shape[0]}), got {np.shape(x)}")
        h0 = np.zeros((x.shape[0], self.H))
        h, self.cache = globals()[f"{self.kind}_forward"](x, h0, *self.params.values())
        return h

    def backward(self, dh):
        dx, dh0, *dparams = globals()[f"{self.kind}_backward"](dh, self.cache)
        self.grads = dict(zip(self.params, dparams))
        return dx

    def step(self, x, state=None):
        """One time step, for sampling: x (N, D); state is h (N, H), (h, c) for the LSTM, None at the start."""
        if state is None:
            h = np.zeros((x.shape[0], self.H))
            state = (h, np.zeros_like(h)) if self.kind == "lstm" else h
        if self.kind == "lstm":
            h, c, _ = lstm_step_forward(x, *state, *self.params.values())
            return h, (h, c)
        h, _ = globals()[f"{self.kind}_step_forward"](x, state, *self.params.values())
        return h, h


class LastStep:
    """The last hidden state of a sequence: h (N, T, H) -> h[:, -1] (N, H)."""

    def __init__(self):
        self.params, self.grads = {}, {}

    def forward(self, h, train=True):
        self.shape = h.shape
        return h[:, -1]

    def backward(self, dout):
        dh = np.zeros(self.shape)
        dh[:, -1] = dout
        return dh


class Dense:
    """Day 3's dense layer: x (N, D) @ W (D, M) + b (M,)."""

    def __init__(self, D, M, rng=None):
        rng = np.random.default_rng(0) if rng is None else rng
        self.params = {"W": rng.standard_normal((D, M)) / np.sqrt(D), "b": np.zeros(M)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, train=True):
        self.x = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, dout):
        self.grads = {"W": self.x.T @ dout, "b": dout.sum(axis=0)}
        return dout @ self.params["W"].T


class TemporalDense:
    """A dense layer at every time step, with your temporal_affine_forward/backward: (N, T, D) -> (N, T, M)."""

    def __init__(self, D, M, rng=None):
        rng = np.random.default_rng(0) if rng is None else rng
        self.params = {"W": rng.standard_normal((D, M)) / np.sqrt(D), "b": np.zeros(M)}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, train=True):
        out, self.cache = temporal_affine_forward(x, self.params["W"], self.params["b"])
        return out

    def backward(self, dout):
        dx, self.grads["W"], self.grads["b"] = temporal_affine_backward(dout, self.cache)
        return dx


class Sequential:
    """Day 3's container: params and grads map "i.name" to the layers' own arrays."""

    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x, train=True):
        for l in self.layers:
            x = l.forward(x, train)
        return x

    def backward(self, dout):
        for l in reversed(self.layers):
            dout = l.backward(dout)
        return dout

    @property
    def params(self):
        return {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in l.params.items()}

    @property
    def grads(self):
        return {f"{i}.{k}": v for i, l in enumerate(self.layers) for k, v in l.grads.items()}


def mse(pred, y):
    """Mean squared error of pred (N, 1) against y (N,): (loss, dpred)."""
    err = pred[:, 0] - y
    return float(np.mean(err ** 2)), (2.0 * err / len(y))[:, None]


def adam(w, dw, config):
    """Day 2's Adam (config keys learning_rate, beta1, beta2, epsilon, m, v, t)."""
    for key, value in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8), ("t", 0)):
        config.setdefault(key, value)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config["t"] += 1
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw ** 2
    m_hat = config["m"] / (1 - config["beta1"] ** config["t"])
    v_hat = config["v"] / (1 - config["beta2"] ** config["t"])
    return w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"]), config


def train_steps(model, loss_fn, X, y, X_val, y_val, steps=500, batch_size=64, lr=1e-2, clip=1.0, decay=False,
                rng=None, every=50, live=None):
    """Adam on random mini-batches for a number of steps; clip_gradients(grads, clip) first unless clip is None.

    decay=True lowers the learning rate along a cosine from lr to lr/20. Every `every` steps (and at the
    end) it records the step, the training loss (mean over those steps), the validation loss and the mean
    gradient norm before clipping. Returns the history, a dict of lists.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    configs = {k: {"learning_rate": lr} for k in model.params}
    history = {"step": [], "loss": [], "val_loss": [], "grad_norm": []}
    losses, norms = [], []
    for s in range(1, steps + 1):
        i = rng.integers(0, len(X), batch_size)
        loss, dout = loss_fn(model.forward(X[i]), y[i])
        model.backward(dout)
        grads = model.grads
        norms.append(float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))))
        if clip is not None:
            grads = clip_gradients(grads, clip)
        for k, w in model.params.items():
            if decay:
                configs[k]["learning_rate"] = lr * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * s / steps)))
            next_w, configs[k] = adam(w, grads[k], configs[k])
            w[...] = next_w
        losses.append(loss)
        if s % every == 0 or s == steps:
            val_loss = loss_fn(model.forward(X_val, train=False), y_val)[0]
            for key, value in (("step", s), ("loss", float(np.mean(losses))), ("val_loss", val_loss),
                               ("grad_norm", float(np.mean(norms)))):
                history[key].append(value)
            losses, norms = [], []
            if live is not None:
                live.update(loss=history["loss"][-1], val_loss=val_loss)
    return history
