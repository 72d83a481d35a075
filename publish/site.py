"""The offline site: a page per day, the exercise contract, navigation and search.

    python -m publish.site               # learner build: site/ (tasks, no solutions)
    python -m publish.site --instructor  # build/site-instructor/: solutions, hidden checks, notes

Open ``index.html`` from disk: every asset (MathJax, styles, the search
index, the figures) sits next to the pages, nothing is fetched from the
internet, and the search works from ``file://`` (its index is a script).
"""
import argparse
import html
import json
import re
import shutil
from pathlib import Path

from nbconvert.filters.markdown_mistune import markdown2html_mistune

from autograder.nbg import DAYS
from publish import BUILD, ROOT, assets, pages
from publish.execute import executed

LEARNER_OUT, INSTRUCTOR_OUT = ROOT / "site", BUILD / "site-instructor"


def day_title(page):
    return next((text for level, _, text in page.headings if level == 1), "")


def toc(page, href="", deepest=2):
    items = "".join(f'<li class="toc-{lv}"><a href="{href}#{hid}">{html.escape(text)}</a></li>'
                    for lv, hid, text in page.headings if lv <= deepest)
    return f"<ul>{items}</ul>"


def nav(links, current, instructor):
    items = "".join(f'<a href="{href}"{" aria-current=page" if href == current else ""}>{html.escape(name)}</a>'
                    for name, href in links)
    badge = '<span class="badge">instructor build: solutions inside</span>' if instructor else ""
    return (f'<header class="site-nav"><nav>{items}</nav>{badge}'
            '<div class="search"><input id="search" type="search" placeholder="Search the course" '
            'aria-label="Search the course" autocomplete="off"><ol id="search-results"></ol></div></header>')


