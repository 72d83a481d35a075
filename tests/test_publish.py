"""The site, the handouts and the slides: built offline, complete, maths rendered, no solutions leaked.

One module builds everything once (the executed notebooks are shared through
``build/executed/``, keyed on their content) and every test reads the result.
"""
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from autograder.nbg import DAYS, ROOT, source_notebook
from publish import execute, pages, pdf, site, slides

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("publish")]

CHROMIUM = Path("/usr/bin/chromium")
TAGS = re.compile(r"<[^>]+>")


def need_browser():
    if not CHROMIUM.exists() or shutil.which("pdftotext") is None:
        pytest.skip("chromium or poppler-utils is missing: `make install` installs them")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    need_browser()
    out = tmp_path_factory.mktemp("publish")
    learner = site.build(out / "site", days=DAYS)
    instructor = site.build(out / "site-instructor", instructor=True, days=DAYS)
    pdf.build(out / "handouts", days=DAYS)
    slides.build(out / "slides", days=DAYS)
    return {"out": out, "learner": learner, "instructor": instructor}


@pytest.fixture(scope="module")
def browser():
    need_browser()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


def offline_page(browser, path):
    """path opened from disk with every non-file request refused; returns (page, refused, errors)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused, errors = [], []
    page.route(re.compile(r"^(?!file:).*"), lambda route: (refused.append(route.request.url), route.abort()))
    page.on("requestfailed", lambda r: errors.append(f"{r.url}: {r.failure}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(Path(path).as_uri())
    return page, refused, errors


def notebook_headings(day):
    nb = nbformat.read(source_notebook(day), as_version=4)
    heads = [line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
             for line in c.source.splitlines() if re.match(r"#{1,4}\s", line)]
    return [re.sub(r"[`*_$\\]", "", h) for h in heads]


def squash(text):
    """Letters and digits only: headings compared across HTML, PDF and markdown."""
    return re.sub(r"[\W_]+", "", text).lower()


def nospace(text):
    """Code compared across HTML and PDF (line breaks and indentation differ, nothing else)."""
    return re.sub(r"\s+", "", text)


def solution_lines(day):
    """Distinctive lines of the solutions and hidden checks: in the source notebook, not in the release."""
    source = nbformat.read(source_notebook(day), as_version=4)
    shipped = nospace(" ".join(c.source for c in pages.released(day).cells))
    lines = set()
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not (meta.get("solution") or meta.get("grade")):
            continue
        for line in cell.source.splitlines():
            s = line.strip()
            if len(s) >= 25 and nospace(s) not in shipped and not s.startswith(("#", '"""')) and "BEGIN" not in s:
                lines.add(s)
    return lines


def page_text(path):
    return html.unescape(TAGS.sub("", Path(path).read_text()))


def test_static_runs_show_figures_and_no_widget_or_error():
    nbs = execute.executed(DAYS)
    for day, nb in nbs.items():
        assert not execute.problems(nb, day)
        figures = sum("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
        assert figures >= 5, f"{day}: {figures} figures in the static run (the inline backend is off?)"


def test_site_has_every_section_of_every_day(built):
    for build in ("learner", "instructor"):
        for day in DAYS:
            shown = {squash(text) for _, _, text in built[build][day].headings}
            missing = [h for h in notebook_headings(day) if squash(h) not in shown]
            assert not missing, f"{build} site, {day}: sections missing: {missing[:3]}"
    assert (built["out"] / "site-instructor" / "day1-notes.html").exists()
    contract = page_text(built["out"] / "site" / "exercises.html")
    assert "mlp_forward(X, params" in contract and "solutions/" not in contract and "(built)" not in contract


def test_learner_build_carries_no_solution_code(built):
    out = built["out"]
    index = json.loads((out / "site" / "assets" / "search-index.js").read_text().split("=", 1)[1].rstrip(";\n"))
    assert not any(re.search(r"\$|\\frac|\\partial", e["x"]) for e in index), "TeX in the search snippets"
    for day in DAYS:
        # a later day gives earlier days' answers as given code: each day is read on its own
        searched = " ".join(e["x"] for e in index if e["p"] == f"{day}.html")
        learner = nospace(page_text(out / "site" / f"{day}.html") + searched + pdf_text(out / "handouts" / f"{day}.pdf"))
        instructor = nospace(page_text(out / "site-instructor" / f"{day}.html"))
        lines = solution_lines(day)
        assert len(lines) >= 10, f"{day}: too few distinctive solution lines to test ({len(lines)})"
        leaked = [s for s in lines if nospace(s) in learner]
        assert not leaked, f"{day}: solution code in the learner build: {leaked[:3]}"
        for cell in execute.executed([day])[day].cells:   # outputs that show an answer stay out too
            if pages.ANSWER_OUTPUT in cell.metadata.get("tags", []):
                printed = [o.text.strip() for o in cell.outputs if o.output_type == "stream" and o.text.strip()]
                assert printed and not [t for t in printed if nospace(t) in learner], f"{day}: an answer's output shown"
        shown = sum(nospace(s) in instructor for s in lines)
        assert shown >= 0.9 * len(lines), f"{day}: the instructor build shows {shown} of {len(lines)} solution lines"


def links_of(path):
    text = Path(path).read_text()
    return re.findall(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]*)"', text)


