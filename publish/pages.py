"""A day's cells as a learner or an instructor reads them, rendered to HTML pieces.

The learner's version is the executed solution notebook with every nbgrader
cell (answers and checks) replaced by its released form: the exercise shows
its signature, docstring and statement, never the solution or the hidden
checks, and its cells carry no outputs.  Every other cell keeps the outputs
of the run (figures, tables), so the narrative reads as in class.
"""
import copy
import html
import re
from dataclasses import dataclass, field

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import ExtractOutputPreprocessor

from autograder import nbparts
from autograder.nbg import source_notebook
from publish import ROOT

HEADING = re.compile(r'<h([1-4]) id="([^"]+)">(.*?)<a class="anchor-link" href="#[^"]*">¶</a></h\1>', re.S)
TAG = re.compile(r"<[^>]+>")


def released(day):
    return nbformat.read(ROOT / day / source_notebook(day).name, as_version=4)


def grade_id(cell):
    return nbparts.meta(cell).get("grade_id")


def is_graded(cell):
    """An answer or a check cell; markdown answers (written ones) too, unlike nbparts.is_answer."""
    meta = nbparts.meta(cell)
    return bool(meta.get("solution") or meta.get("grade"))


ANSWER_OUTPUT = "answer-output"   # a cell tag: its outputs show an answer (a hand-set network's weights)


def learner_version(executed, release):
    """executed with each answer and check cell swapped for the released one, without outputs.

    A cell tagged ``answer-output`` keeps its code but not what it printed or drew.
    """
    nb = copy.deepcopy(executed)
    for cell in nb.cells:
        if ANSWER_OUTPUT in cell.metadata.get("tags", []):
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": (
                "*In the notebook this cell shows your own answer at work; "
                "here it stays empty, since it would give the answer away.*")})]
    shipped = {grade_id(c): c for c in release.cells if grade_id(c)}
    for i, cell in enumerate(nb.cells):
        if not is_graded(cell):
            continue
        given = shipped.get(grade_id(cell))
        if given is None:
            raise ValueError(f"cell {i} ({grade_id(cell)}) is graded but missing from the release")
        cell.source = given.source
        # the page labels them (CSS .answer / .check); the template turns tags into classes
        meta = cell.metadata.get("nbgrader", {})
        cell.metadata["tags"] = [*cell.metadata.get("tags", []), "answer" if meta.get("solution") else "check"]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def instructor_version(executed):
    return copy.deepcopy(executed)


@dataclass
class Page:
    body: str                 # the cells, as HTML
    css: str                  # nbconvert's notebook and code-highlighting styles
    headings: list            # (level, id, text) in order
    figures: dict = field(default_factory=dict)   # relative path -> PNG bytes
    sections: list = field(default_factory=list)  # (heading id, its prose as plain words): the search index


ANSWER = re.compile(r"<details>\s*<summary>[^<]*answer[^<]*</summary>.*?</details>", re.S | re.I)
MATH = re.compile(r"\$\$.*?\$\$|\$[^$]+?\$", re.S)


def prose(markdown):
    """Markdown as words a search snippet can show: no TeX, no folded answers, no markup."""
    text = MATH.sub(" … ", ANSWER.sub(" ", markdown))
    text = TAG.sub(" ", text)
    return " ".join(re.sub(r"[*`#>|]+", " ", html.unescape(text)).split())


def sections_of(nb, headings):
    """[(id, prose)] per heading of the markdown cells, the id found by the heading's words."""
    ids = {}
    for _, hid, text in headings:
        ids.setdefault(re.sub(r"\W+", "", text).lower(), hid)
    out, current = [], None
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if re.match(r"#{1,4}\s", line):
                key = re.sub(r"\W+", "", MATH.sub("", line.lstrip("#")).replace("`", "")).lower()
                current = [ids.get(key, ""), line.lstrip("#").strip(), []]
                out.append(current)
            elif current is not None:
                current[2].append(line)
    return [(hid, prose(title), prose("\n".join(body))) for hid, title, body in out]


def plain(fragment):
    return html.unescape(TAG.sub("", fragment)).strip()


def render(nb, day):
    """nb as HTML pieces; its images become files figures/<day>/..., each with its alt text."""
    nb = copy.deepcopy(nb)
    resources = {"output_files_dir": f"figures/{day}", "unique_key": day, "outputs": {}}
    nb, resources = ExtractOutputPreprocessor().preprocess(nb, resources)
    alts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("filenames", {}).get("image/png")
            if name:
                alts[name] = out.get("data", {}).get("text/plain", "").strip()
    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True)
    full, _ = exporter.from_notebook_node(nb, resources={"unique_key": day})
    body = full.split("<main>", 1)[1].rsplit("</main>", 1)[0]
    css = "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", full.split("</head>", 1)[0], re.S))

    def with_alt(m):
        tag = m.group(0)
        src = re.search(r'src="([^"]+)"', tag)
        alt = alts.get(src.group(1) if src else "") or "A figure of the notebook."
        tag = re.sub(r'\s+alt="[^"]*"', "", tag)
        return tag.replace("<img", f'<img alt="{html.escape(alt, quote=True)}"', 1)
    body = re.sub(r"<img\b[^>]*>", with_alt, body)
    headings = [(int(lv), hid, plain(text)) for lv, hid, text in HEADING.findall(body)]
    return Page(body, css, headings, dict(resources.get("outputs", {})), sections_of(nb, headings))
