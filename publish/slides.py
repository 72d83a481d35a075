"""Slides for the instructor: a deck per day from the cells tagged ``slide``.

    python -m publish.slides       # build/slides/day1.html ... day5.html

A tagged markdown cell becomes a slide (the key equation, the idea); a
tagged code cell contributes only its outputs (the key figure, as a static
image: live widgets do not survive an export).  A slide without a heading
of its own takes the title of the section it sits in.  Keys: → / space /
PageDown next, ← / PageUp back, Home / End; the slide number is in the
address, so a reload stays put.  Printing gives one slide per page.
"""
import html
import re
from pathlib import Path

from nbconvert.filters.markdown_mistune import markdown2html_mistune

from autograder.nbg import DAYS
from publish import BUILD, assets, command, pages
from publish.execute import executed

OUT = BUILD / "slides"
TAG = "slide"

SLIDES_CSS = """
html, body { margin: 0; height: 100%; background: #fff; font-family: system-ui, "DejaVu Sans", sans-serif; }
.slide { box-sizing: border-box; width: 100vw; min-height: 100vh; padding: 5vh 7vw; display: flex;
  flex-direction: column; justify-content: safe center; font-size: 2.6vh; line-height: 1.4; }
body.deck .slide { display: none; height: 100vh; overflow: hidden; }
body.deck .slide.current { display: flex; }
.slide h1 { font-size: 5vh; color: #1f3a5f; margin: 0 0 2vh; } .slide h2 { font-size: 4vh; color: #1f3a5f; margin: 0 0 2vh; }
.slide h3 { font-size: 3.2vh; } .slide img { max-height: 68vh; max-width: 100%; object-fit: contain; align-self: center; }
.slide details { display: none; } .slide table { border-collapse: collapse; margin: 1vh auto; }
.slide td, .slide th { border: 1px solid #ccc; padding: 0.3vh 0.8vw; }
.anchor-link { display: none; }
.counter { position: fixed; right: 2vw; bottom: 1.5vh; color: #777; font-size: 1.8vh; }
.title-slide { text-align: center; } .title-slide ul { text-align: left; align-self: center; }
@page { size: 297mm 167mm; margin: 0; }
@media print { body.deck .slide { display: flex; height: 167mm; min-height: 0; break-after: page; }
  .counter { display: none; } .slide { font-size: 13pt; } .slide h2 { font-size: 20pt; } }
"""

SLIDES_JS = r"""
(function () {
  var slides = [].slice.call(document.querySelectorAll(".slide")), counter = document.querySelector(".counter"), i = 0;
  function go(n) {
    i = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, k) { s.classList.toggle("current", k === i); });
    counter.textContent = (i + 1) + " / " + slides.length;
    history.replaceState(null, "", "#" + (i + 1));
  }
  function fit(s) {   // a slide that is taller than the screen is set in smaller type until it fits
    s.classList.add("current");
    for (var size = 100; s.scrollHeight > s.clientHeight + 2 && size > 45; size -= 5) s.style.fontSize = size * 0.026 + "vh";
    s.classList.remove("current");
  }
  function start() {
    document.body.classList.add("deck");
    slides.forEach(fit);
    go((parseInt(location.hash.slice(1), 10) || 1) - 1);
  }
  document.addEventListener("keydown", function (e) {
    if (["ArrowRight", " ", "PageDown", "ArrowDown"].indexOf(e.key) >= 0) { go(i + 1); e.preventDefault(); }
    if (["ArrowLeft", "PageUp", "ArrowUp"].indexOf(e.key) >= 0) { go(i - 1); e.preventDefault(); }
    if (e.key === "Home") go(0);
    if (e.key === "End") go(slides.length - 1);
  });
  window.addEventListener("hashchange", function () { go((parseInt(location.hash.slice(1), 10) || 1) - 1); });
  document.addEventListener("click", function (e) { if (!e.target.closest("a")) go(i + (e.clientX < innerWidth / 3 ? -1 : 1)); });
  // MathJax typesets every slide while all are shown; the deck hides them afterwards
  if (window.MathJax) MathJax.Hub.Queue(start); else start();
})();
"""


