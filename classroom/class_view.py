"""The instructor's class view as a page and as CSV (from ``check_record.class_table``).

The page reloads itself every few seconds; stuck participants come first and are marked; each
exercise's column ends with its pass rate and the most common failure message, to explain to the
room.  Nothing here shows an input or an expected value: the hints are the checks' own words.
"""
import csv
import html
import io

from classroom.check_record import FAILING, PASSED

REFRESH_SECONDS = 5
MARK = {PASSED: "✓", FAILING: "✗"}
STYLE = """
body { font: 14px system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: center; }
th.who, td.who { text-align: left; }
td.passed { background: #d9f2d9; } td.failing { background: #f9dcdc; } td.todo { color: #999; }
tr.stuck td.who { background: #ffe08a; font-weight: bold; }
td.stuck { outline: 3px solid #d08000; outline-offset: -3px; }
.summary td { font-size: 12px; text-align: left; max-width: 16em; vertical-align: top; }
.legend { color: #555; margin: .5em 0 1em; }
"""


def minutes(seconds):
    return "" if seconds is None else f"{int(seconds // 60)} min"


def failure(summary):
    """An exercise's most common failure message, with how many participants it is failing with."""
    if not summary["common_failure"]:
        return ""
    return f"{html.escape(summary['common_failure'])} <b>({summary['count']}×)</b>"


def page(table, day, days, now_text):
    """The class view of one day as HTML."""
    e = html.escape
    exercises = table["exercises"]
    rows = sorted(table["rows"], key=lambda r: (not r["stuck"], r["who"]))
    head = "".join(f"<th>{e(ex)}</th>" for ex in exercises)
    body = []
    for r in rows:
        tds = []
        for ex in exercises:
            c = r["cells"][ex]
            kind = {PASSED: "passed", FAILING: "failing"}.get(c["state"], "todo")
            title = f"{c['state']}, {c['attempts']} checks, first try {minutes(c['since_first'])} ago"
            if c["hint"]:
                title += f": {c['hint']}"
            text = MARK.get(c["state"], "·")
            if c["attempts"]:
                text += f" <small>{c['attempts']}× {minutes(c['since_first'])}</small>"
            tds.append(f'<td class="{kind}{" stuck" if c["stuck"] else ""}" title="{e(title)}" '
                       f'data-exercise="{e(ex)}" data-state="{e(c["state"])}">{text}</td>')
        stuck = " stuck" if r["stuck"] else ""
        label = e(r["who"]) + (f" — stuck on {e(', '.join(r['stuck']))}" if r["stuck"] else "")
        body.append(f'<tr class="participant{stuck}" data-who="{e(r["who"])}"><td class="who">{label}</td>'
                    + "".join(tds) + "</tr>")
    rates = "".join(f"<td>{table['summary'][ex]['pass_rate']:.0%} passed</td>" for ex in exercises)
    common = "".join(f"<td>{failure(table['summary'][ex])}</td>" for ex in exercises)
    links = " · ".join(f'<a href="?day={e(d)}">{e(d)}</a>' if d != day else f"<b>{e(d)}</b>" for d in days)
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="{REFRESH_SECONDS}">
<title>Class view: {e(day)}</title><style>{STYLE}</style></head>
<body><h1>Class view: {e(day)}</h1>
<p>{links} · <a href="class.csv?day={e(day)}">CSV</a> · updated {e(now_text)}, every {REFRESH_SECONDS} s</p>
<p class="legend">✓ passed · ✗ failing (checks so far, time since the first try) · · not started.
A participant is <b>stuck</b> after 3 failed checks of an exercise in a row or 15 minutes on it without passing.
Hover a cell for its last failure message.</p>
<table id="grid"><thead><tr><th class="who">participant</th>{head}</tr></thead>
<tbody>{''.join(body)}</tbody>
<tfoot class="summary"><tr><td class="who">pass rate</td>{rates}</tr>
<tr><td class="who">most common failure</td>{common}</tr></tfoot></table>
</body></html>"""


def csv_text(table, day):
    """The same table as CSV: one line per participant and exercise."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["day", "participant", "exercise", "state", "checks", "minutes_since_first_try", "stuck",
                "last_failure"])
    for r in table["rows"]:
        for ex in table["exercises"]:
            c = r["cells"][ex]
            w.writerow([day, r["who"], ex, c["state"], c["attempts"],
                        "" if c["since_first"] is None else round(c["since_first"] / 60, 1),
                        "yes" if c["stuck"] else "", c["hint"] or ""])
    return out.getvalue()
