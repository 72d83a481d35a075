"""What every page loads, all from disk: styles, the search box, MathJax.

MathJax 2 comes from Debian's ``libjs-mathjax`` (``make install`` installs
it); only the pieces the TeX-to-CommonHTML path loads are copied.  The page
sets ``data-math="done"`` on ``<body>`` once MathJax has typeset it, so a
test or the PDF printer waits for exactly that.
"""
import shutil
from pathlib import Path

MATHJAX_SRC = Path("/usr/share/javascript/mathjax")
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML.js", "jax/input/TeX", "jax/output/CommonHTML",
                 "jax/element", "extensions", "fonts/HTML-CSS/TeX/woff", "localization/en"]

MATHJAX_HEAD = r"""<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: {inlineMath: [["$", "$"], ["\\(", "\\)"]], displayMath: [["$$", "$$"], ["\\[", "\\]"]],
            processEscapes: true, processEnvironments: true},
  showMathMenu: false, messageStyle: "none"
});
MathJax.Hub.Queue(function () { document.body.setAttribute("data-math", "done"); });
</script>
<script src="assets/mathjax/MathJax.js?config=TeX-AMS_CHTML"></script>"""

SITE_CSS = """
:root { --nav-h: 3rem; }
html { scroll-padding-top: calc(var(--nav-h) + 0.5rem); }   /* a jump to a heading lands below the bar */
body.jp-Notebook { padding: 0; }
body { margin: 0; font-family: system-ui, "DejaVu Sans", sans-serif; }
.site-nav { position: sticky; top: 0; z-index: 10; display: flex; align-items: center; gap: 1rem;
  height: var(--nav-h); padding: 0 1rem; background: #1f3a5f; color: white; }
.site-nav nav a { color: white; text-decoration: none; margin-right: 0.9rem; font-weight: 500; }
.site-nav nav a[aria-current] { border-bottom: 2px solid #ffd166; }
.badge { background: #ffd166; color: #222; padding: 0.1rem 0.5rem; border-radius: 0.3rem; font-size: 0.8rem; }
.search { margin-left: auto; position: relative; }
.search input { width: 16rem; padding: 0.3rem 0.5rem; border-radius: 0.3rem; border: none; }
#search-results { position: absolute; right: 0; top: 2.2rem; width: 28rem; max-height: 70vh; overflow: auto;
  margin: 0; padding: 0; list-style: none; background: white; color: #222; box-shadow: 0 4px 14px #0004; }
#search-results li a { display: block; padding: 0.5rem 0.8rem; color: #1f3a5f; text-decoration: none; }
#search-results li a:hover, #search-results li a:focus { background: #eef3fa; }
#search-results small { display: block; color: #555; }
.layout { display: flex; align-items: flex-start; }
aside.toc { position: sticky; top: var(--nav-h); width: 17rem; flex: none; max-height: calc(100vh - var(--nav-h));
  overflow: auto; padding: 1rem; font-size: 0.85rem; border-right: 1px solid #ddd; box-sizing: border-box; }
aside.toc ul { list-style: none; padding: 0; margin: 0; }
aside.toc a { color: #1f3a5f; text-decoration: none; display: block; padding: 0.15rem 0; }
.toc-1 { font-weight: 600; margin-top: 0.6rem; } .toc-3 { padding-left: 0.9rem; }
main { flex: 1; min-width: 0; max-width: 62rem; padding: 1rem 2rem 3rem; }
.prose { max-width: 48rem; line-height: 1.5; }
.prose table { border-collapse: collapse; } .prose td, .prose th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; }
.days { list-style: none; padding: 0; } .day { border-top: 1px solid #ddd; padding: 0.5rem 0; }
.day h2 { margin: 0.4rem 0; } .days a, .prose a { color: #1f3a5f; } .home p { font-size: 1rem; } .meta { color: #555; font-size: 0.9rem; } .lead { font-size: 1.15rem; }
.pager { display: flex; justify-content: space-between; padding: 1rem 2rem; border-top: 1px solid #ddd; }
.print-toc { display: none; }
.answer::before, .check::before { display: block; font-size: 0.8rem; font-weight: 600; color: #555; margin: 0.3rem 0; }
.answer::before { content: "Your answer, in the notebook: replace the raise with your code"; }
.check::before { content: "The visible check (the grader adds hidden ones)"; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  .site-nav, aside.toc, .pager { display: none; }
  main { max-width: none; padding: 0; }
  .print-toc { display: block; break-after: page; }
  .cover { break-after: page; padding-top: 30vh; text-align: center; }
  .print-toc ul { list-style: none; padding-left: 0; } .print-toc .toc-2 { padding-left: 1.2rem; }
  .print-toc .toc-3 { padding-left: 2.4rem; }
  .print-toc a { color: inherit; text-decoration: none; }
  .print-toc li { display: flex; align-items: baseline; gap: 0.4rem; }
  .print-toc li a { flex: 1; } .print-toc .pg { font-variant-numeric: tabular-nums; }
  .print-toc li a::after { content: ""; }
  .toc-end { font-size: 0.8rem; color: #555; }
  h1 { break-before: page; } .print-toc + h1, .day-start h1:first-child { break-before: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .jp-RenderedImage, img { break-inside: avoid; }
  .jp-InputArea-editor { border: 1px solid #bbb; }
  /* a long code line wraps, never cut at the margin; a printed table keeps its columns, in smaller type */
  .jp-InputArea pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  .jp-OutputArea-output pre { white-space: pre; font-size: 7pt; }
}
"""