def test_no_broken_internal_links_and_no_asset_from_the_internet(built):
    for folder in ("site", "site-instructor", "slides", "handouts/html"):
        root = built["out"] / folder
        for page in root.rglob("*.html"):
            ids = {}
            for target in links_of(page):
                if target.startswith(("http://", "https://")):
                    assert re.search(rf'<a\b[^>]*href="{re.escape(target)}"', page.read_text()), (
                        f"{page.name} loads {target} from the internet")
                    continue
                if target.startswith(("data:", "mailto:")):
                    continue
                file, _, anchor = target.partition("#")
                dest = (page.parent / file.split("?")[0]).resolve() if file else page
                assert dest.exists(), f"{folder}/{page.name}: broken link {target}"
                if anchor and dest.suffix == ".html":
                    if dest not in ids:
                        ids[dest] = set(re.findall(r'\bid="([^"]+)"', dest.read_text()))
                    assert anchor in ids[dest], f"{folder}/{page.name}: no #{anchor} in {dest.name}"


def test_every_figure_has_alt_text_and_explorers_say_where_they_live(built):
    for day in DAYS:
        body = built["learner"][day].body
        imgs = re.findall(r"<img\b[^>]*>", body)
        assert len(imgs) >= 5, day
        for tag in imgs:
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and len(alt.group(1)) > 10, f"{day}: an image without alt text: {tag[:120]}"
            assert "Figure size" not in alt.group(1) and "No description" not in alt.group(1), (day, alt.group(1))
        assert "In the notebook this figure is live" in body, f"{day}: no explorer says where its live version is"
        assert "jupyter-widgets" not in body and "IntSlider(" not in body, f"{day}: a widget on a static page"


def test_pages_render_maths_offline_and_search_finds_a_section(built, browser):
    root = built["out"] / "site"
    for name in ["index", *DAYS, "exercises"]:
        page, refused, errors = offline_page(browser, root / f"{name}.html")
        page.wait_for_selector("body[data-math=done]", timeout=60_000)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        text = page.inner_text("main")
        assert not refused and not errors, f"{name}.html: {refused[:2]} {errors[:2]}"
        assert "$$" not in text and "\\frac" not in text and "\\_" not in text, f"{name}.html: maths left as TeX"
        if name in DAYS:
            assert page.locator(".mjx-chtml").count() > 20, f"{name}.html: MathJax rendered too little"
        page.close()
    page, _, _ = offline_page(browser, root / "index.html")
    page.fill("#search", "softmax")
    first = page.locator("#search-results a[href]").first
    first.wait_for(timeout=5000)
    assert "day1.html#" in first.get_attribute("href")
    first.click()
    page.wait_for_url(re.compile(r"day1\.html#"))
    page.close()


def pdf_text(path, first=None, last=None):
    cmd = ["pdftotext", "-layout"] + (["-f", str(first), "-l", str(last)] if first else []) + [str(path), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def test_handouts_are_a4_numbered_with_contents_and_every_section(built):
    folder = built["out"] / "handouts"
    for name in [*DAYS, "course"]:
        path = folder / f"{name}.pdf"
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert "(A4)" in info, f"{name}.pdf: {info}"
        pages_n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages_n >= (100 if name == "course" else 15), f"{name}.pdf has {pages_n} pages"
        assert b"/Outlines" in path.read_bytes(), f"{name}.pdf has no bookmarks"
        text = pdf_text(path)
        assert "Contents" in pdf_text(path, 1, 3), f"{name}.pdf: no contents page"
        # the contents give each section's page, and the section is on that page
        contents = pdf_text(path, 1, 4).split("Contents", 1)[1].split(pdf.TOC_END, 1)[0]
        numbered = re.findall(r"^\s*(\S.*?\S)\s{3,}(\d+)\s*$", contents, re.M)
        assert len(numbered) >= 10, f"{name}.pdf: the contents carry no page numbers"
        for title, number in numbered[::7]:
            assert squash(title) in squash(pdf_text(path, int(number), int(number))), (
                f"{name}.pdf: '{title}' is not on page {number}")
        assert f"page 2 of {pages_n}" in text, f"{name}.pdf: no page numbers"
        assert "$$" not in text and "\\frac" not in text, f"{name}.pdf: maths left as TeX"
        flat = squash(text)
        for day in (DAYS if name == "course" else [name]):
            missing = [h for h in notebook_headings(day) if squash(h) not in flat]
            assert not missing, f"{name}.pdf: sections of {day} missing: {missing[:3]}"


def test_slides_show_each_days_marked_cells_offline(built, browser):
    for day in DAYS:
        marked = sum("slide" in c.metadata.get("tags", []) for c in nbformat.read(source_notebook(day), 4).cells)
        assert marked >= 8, f"{day}: only {marked} cells are marked for slides"
        page, refused, errors = offline_page(browser, built["out"] / "slides" / f"{day}.html")
        page.wait_for_selector("body.deck", timeout=60_000)
        count = page.locator(".slide").count()
        assert count >= marked, f"{day}: {count} slides for {marked} marked cells"
        assert page.locator(".slide img").count() >= 3, f"{day}: the slides carry too few figures"
        assert not refused and not errors, (day, refused, errors)
        page.evaluate("document.body.classList.remove('deck')")   # every slide shown, to read them all
        text = page.inner_text("body")
        assert "$$" not in text and "\\frac" not in text, f"{day}: maths left as TeX on a slide"
        page.evaluate("document.body.classList.add('deck')")
        assert page.inner_text(".counter") == f"1 / {count}"
        page.keyboard.press("ArrowRight")
        assert page.inner_text(".counter") == f"2 / {count}"
        page.close()
