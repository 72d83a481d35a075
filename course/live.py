"""A live training display usable from any loop: a progress bar and a loss curve drawn in place.

    live = LiveLoss(total=steps)
    for step in range(steps):
        ...
        live.update(loss=loss, val_loss=val)   # any named numbers
    live.close()

In a notebook the curve is redrawn in one output area every ``every`` steps;
headless (tests, grading) nothing is drawn and only the bar's text is written.
Values whose name contains "acc" (acc, val_acc) get a second panel, accuracy,
next to the loss panel; ``xlabel`` names the x axis ("epoch" when updated once
an epoch, as Day 3's ``train`` does).  Nothing is shown before the first
update: a loop that fails before its first step (an exercise not written yet)
leaves no empty bar or figure behind.
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
    def __init__(self, total=None, every=20, logy=False, desc="training", draw=None, xlabel="step"):
        self.history, self.every, self.logy, self.steps, self.xlabel = {}, every, logy, 0, xlabel
        self.total, self.desc = total, desc
        self.draw = _in_notebook() if draw is None else draw
        self.bar = self.handle = None

    def _start(self):
        from course import static
        # a progress bar is a widget in a notebook: a printed page keeps only the final curve
        self.bar = tqdm(total=self.total, desc=self.desc, leave=False, disable=static())
        if self.draw:
            from IPython.display import display
            self.fig, self.ax = plt.subplots(figsize=(6, 3))
            plt.close(self.fig)  # shown through the handle only, never twice
            self.handle = display(self.fig, display_id=True)

    def update(self, **values):
        if self.bar is None:
            self._start()
        for k, v in values.items():
            self.history.setdefault(k, []).append(float(v))
        self.steps += 1
        self.bar.update(1)
        self.bar.set_postfix({k: f"{v:.4g}" for k, v in values.items()}, refresh=False)
        if self.draw and self.steps % self.every == 0:
            self._redraw()

    def _redraw(self):
        losses = [k for k in self.history if "acc" not in k]
        accuracies = [k for k in self.history if "acc" in k]
        panels = [(keys, what) for keys, what in ((losses, "loss"), (accuracies, "accuracy")) if keys]
        if not panels:   # closed before any update: nothing to draw
            return
        if len(self.fig.axes) != len(panels):   # the first accuracy value adds the second panel
            self.fig.clf()
            self.fig.set_size_inches(6 if len(panels) < 2 else 10, 3)
            self.fig.subplots(1, len(panels))
        self.ax = self.fig.axes[0]
        for ax, (keys, what) in zip(self.fig.axes, panels):
            ax.clear()
            for k in keys:
                v = self.history[k]   # x counts the updates: 1 = the first step (or epoch)
                ax.plot(range(1, len(v) + 1), v, label=k, marker="o" if len(v) == 1 else None)
            if self.logy and what == "loss":
                ax.set_yscale("log")
            ax.set_xlabel(self.xlabel)
            ax.set_ylabel(what if len(panels) > 1 else "")
            ax.legend(loc="lower right" if what == "accuracy" else "upper right")
        self.fig.tight_layout()
        self.handle.update(self.fig)

    def close(self):
        if self.bar is None:   # never updated: nothing was shown
            return self.history
        self.bar.close()
        if self.draw:
            self._redraw()
        return self.history