SITE_JS = r"""
(function () {
  var box = document.getElementById("search"), list = document.getElementById("search-results");
  if (!box || !window.SEARCH_INDEX) return;
  function esc(s) { return s.replace(/[&<>"]/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]; }); }
  function show() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.innerHTML = "";
    if (!words.length) return;
    var hits = [];
    SEARCH_INDEX.forEach(function (e) {
      var t = e.t.toLowerCase(), x = e.x.toLowerCase(), score = 0;
      for (var i = 0; i < words.length; i++) {
        var inT = t.indexOf(words[i]) >= 0, inX = x.indexOf(words[i]) >= 0;
        if (!inT && !inX) return;
        score += (inT ? 5 : 0) + (inX ? 1 : 0);
      }
      hits.push([score, e]);
    });
    hits.sort(function (a, b) { return b[0] - a[0]; });
    hits.slice(0, 12).forEach(function (h) {
      var e = h[1], at = e.x.toLowerCase().indexOf(words[0]);
      var snippet = at >= 0 ? e.x.slice(Math.max(0, at - 40), at + 80) : e.x.slice(0, 100);
      var li = document.createElement("li");
      li.innerHTML = '<a href="' + e.p + (e.a ? "#" + e.a : "") + '">' + esc(e.t) + "<small>" + esc(snippet) + "</small></a>";
      list.appendChild(li);
    });
    if (!hits.length) list.innerHTML = "<li><a>No section mentions that.</a></li>";
  }
  box.addEventListener("input", show);
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { box.value = ""; show(); }
    if (ev.key === "Enter") { var a = list.querySelector("a[href]"); if (a) location.href = a.getAttribute("href"); }
  });
})();
"""


def copy_mathjax(dest):
    if not (MATHJAX_SRC / "MathJax.js").exists():
        raise SystemExit("MathJax is missing: `make install` installs Debian's libjs-mathjax")
    for part in MATHJAX_PARTS:
        src, dst = MATHJAX_SRC / part, dest / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy(src, dst)


def write(folder, css):
    folder = Path(folder)
    (folder / "notebook.css").write_text(css)
    (folder / "site.css").write_text(SITE_CSS)
    (folder / "site.js").write_text(SITE_JS)
    copy_mathjax(folder / "mathjax")

