"""What the figure tests of Days 2-5 share: closing figures, widgets on, the texts of shown figures, and
learner code run as a notebook cell would run it.  Each test module imports the fixtures it uses."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

STUB = "def {name}(*args, **kwargs):\n    raise NotImplementedError()\n"


def notebook(source):
    """Run source as a notebook cell would: its functions belong to module __main__."""
    ns = {"__name__": "__main__", "np": np}
    exec(compile(source, "<cell>", "exec"), ns)
    return ns


def texts(fig):
    """Every text, title and the suptitle of a figure, as one string."""
    return " ".join([t.get_text() for ax in fig.axes for t in ax.texts] + [ax.get_title() for ax in fig.axes]
                    + [fig._suptitle.get_text() if fig._suptitle else ""])


def controls(ui):
    """An explorer's controls by their labels (every row but the output)."""
    return {c.description: c for row in ui.children[:-1] for c in row.children if getattr(c, "description", "")}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def widgets_on(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


@pytest.fixture
def shown(monkeypatch):
    """The texts of every figure the explorers show (plt.show is where explorer hands them over)."""
    seen = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: seen.extend(texts(plt.figure(n)) for n in plt.get_fignums()))
    return seen
