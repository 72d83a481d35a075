"""Day 3's training playground (in the spirit of TensorFlow Playground), on the learner's own layers and ``train``.

Static twin                                          the playground built on it
    draw_playground(layers, train, loss_fn, rule)    training_playground(layers, train, loss_fn, rule, points)

Both train a ``playground_state.PlaygroundState`` tick by tick (a few epochs of
the learner's ``train`` each) and draw it with ``playground_draw.draw_state``.
``layers`` maps "Dense", "ReLU", "Tanh", "Sigmoid", "Dropout", "Sequential" to
the learner's classes.  Nothing here answers an exercise.
"""
import time

import matplotlib.pyplot as plt
from IPython.display import display

from course import grading, static
from course.day3.playground_draw import draw_state
from course.day3.playground_state import (ACTIVATIONS, DATASETS, DEFAULTS, PlaygroundState, drawn, run_playground,
                                         your_points)
from course.widgets import follows, guarded, live_elsewhere, w

__all__ = ["draw_playground", "training_playground"]


def draw_playground(layers, train, loss_fn, rule, dataset=DEFAULTS["dataset"], noise=DEFAULTS["noise"],
                    hidden=DEFAULTS["hidden"], activation=DEFAULTS["activation"], lr=DEFAULTS["lr"], reg=0.0,
                    p=0.0, epochs=60, batch_size=32, seed=0, points=None, tick_epochs=5):
    """Train as the playground does for `epochs` and draw it: the decision boundary with training
    and validation points, and both loss curves.  Returns the figure (``fig.state``: the run)."""
    state = run_playground(layers, train, loss_fn, rule, epochs, lr, reg, batch_size, tick_epochs,
                           dataset=dataset, noise=noise, hidden=hidden, activation=activation, p=p,
                           seed=seed, points=points)
    fig = draw_state(state)
    fig.state = state
    return fig


def _controls(sets, activations, dropout=True):
    """The labelled controls, by what changing them does: rebuild the model, or apply from the next tick."""
    slider = dict(continuous_update=False)
    structural = dict(
        dataset=w.Dropdown(options=sets, value=sets[0], description="data set"),
        noise=w.FloatSlider(value=DEFAULTS["noise"], min=0.0, max=0.6, step=0.05, description="noise", **slider),
        layers=w.IntSlider(value=len(DEFAULTS["hidden"]), min=1, max=4, description="hidden layers", **slider),
        units=w.IntSlider(value=DEFAULTS["hidden"][0], min=2, max=32, description="units per layer", **slider),
        activation=w.Dropdown(options=activations, value=activations[0], description="activation"),
        p=w.FloatSlider(value=0.0, min=0.0, max=0.6, step=0.1, disabled=not dropout, **slider,
                        description="dropout p (0: none)" if dropout else "dropout p (pass your Dropout to use it)"))
    each_tick = dict(
        lr=w.FloatLogSlider(value=DEFAULTS["lr"], base=10, min=-3, max=2, step=0.1, readout_format=".3g",
                            description="learning rate", **slider),
        reg=w.Dropdown(options=[0.0, 1e-4, 1e-3, 1e-2, 3e-2, 1e-1], value=0.0, description="L2 (reg)"),
        batch_size=w.Dropdown(options=[8, 16, 32, 64, 128], value=DEFAULTS["batch_size"], description="batch size"))
    for c in (*structural.values(), *each_tick.values()):
        c.style.description_width = "initial"   # labels are never cut short
    return structural, each_tick


