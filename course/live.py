"""A live training display usable from any loop: a progress bar and a loss curve drawn in place.

    live = LiveLoss(total=steps)
    for step in range(steps):
        ...
        live.update(loss=loss, val_loss=val)   # any named numbers
    live.close()

In a notebook the curve is redrawn in one output area every ``every`` steps;
headless (tests, grading) nothing is drawn and only the bar's text is written.
"""
import matplotlib.pyplot as plt
from tqdm.auto import tqdm


def _in_notebook():
    try:
        from IPython import get_ipython
        return get_ipython() is not None and "IPKernelApp" in get_ipython().config
    except ImportError:
        return False


class LiveLoss:
    def __init__(self, total=None, every=20, logy=False, desc="training", draw=None):
        self.history, self.every, self.logy, self.steps = {}, every, logy, 0
        self.bar = tqdm(total=total, desc=desc, leave=False)
        self.draw = _in_notebook() if draw is None else draw
        self.handle = None
        if self.draw:
            from IPython.display import display
            self.fig, self.ax = plt.subplots(figsize=(6, 3))
            plt.close(self.fig)  # shown through the handle only, never twice
            self.handle = display(self.fig, display_id=True)

    def update(self, **values):
        for k, v in values.items():
            self.history.setdefault(k, []).append(float(v))
        self.steps += 1
        self.bar.update(1)
        self.bar.set_postfix({k: f"{v:.4g}" for k, v in values.items()}, refresh=False)
        if self.draw and self.steps % self.every == 0:
            self._redraw()

    def _redraw(self):
        self.ax.clear()
        for k, v in self.history.items():
            self.ax.plot(v, label=k)
        if self.logy:
            self.ax.set_yscale("log")
        self.ax.set_xlabel("step")
        self.ax.legend(loc="upper right")
        self.handle.update(self.fig)

    def close(self):
        self.bar.close()
        if self.draw:
            self._redraw()
        return self.history
