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
    fig.suptitle("Day 1")
    text = printable.describe(fig)
    assert text == "Day 1: activations; value against z; curves: sigma(z) | loss."
    from IPython.lib.pretty import pretty
    assert pretty(fig) == text and "Figure size" not in pretty(fig)
    assert printable.describe(Figure()) == "A figure without titles or labels."
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