@follows
def training_playground(layers, train, loss_fn, rule, points=None, tick_epochs=5, height="470px"):
    """Play / Step / Reset training of the learner's network on a toy set or your own points.

    layers: "Dense", "ReLU", "Tanh", "Sigmoid", "Dropout", "Sequential" -> the learner's classes
    (without "Dropout", "Tanh" or "Sigmoid" those choices are not offered).
    train, loss_fn, rule: the learner's train, the loss (softmax_cross_entropy) and an update rule.
    points: optional (X (N, 2), y (N,) integer labels) or a drawer (``day3.point_drawer()``, anything
    with a points() method), offered as the data set "your points"; a drawer's current points are
    read at every Reset (and when "your points" is chosen again): click points, then Reset.
    Each Play tick or Step runs train for `tick_epochs` epochs and redraws; the structural controls
    rebuild the model; learning rate, L2 and batch size apply from the next tick.
    Returns the container widget (``ui.playground["state"]``: the current run).
    """
    # start on the learner's points when there are some; an empty drawer starts on a bundled set, so
    # Play works at once (choose "your points" after drawing); a printed page has no drawer at all
    mine = [] if points is None or static() else ["your points"]
    empty = drawn(points) and len(your_points(points)[1]) < 4
    sets = list(DATASETS) + mine if empty else mine + list(DATASETS)
    # layers without "Dropout" (or "Tanh", "Sigmoid") are fine: those choices are then not offered
    structural, each_tick = _controls(sets, [a for a, key in ACTIVATIONS.items() if key in layers], "Dropout" in layers)
    holder = {"state": None, "shown": None, "done": 0.0}   # the run, what was drawn last and when

    def start():
        holder["state"], c = None, {k: v.value for k, v in structural.items()}   # None if building fails
        holder["state"] = PlaygroundState(layers, train, loss_fn, rule, c["dataset"], c["noise"],
                                          (c["units"],) * c["layers"], c["activation"], c["p"], points=points)

    if grading() or static():   # nbgrader or a printed page: the starting model, no widget comms
        before = set(plt.get_fignums())
        guarded(lambda: start() or draw_state(holder["state"]))()
        plt.show()
        for num in set(plt.get_fignums()) - before:
            plt.close(num)
        if static():
            live_elsewhere({**structural, **each_tick})
        return None

    play = w.Play(value=0, min=0, max=10 ** 9, interval=400, description="Play / Pause")
    step, reset = w.Button(description="Step", icon="step-forward"), w.Button(description="Reset", icon="refresh")
    label, out = w.Label(), w.Output(layout=w.Layout(height=height))
    rows = [w.HBox(list(structural.values())[:3]), w.HBox(list(structural.values())[3:]),
            w.HBox(list(each_tick.values())), w.HBox([play, step, reset, label])]
    ui = w.VBox([*rows, out])
    ui.playground = holder

    def show(action):
        """Run action (build, reset or one tick) and redraw; an unfinished exercise gives the friendly figure."""
        def work():
            action()
            return draw_state(holder["state"])
        before, ok = set(plt.get_fignums()), False
        try:
            with out:
                out.clear_output(wait=True)
                holder["shown"] = guarded(work)()
                plt.show()
            state = holder["state"]
            ok = state is not None and state.model is not None and not isinstance(holder["shown"], plt.Axes)
            too_few = state is not None and state.problem is not None   # a drawer's points: not enough yet
            label.value = state.status() if ok or too_few else "not finished yet: see the message below"
            ok = ok and state.diverged is None
        finally:
            if not ok:
                play.playing = False   # diverged, unfinished or crashed: nothing to play
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
            holder["done"] = time.monotonic()

    def tick():
        if holder["state"] is None or holder["state"].model is None:
            start()   # the first build failed (a stub then): try again now
        holder["state"].tick(each_tick["lr"].value, each_tick["reg"].value, each_tick["batch_size"].value,
                             tick_epochs)

    def restart():
        if holder["state"] is None:
            start()
        else:
            holder["state"].reset()

    def on_play(change):
        # the browser keeps counting while a tick runs: drop the values that queued up meanwhile
        if time.monotonic() - holder["done"] >= 0.5 * play.interval / 1000:
            show(tick)

    play.observe(on_play, "value")
    step.on_click(lambda _: show(tick))
    reset.on_click(lambda _: show(restart))
    for c in structural.values():
        c.observe(lambda _: show(start), "value")
    show(start)
    display(ui)
    return ui
