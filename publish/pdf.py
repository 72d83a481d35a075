"""A4 handouts: one PDF per day and one for the whole course, printed by Chromium.

    python -m publish.pdf          # build/handouts/day1.pdf ... day5.pdf, course.pdf

The handouts are the learner site's pages printed (the same content: tasks,
no solutions), with a contents page, page numbers and PDF bookmarks.  Lines
in the figures differ by style as well as colour (``course.printable``), so
a black-and-white print keeps them apart.
"""
import html
import re
import subprocess
from pathlib import Path

from autograder.nbg import DAYS
from publish import BUILD, command, site

OUT = BUILD / "handouts"
CHROMIUM = "/usr/bin/chromium"

FOOTER = ('<div style="font-size:8px; width:100%; padding:0 14mm; display:flex; justify-content:space-between;'
          ' font-family:sans-serif; color:#444"><span class="title"></span>'
          '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>')


# on paper nothing unfolds: hints and notes print open, the answers to questions stay folded
PRINT_READY = """document.querySelectorAll('details').forEach(function (d) {
  var s = d.querySelector('summary');
  d.open = !(s && /answer/i.test(s.textContent));
});"""

# a displayed equation wider than the paper is set smaller (MathJax's sizes are in em), not cut off
FIT_EQUATIONS = """document.querySelectorAll('.MJXc-display').forEach(function (d) {
  var inner = d.firstElementChild;
  if (inner && inner.scrollWidth > d.clientWidth) d.style.fontSize = Math.floor(95 * d.clientWidth / inner.scrollWidth) + '%';
});"""


def prefixed(body, day):
    """A day's HTML with its ids and in-page links prefixed, so all the days share one page."""
    body = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{day}-{m.group(1)}"', body)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{day}-{m.group(1)}"', body)


def course_page(rendered, days):
    contents, bodies = [], []
    for day in days:
        page = rendered[day]
        items = "".join(f'<li class="toc-{lv}"><a href="#{day}-{hid}">{html.escape(text)}</a></li>'
                        for lv, hid, text in page.headings if lv <= 2)
        contents.append(f"<ul>{items}</ul>")
        bodies.append(f'<section class="day-start">{prefixed(page.body, day)}</section>')
    cover = ('<section class="cover"><h1>The backpropagation workbook</h1>'
             '<p class="lead">Neural networks and backpropagation from scratch in numpy: five days, after a short readiness check (Day 0).</p>'
             '<p>The exercises appear as tasks; they are written and checked in the notebooks.</p></section>')
    return site.document("The backpropagation workbook", "".join(bodies), print_toc="".join(contents),
                         cover=cover)


TOC_END = "Page numbers refer to this handout."

NUMBER_TOC = """numbers => document.querySelectorAll('.print-toc a').forEach(function (a, i) {
  var old = a.parentNode.querySelector('.pg'); if (old) old.remove();
  if (numbers[i] == null) return;
  var n = document.createElement('span'); n.className = 'pg'; n.textContent = numbers[i]; a.parentNode.appendChild(n);
});"""


def words(text):
    return re.sub(r"[\W_]+", "", text).lower()


def heading_pages(pdf_file, titles):
    """The page of each title in the printed body (after the contents), or None where not found."""
    text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True, check=True).stdout
    pages = [words(p) for p in text.split("\f")]
    at = next((i + 1 for i, p in enumerate(pages) if words(TOC_END) in p), 0)
    found = []
    for title in titles:
        key = words(title)
        page = next((i for i in range(at, len(pages)) if key and key in pages[i]), None)
        found.append(None if page is None else page + 1)
        if page is not None:
            at = page
    return found


def print_pages(folder, names, out):
    """Print each page twice: once to find where each section landed, once with those page numbers."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        raise SystemExit("chromium is missing: `make install` installs Debian's chromium")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for name in names:
                page = browser.new_page(viewport={"width": 794, "height": 1123})   # A4 at 96 dpi
                page.goto((folder / f"{name}.html").as_uri())
                page.wait_for_selector("body[data-math=done]", timeout=120_000)
                page.emulate_media(media="print")
                page.evaluate(PRINT_READY)
                page.evaluate(FIT_EQUATIONS)
                titles = page.evaluate("[...document.querySelectorAll('.print-toc a')].map(a => a.textContent)")
                target = out / f"{name}.pdf"
                for _ in range(2):   # numbers that move a page (a longer contents) are found again once
                    pdf_of(page, target)
                    numbers = heading_pages(target, titles)
                    page.evaluate(NUMBER_TOC, numbers)
                    pdf_of(page, target)
                    if heading_pages(target, titles) == numbers:
                        break
                page.close()
        finally:
            browser.close()


def pdf_of(page, target):
    page.pdf(path=str(target), format="A4", print_background=True,
             display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
             margin={"top": "14mm", "bottom": "16mm", "left": "0", "right": "0"},
             prefer_css_page_size=True, outline=True, tagged=True)


def build(out=None, days=DAYS, cache=None):
    out = Path(out or OUT)
    pages_dir = out / "html"
    rendered = site.build(pages_dir, days=days, cache=cache)
    (pages_dir / "course.html").write_text(course_page(rendered, days))
    print_pages(pages_dir, [*days, "course"], out)
    return out


main = command(build, __doc__, OUT)


if __name__ == "__main__":
    main()
