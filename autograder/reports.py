"""The grading run's reports: a per-exercise CSV, a summary page with a histogram, a page per participant.

    autograder/reports/<day>/exercises.csv, summary.html, scores.png, <who>.html
    autograder/feedback/<who>/<day>/grader_report.html   (the same page, beside nbgrader's feedback)

Every value shown comes from the verdict (never from the participant's
kernel) and is escaped; notes say what went wrong with a submission.
"""
import csv
import html


def write_reports(area, day, rows, reference, extra_lines):
    out = area.reports / day
    out.mkdir(parents=True, exist_ok=True)
    cells = list(reference.tests)
    total = sum(p for p, _ in reference.tests.values())
    with open(out / "exercises.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["participant", "score", "max_score", *cells, "notes"])
        for r in rows:
            v = r["verdicts"] or {}
            scores = [v[c].score if c in v else 0.0 for c in cells]
            wr.writerow([r["participant"], sum(scores), total, *scores, " | ".join(r["notes"])])
    for r in rows:
        page = participant_page(day, r, total)
        (out / f"{r['participant']}.html").write_text(page)
        # beside nbgrader's feedback, so that every participant gets one, graded or not
        fb = area.feedback / r["participant"] / day
        fb.mkdir(parents=True, exist_ok=True)
        (fb / "grader_report.html").write_text(page)
    summary_page(day, rows, reference, out, extra_lines)


def participant_page(day, row, total):
    v = row["verdicts"] or {}
    score = sum(x.score for x in v.values())
    body = [f"<h1>{html.escape(day)}: {html.escape(row['participant'])}</h1>",
            f"<p><b>{score:g} / {total:g} points</b></p>"]
    body += [f"<p>Note: {html.escape(n)}</p>" for n in row["notes"]]
    if not v:
        body.append("<p>This submission could not be graded; see the note above.</p>")
    for x in v.values():
        body.append(f"<h3>{html.escape(x.grade_id)}: {x.score:g} / {x.points:g}</h3>"
                    f"<pre>{html.escape(x.text())}</pre>")
    return "<!doctype html><meta charset=utf-8><title>feedback</title>" + "\n".join(body)


def summary_page(day, rows, reference, out, extra_lines):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    total = sum(p for p, _ in reference.tests.values())
    scores = [sum(x.score for x in (r["verdicts"] or {}).values()) for r in rows]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(scores, bins=min(20, max(5, int(total))), range=(0, total), color="tab:blue")
    ax.set_xlabel(f"score (of {total:g})")
    ax.set_ylabel("participants")
    ax.set_title(f"{day}: score distribution ({len(rows)} graded)")
    fig.tight_layout()
    fig.savefig(out / "scores.png", dpi=100)
    plt.close(fig)
    lines = [f"<h1>{html.escape(day)}: class summary</h1>", '<img src="scores.png">',
             "<table border=1 cellpadding=4><tr><th>exercise</th><th>points</th><th>pass rate</th></tr>"]
    for gid, (pts, _) in reference.tests.items():
        graded = [r["verdicts"][gid] for r in rows if r["verdicts"]]
        rate = sum(v.score == v.points for v in graded) / len(rows) if rows else 0.0
        lines.append(f"<tr><td>{html.escape(gid)}</td><td>{pts:g}</td><td>{rate:.0%}</td></tr>")
    lines.append("</table><h2>Notes</h2><ul>")
    lines += [f"<li>{html.escape(r['participant'])}: {html.escape(n)}</li>" for r in rows for n in r["notes"]]
    lines += [f"<li>{html.escape(s)}</li>" for s in extra_lines]
    lines.append("</ul>")
    (out / "summary.html").write_text("<!doctype html><meta charset=utf-8><title>summary</title>\n"
                                      + "\n".join(lines))
