"""Figures for print and screen readers, and explorers on a static page (course.static())."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from course import printable, widgets  # noqa: E402


def test_lines_differ_by_style_as_well_as_colour_even_with_a_colour_given():
    before = matplotlib.rcParams["axes.prop_cycle"]
    try:
        printable.install()
        _, ax = plt.subplots()
        a, = ax.plot([0, 1], [0, 1])
        b, = ax.plot([0, 1], [1, 0])
        c, = ax.plot([0, 1], [1, 1], color="k")
        assert a.get_linestyle() != b.get_linestyle() != c.get_linestyle()
        assert a.get_color() != b.get_color()
    finally:
        matplotlib.rcParams["axes.prop_cycle"] = before
        plt.close("all")


def test_a_figures_text_says_what_it_shows(monkeypatch):
    monkeypatch.setitem(matplotlib.rcParams, "axes.prop_cycle", matplotlib.rcParams["axes.prop_cycle"])
    printable.install()
    fig, (left, right) = plt.subplots(1, 2)
    left.plot([0, 1], label=r"$\sigma(z)$")
    left.legend()
    left.set(title="activations", xlabel="$z$", ylabel="value")
    right.set_title("loss")
    right.bar([0, 1, 2], [3, 2, 1])
    fig.suptitle("Day 1")
    text = printable.describe(fig)
    assert text == "Day 1. 2 panels: (1) line plot of activations; value against z; curves σ(z); (2) bar chart of loss."
    from IPython.lib.pretty import pretty
    assert pretty(fig) == text and "Figure size" not in pretty(fig)
    assert printable.describe(Figure()) == "A figure without titles or labels."
    grid, axes = plt.subplots(2, 3)
    for i, ax in enumerate(axes.flat):
        ax.imshow([[0, 1], [1, 0]])
        ax.set_title(f"filter {i}")
    assert printable.describe(grid) == "A grid of 6 images: filter 0, filter 1, filter 2, filter 3, filter 4, filter 5."
    plt.close("all")


def test_in_static_mode_an_explorer_draws_its_twin_once_and_says_where_the_live_one_is(monkeypatch):
    monkeypatch.setenv("COURSE_STATIC", "1")
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    shown, drawn = [], []
    monkeypatch.setattr(widgets, "display", lambda obj: shown.append(obj))
    monkeypatch.setattr(plt, "show", lambda: None)

    def draw(k=1, name="a"):
        drawn.append((k, name))
        plt.figure()

    ui = widgets.explorer(draw, k=widgets.w.IntSlider(value=3, description="steps"), name=widgets.w.Dropdown(options=["a", "b"]))
    assert ui is None and drawn == [(3, "a")]
    assert len(shown) == 1 and "**steps**" in shown[0].data and "**name**" in shown[0].data
    assert "live" in shown[0].data and not plt.get_fignums()


def test_on_printed_pages_lines_carry_markers_too(monkeypatch):
    monkeypatch.setitem(matplotlib.rcParams, "axes.prop_cycle", matplotlib.rcParams["axes.prop_cycle"])
    monkeypatch.setenv("COURSE_STATIC", "1")
    printable.install()
    _, ax = plt.subplots()
    train, = ax.plot(range(50), linestyle="--")   # a style set by hand: the marker still differs
    val, = ax.plot(range(50), linestyle="--")
    assert train.get_marker() != val.get_marker() and train.get_markevery() == 0.1
    plt.close("all")