def document(title, body, header="", sidebar="", footer="", print_toc="", cover=""):
    aside = f'<aside class="toc" aria-label="Sections">{sidebar}</aside>' if sidebar else ""
    contents = (f'<section class="print-toc"><h2>Contents</h2>{print_toc}<p class="toc-end">'
                'Page numbers refer to this handout.</p></section>' if print_toc else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="assets/notebook.css"><link rel="stylesheet" href="assets/site.css">
{assets.MATHJAX_HEAD}
<script src="assets/search-index.js"></script><script src="assets/site.js" defer></script>
</head><body class="jp-Notebook" data-jp-theme-light="true">
{header}<div class="layout">{aside}<main>{cover}{contents}{body}</main></div>{footer}
</body></html>
"""


def section_texts(name, page):
    """Search entries: one per heading, with the prose up to the next heading (no code, no TeX)."""
    return [{"t": title, "p": name, "a": hid, "x": text[:1500]} for hid, title, text in page.sections]


def learner_contract(markdown):
    """docs/exercises.md from its conventions on: its opening is for the people who write days."""
    start = markdown.index("\n## ")
    body = re.sub(r"^(##.*?) \(built\)$", r"\1", markdown[start:], flags=re.M)
    return ("# The exercise contract\n\nWhat each graded function of the course is called, what it takes "
            "and what it returns, with the conventions every day keeps: check here what your function must "
            "take and return.\n" + body)


def markdown_page(path):
    return markdown2html_mistune(Path(path).read_text())


def render_days(days, instructor, cache=None):
    nbs = executed(days, cache)
    out = {}
    for day in days:
        nb = pages.instructor_version(nbs[day]) if instructor else pages.learner_version(nbs[day], pages.released(day))
        out[day] = pages.render(nb, day)
    return out


def build(out=None, instructor=False, days=DAYS, cache=None):
    """Write the site to out; returns {day: Page} (the PDF and the tests reuse them)."""
    out = Path(out or (INSTRUCTOR_OUT if instructor else LEARNER_OUT))
    if out.exists():
        shutil.rmtree(out)
    (out / "assets").mkdir(parents=True)
    rendered = render_days(days, instructor, cache)
    assets.write(out / "assets", css=next(iter(rendered.values())).css)

    links = [("Home", "index.html")] + [(f"Day {d[3:]}", f"{d}.html") for d in days]
    links.append(("Exercises", "exercises.html"))
    if instructor:
        links += [(f"Notes {d[3:]}", f"{d}-notes.html") for d in days]
    search = []
    for i, day in enumerate(days):
        page = rendered[day]
        for rel, png in page.figures.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(png)
        prev = f'<a rel="prev" href="{days[i - 1]}.html">← {html.escape(day_title(rendered[days[i - 1]]))}</a>' if i else ""
        nxt = (f'<a rel="next" href="{days[i + 1]}.html">{html.escape(day_title(rendered[days[i + 1]]))} →</a>'
               if i + 1 < len(days) else "")
        footer = f'<footer class="pager">{prev}<span></span>{nxt}</footer>'
        (out / f"{day}.html").write_text(document(
            day_title(page), page.body, nav(links, f"{day}.html", instructor), toc(page, deepest=3), footer,
            print_toc=toc(page, deepest=3)))
        search += section_texts(f"{day}.html", page)
        if instructor:
            notes = markdown_page(ROOT / "solutions" / day / "instructor_notes.md")
            (out / f"{day}-notes.html").write_text(document(
                f"{day_title(page)}: instructor notes", f'<div class="prose">{notes}</div>',
                nav(links, f"{day}-notes.html", instructor)))

    contract = markdown2html_mistune(learner_contract((ROOT / "docs" / "exercises.md").read_text()))
    (out / "exercises.html").write_text(document(
        "The exercise contract", f'<div class="prose">{contract}</div>', nav(links, "exercises.html", instructor)))
    (out / "index.html").write_text(document(
        "The backpropagation workbook", home(rendered, days, instructor), nav(links, "index.html", instructor)))
    search.append({"t": "The exercise contract", "p": "exercises.html", "a": "",
                   "x": " ".join(pages.plain(contract).split())[:1500]})
    (out / "assets" / "search-index.js").write_text("window.SEARCH_INDEX = " + json.dumps(search) + ";\n")
    return rendered


def home(rendered, days, instructor):
    cards = []
    for day in days:
        page = rendered[day]
        # a day is in parts (level-1 headings after its title) or, like Day 1, in numbered sections
        level = 1 if sum(lv == 1 for lv, _, _ in page.headings) > 2 else 2
        parts = "".join(f'<li><a href="{day}.html#{hid}">{html.escape(text)}</a></li>'
                        for lv, hid, text in page.headings if lv == level and text != day_title(page))
        notes = f' · <a href="{day}-notes.html">instructor notes</a>' if instructor else ""
        cards.append(f'<li class="day"><h2><a href="{day}.html">{html.escape(day_title(page))}</a></h2>'
                     f'<ul>{parts}</ul><p class="meta">notebook <code>{day}/</code>{notes}</p></li>')
    who = ("This is the instructor build: each exercise shows its solution and its hidden checks."
           if instructor else
           "Each exercise appears here as a task: its signature, its statement and hints. "
           "You write and check the answers in the notebooks (see the README for set-up).")
    return f"""<div class="home"><h1>The backpropagation workbook</h1>
<p class="lead">Five days of neural networks built from scratch in numpy: forward passes, backpropagation,
gradient descent, multilayer networks, convolutional and recurrent networks. Every exercise is checked
against numerical gradients. Day 0, a short readiness check, comes first: it tells you whether the course's
prerequisites are in place.</p>
<p>{who} The explorers are live only in the notebooks; here each shows its starting view.
The search box at the top finds a word in every day.</p>
<ol class="days">{''.join(cards)}</ol>
<p><a href="exercises.html">The exercise contract</a>: what each graded function is called, takes and returns.</p></div>"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instructor", action="store_true", help="include solutions and instructor notes")
    parser.add_argument("--out", type=Path, help="output folder")
    args = parser.parse_args(argv)
    build(args.out, args.instructor)
    where = args.out or (INSTRUCTOR_OUT if args.instructor else LEARNER_OUT)
    print(f"open {where / 'index.html'}")


if __name__ == "__main__":
    main()
