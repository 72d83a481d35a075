"""Your progress, from a notebook: every day's exercises, your points and the next thing to do.

    import course.progress
    course.progress.show()          # every day (the course home does this)
    course.progress.show("day1")    # one day: save the notebook first (Ctrl+S), it checks what is saved

The checks run the way the grader runs them, in a fresh process outside this
kernel (``python -m autograder.progress``, also ``make progress``), so a
notebook's training cells are not run again and nothing in this kernel
changes.  A notebook unchanged since its last check is not checked again.
``table_html`` and ``chart`` draw the same report without a kernel (the
static twins of the view).
"""
import html
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt

COURSE_ROOT = Path(__file__).resolve().parent.parent
COLORS = {"passed": "#1b9e77", "failing": "#d95f02", "not started": "#d0d0d0"}
SYMBOL = {"passed": "✓", "failing": "✗", "not started": "○"}


def report(*days, root=None, visible=False, fresh=False):
    """The progress report as a dict (what ``show`` draws); see autograder/progress.py for its keys."""
    # BACKPROP_COURSE_ROOT: another folder of day folders (a test's learner, a copy of the course)
    root = root or os.environ.get("BACKPROP_COURSE_ROOT") or COURSE_ROOT
    cmd = [sys.executable, "-m", "autograder.progress", "--json", "--root", str(root), *days]
    cmd += ["--visible"] * visible + ["--no-cache"] * fresh
    p = subprocess.run(cmd, cwd=COURSE_ROOT, capture_output=True, text=True, timeout=600,
                       stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise RuntimeError(f"the progress check could not run: {last}")
    return json.loads(p.stdout)


def show(*days, root=None, visible=False, fresh=False):
    """Check the saved notebooks of ``days`` (default: every day) and show a table and a chart."""
    import course
    if course.grading():
        print("(the progress view does not run while the notebook is graded)")
        return
    if course.static():
        print("In the notebook, this cell checks your saved work and shows your score per exercise.")
        return
    from IPython.display import HTML, Image, display
    r = report(*days, root=root, visible=visible, fresh=fresh)
    display(HTML(table_html(r)))
    if r["days"]:
        fig = chart(r).figure
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=90, bbox_inches="tight")  # a PNG whatever the kernel's backend
        plt.close(fig)
        display(Image(data=png.getvalue(), format="png"))


def _counts(d):
    states = [e["state"] for e in d["exercises"]]
    return {s: states.count(s) for s in COLORS}


def table_html(r):
    """The report as an HTML table: a line per day, and per exercise where the day is started."""
    e_ = html.escape
    rows = []
    for d in r["days"]:
        counts = ", ".join(f"{n} {s}" for s, n in _counts(d).items() if n)
        rows.append(f"<tr style='border-top:1px solid #bbb'><th style='text-align:left'>{e_(d['day'])}</th>"
                    f"<td style='text-align:left'><code>{e_(d['notebook'])}</code><br><small>saved "
                    f"{e_(d['saved'].replace('T', ' '))}</small></td><td><b>{d['points']:g} / {d['total']:g}</b>"
                    f"</td><td style='text-align:left'>{e_(counts)}{e_(' — ' + d['error']) if d.get('error') else ''}"
                    "</td></tr>")
        if {e["state"] for e in d["exercises"]} <= {"not started"}:
            continue
        for e in d["exercises"]:
            hint = f"<br><small>{e_(e['hint'])}</small>" if e.get("hint") else ""
            rows.append(f"<tr><td></td><td style='text-align:left;color:{COLORS[e['state']]}'>"
                        f"{SYMBOL[e['state']]} {e_(e['name'])}</td><td>{e['score']:g} / {e['points']:g}</td>"
                        f"<td style='text-align:left;max-width:42em'>{e_(e['state'])}{hint}</td></tr>")
    return (f"<div class='course-progress'><p><b>Your progress</b> — {e_(r['note'])}.</p>"
            "<table><thead><tr><th>day</th><th style='text-align:left'>notebook</th><th>points</th>"
            f"<th style='text-align:left'>exercises</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p><b>Next:</b> {e_(r['next'])}</p></div>")


def chart(r, ax=None):
    """Points per day as stacked bars: passed, failing, not started (a plain figure, also headless)."""
    days = r["days"]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 0.45 * len(days) + 0.9))
    for i, d in enumerate(days):
        left = 0.0
        for state, color in COLORS.items():
            pts = sum(e["points"] for e in d["exercises"] if e["state"] == state)
            ax.barh(i, pts, left=left, color=color, label=state if i == 0 else None)
            left += pts
        ax.text(left + 0.5, i, f"{d['points']:g}/{d['total']:g}", va="center", fontsize=9)
    ax.set_yticks(range(len(days)), [d["day"] for d in days])
    ax.invert_yaxis()
    ax.set_xlabel("points")
    ax.set_xlim(0, max([d["total"] for d in days] + [1]) * 1.15)
    ax.legend(loc="lower right", fontsize=8, frameon=False, ncols=3, bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    return ax
