"""Regenerate the participant folders day1/ ... day5/ from solutions/.

    python -m autograder.release [day ...] [--to FOLDER]

With --to, the release is written under FOLDER instead of the repository
root (the tests compare such a fresh release with the committed one).
"""
import argparse
import shutil
import tempfile
from pathlib import Path

from autograder.nbg import DAYS, ROOT, nbgrader


def release(days, to=None):
    to = Path(to or ROOT).resolve()
    # a throw-away gradebook: releasing must not depend on, or touch, the class's one
    with tempfile.TemporaryDirectory() as tmp:
        for day in days:
            nbgrader("generate_assignment", day, "--force",
                     f"--CourseDirectory.release_directory={to}",
                     f"--CourseDirectory.db_url=sqlite:///{tmp}/gradebook.db")
            for junk in (to / day).glob(".ipynb_checkpoints"):
                shutil.rmtree(junk)
            print(f"released {day} -> {to / day}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("days", nargs="*", default=DAYS)
    ap.add_argument("--to")
    a = ap.parse_args(argv)
    release(a.days, a.to)


if __name__ == "__main__":
    main()