def outputs_html(cell):
    parts = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        if "image/png" in data:
            alt = html.escape(data.get("text/plain", "A figure").strip(), quote=True)
            parts.append(f'<img alt="{alt}" src="data:image/png;base64,{data["image/png"].strip()}">')
        elif "text/markdown" in data and "Static view" not in data["text/markdown"]:
            parts.append(markdown2html_mistune(data["text/markdown"]))
        elif "text/html" in data:
            parts.append(data["text/html"])
    return "".join(parts)


def key_part(markdown):
    """(its last heading before the key equation, the paragraphs around that equation) of a markdown cell.

    A slide holds the idea, not the whole cell: the paragraph before the first displayed equation,
    the equation and the paragraph after it; a cell without one gives its first three paragraphs.
    """
    paras = [p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip()]
    at = next((i for i, p in enumerate(paras) if "$$" in p), None)
    pick = list(range(min(3, len(paras)))) if at is None else [at - 1, at, at + 1]
    head = ""
    for i, p in enumerate(paras[:max(pick) + 1]):
        if p.startswith("#"):
            head = p.lstrip("#").strip()
    keep = [paras[i] for i in pick if 0 <= i < len(paras) and not paras[i].startswith(("#", "<details"))]
    return head, "\n\n".join(keep)


def slides_of(nb):
    """[(title, html)] for the cells tagged slide, each under its own or its section's heading."""
    section, out = "", []
    for cell in nb.cells:
        tagged = TAG in cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            if tagged:
                head, part = key_part(cell.source)
                out.append((head or section, markdown2html_mistune(part)))
            heads = re.findall(r"^#{1,3}\s+(.+)$", cell.source, re.M)
            if heads:
                section = heads[-1].strip()
        elif tagged:
            body = outputs_html(cell)
            if body:
                out.append((section, body))
    return out


def inline(markdown):
    """One line of markdown (a heading) as inline HTML: `code`, *emphasis*, maths."""
    return re.sub(r"^<p>|</p>\s*$", "", markdown2html_mistune(markdown).strip())


def deck(day, nb):
    title = next((line[2:].strip() for c in nb.cells if c.cell_type == "markdown"
                  for line in c.source.splitlines() if line.startswith("# ")), day)
    parts = [line[2:].strip() for c in nb.cells if c.cell_type == "markdown"
             for line in c.source.splitlines() if line.startswith("# ")][1:]
    items = "".join(f"<li>{inline(p)}</li>" for p in parts)
    slides = [f'<section class="slide title-slide"><h1>{html.escape(title)}</h1><ul>{items}</ul></section>']
    for heading, body in slides_of(nb):
        head = f"<h2>{inline(heading)}</h2>" if heading else ""
        slides.append(f'<section class="slide">{head}{body}</section>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}: slides</title>
<link rel="stylesheet" href="assets/slides.css">
{assets.MATHJAX_HEAD}
</head><body>
{''.join(slides)}
<div class="counter" aria-live="polite"></div>
<script src="assets/slides.js"></script>
</body></html>
"""


def build(out=None, days=DAYS, cache=None):
    out = Path(out or OUT)
    (out / "assets").mkdir(parents=True, exist_ok=True)
    assets.copy_mathjax(out / "assets" / "mathjax")
    (out / "assets" / "slides.css").write_text(SLIDES_CSS)
    (out / "assets" / "slides.js").write_text(SLIDES_JS)
    nbs = executed(days, cache)
    for day in days:
        nb = pages.instructor_version(nbs[day])
        (out / f"{day}.html").write_text(deck(day, nb))
    return out


main = command(build, __doc__, OUT, 'day1.html')


if __name__ == "__main__":
    main()
