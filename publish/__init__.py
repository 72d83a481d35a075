"""The course as printed and online study material, built offline from the solution notebooks.

- ``execute``: run each day's solution notebook once in static mode (explorers
  drawn as their static twins), cached in ``build/executed/``;
- ``pages``: the cells of a day as a learner sees them (tasks, no solutions) or
  as an instructor does, rendered to HTML;
- ``site``: the offline site (``site/``, ``build/site-instructor/``);
- ``pdf``: the A4 handouts (``build/handouts/``), printed by Chromium;
- ``slides``: a deck per day from the cells tagged ``slide`` (``build/slides/``).

Each is ``python -m publish.<name>`` (``make site``, ``make site-instructor``,
``make pdf``, ``make slides``).
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def command(build, doc, default_out, opened=""):
    """The ``main`` of a builder: ``--out`` (default default_out), then where the result is."""
    import argparse

    def main(argv=None):
        parser = argparse.ArgumentParser(description=doc.split("\n")[0])
        parser.add_argument("--out", type=Path, help=f"output folder (default {default_out})")
        out = build(parser.parse_args(argv).out)
        print(f"built {out}" + (f": open {out / opened}" if opened else ""))
    return main
