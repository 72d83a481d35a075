"""The notebooks in a real browser: Run All in JupyterLab (on a copy), errors read from the saved file,
widgets rendered and answering, a screenshot of every cell with a figure or widget; learner and
instructor mode as `make lab` and `make lab-instructor` show them.  Screenshots: tests/artifacts/browser/."""
import re
import shutil
import time

import pytest

from autograder.nbg import ROOT
from tests import browser_kit as kit
from tests.test_lab import TOKEN, lab

# a real browser has timing of its own (a first kernel start, a widget's first render): a test that
# fails runs once more, and the report says RERUN, so a flaky start is seen but does not redden CI
pytestmark = [pytest.mark.slow, pytest.mark.flaky(reruns=1, reruns_delay=2)]

NOTEBOOKS = kit.notebooks()
# one explorer per day, moved in the solution notebook: a call its cell makes, and which control to move
EXPLORERS = {"day0": ("tangent_explorer(", "slider"),
             "day1": ("activation_explorer(", "dropdown"), "day2": ("graph_explorer(", "slider"),
             "day3": ("depth_explorer(", "slider"), "day4": ("convolution_explorer(", "slider"),
             "day5": ("vanishing_explorer(", "slider")}
PLAYGROUND = ("day3", "training_playground(")
# the exceptions an unfinished exercise raises in its own cells: the stub, and the visible checks
EXERCISE_ERRORS = {"NotImplementedError", "CheckFailed"}
INSTRUCTOR_PANELS = re.compile(r"nbgrader|formgrader|create assignment|course list|assignment list", re.I)


@pytest.fixture(scope="module")
def browser():
    with kit.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def copy_lab(tmp_path_factory):
    """(base URL, folder): one JupyterLab per worker, in learner mode, on a copy of the notebooks."""
    kit.playwright_or_skip()
    root = kit.copy_course(tmp_path_factory.mktemp("course"))
    with kit.serve(root, tmp_path_factory.mktemp("lab")) as base:
        yield base, root


@pytest.fixture
def notebook(request, browser, copy_lab):
    base, root = copy_lab
    nb = kit.Notebook(browser, base, request.param)
    nb.on_disk = root / request.param
    yield nb
    nb.close()
    kit.shut_down_kernels(base)


def graded(cell):
    """'answer' or 'test' for nbgrader's answer and test cells, else None."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return "answer" if meta.get("solution") else "test" if meta.get("grade") else None


def first_line(cell):
    return "".join(cell["source"]).strip().splitlines()[0][:70] if cell["source"] else ""


def error_problems(nb, saved, solution):
    """What a learner would see go wrong in the saved notebook: errors where none belong, Run All cut short."""
    problems, cells = [], saved["cells"]
    for i, cell in enumerate(cells):
        for out in cell.get("outputs", []):
            if out["output_type"] != "error":
                continue
            what = f"{nb.where(i)} ({first_line(cell)!r}): {out['ename']}: {out['evalue'][:200]}"
            if solution:
                problems.append(f"error in a solution notebook: {what}")
            elif not graded(cell) or out["ename"] not in EXERCISE_ERRORS:
                problems.append(f"error outside an unfinished exercise: {what}")
            elif "raises-exception" not in cell["metadata"].get("tags", []):
                problems.append(f"not tagged raises-exception, so Run All stops here: {what}")
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if kit.widget_repr(data.get("text/plain", "")) and "application/vnd.jupyter.widget-view+json" not in data:
                problems.append(f"{nb.where(i)}: a widget saved as text only: {data['text/plain'][:80]!r}")
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    missed = [i for i in code if cells[i].get("execution_count") is None]
    if missed:
        problems.append(f"{nb.where()}: Run All did not reach cells {missed} (the last code cell is {code[-1]})")
    return problems


def widget_cells(saved):
    """Cells that display a widget still alive when saved (a finished progress bar closes its own)."""
    alive = saved["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    return sorted({i for i, c in enumerate(saved["cells"]) for o in c.get("outputs", [])
                   if o.get("data", {}).get("application/vnd.jupyter.widget-view+json", {}).get("model_id") in alive})


def wait_for_widgets(nb, cells, attempts=2):
    """Every widget output rendered as a view; a widget's first render is known to race with its
    model's arrival, so a cell that shows none is run once more before this gives up."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    for i in cells:
        for attempt in range(attempts + 1):
            try:
                nb.cell(i).locator(".jp-Cell-outputWrapper .jupyter-widgets").first.wait_for(timeout=30_000)
                break
            except PlaywrightTimeout:
                if attempt == attempts:
                    return [f"{nb.where(i)}: its widget never rendered (no .jupyter-widgets)"]
                nb.run_cell(i)
    return []


def dom_problems(nb, saved, solution):
    """What the page shows: widgets as text, a traceback or warning outside the exercises' own cells."""
    problems, report = [], kit.cell_report(nb)
    for i, cell in report.items():
        where = f"{nb.where(i)} ({first_line(saved['cells'][i])!r})"
        shown = kit.widget_repr(cell["text"])
        if shown:
            problems.append(f"{where}: a widget shows as text: {shown!r}")
        if not graded(saved["cells"][i]) and cell["stderr"]:
            problems.append(f"{where}: shows stderr (a traceback or warning): {cell['stderr'][0][:300]!r}")
    if solution:
        views = sum(c["widgets"] for c in report.values())
        controls = sum(c["controls"] for c in report.values())
        if not views or not controls:
            problems.append(f"{nb.where()}: {views} widget views and {controls} controls in the page")
    return problems


def screenshots(nb, saved):
    """Every cell with a picture, a widget or stderr, photographed as a cell (the page itself scrolls)."""
    folder = kit.ARTIFACTS / nb.path.removesuffix(".ipynb").replace("/", "-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i, cell in kit.cell_report(nb).items():
        if cell["pictures"] or cell["widgets"] or cell["stderr"]:
            nb.photograph(i, folder / f"cell-{i:03d}.png")
    return folder


def find_cell(saved, call):
    return next(i for i, c in enumerate(saved["cells"]) if c["cell_type"] == "code" and call in "".join(c["source"]))


def redraws(nb, i, act, attempts=2, timeout=30_000):
    """act() (a move, a click) until the images of cell i change: True, or False after attempts + 1 tries."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    for _ in range(attempts + 1):
        before = nb.images(i)
        act()
        try:
            nb.wait_images_change(i, before, timeout=timeout)
            return True
        except PlaywrightTimeout:
            pass
    return False


def move(nb, saved, call, control, attempts=2):
    """Move one control of the explorer in the cell that makes `call`; its figure must change."""
    i = find_cell(saved, call)
    where = f"{nb.where(i)} ({call.rstrip('(')}, its first {control})"
    if not nb.images(i):
        return [f"{where}: the explorer shows no figure"]

    def act():
        if control == "dropdown":
            select = nb.cell(i).locator(".widget-dropdown select").first
            options = select.locator("option").all_inner_texts()
            select.select_option(index=(options.index(select.input_value()) + 1) % len(options)
                                 if select.input_value() in options else 1)
        else:
            handle = nb.cell(i).locator(".widget-slider .noUi-handle").first
            handle.focus()
            handle.press("ArrowRight")
    if redraws(nb, i, act, attempts):
        return []
    return [f"{where}: the figure did not change after {attempts + 1} moves"]


def step_playground(nb, saved, attempts=2):
    """Press the playground's Step: it trains a few epochs and redraws."""
    i = find_cell(saved, PLAYGROUND[1])
    # its point drawer is still empty, so it starts on a bundled set: another one must redraw
    select = nb.cell(i).locator(".widget-dropdown select").first
    if not redraws(nb, i, lambda: select.select_option("moons"), attempts=0, timeout=60_000):
        return [f"{nb.where(i)} (training_playground): choosing the moons did not redraw"]
    if not redraws(nb, i, lambda: nb.cell(i).get_by_role("button", name="Step").click(), attempts, 60_000):
        return [f"{nb.where(i)} (training_playground): Step did not redraw after {attempts + 1} presses"]
    return []


@pytest.mark.parametrize("notebook", NOTEBOOKS, indirect=True)
def test_run_all_in_the_browser(notebook):
    nb, solution = notebook, notebook.path.startswith("solutions/")
    day = nb.path.split("/")[-2]
    start = time.perf_counter()
    nb.open()
    nb.run_all()
    saved = nb.save(nb.on_disk)
    problems = error_problems(nb, saved, solution)
    problems += wait_for_widgets(nb, widget_cells(saved))
    problems += dom_problems(nb, saved, solution)
    folder = screenshots(nb, saved)
    if solution:
        problems += move(nb, saved, *EXPLORERS[day])
        if day == PLAYGROUND[0]:
            problems += step_playground(nb, saved)
    print(f"{nb.path}: {time.perf_counter() - start:.1f} s, screenshots in {folder.relative_to(ROOT)}")
    assert not problems, "\n".join(problems)


def test_validate_button_reports_the_unfinished_exercises(browser, copy_lab):
    base, _ = copy_lab
    nb = kit.Notebook(browser, base, "day1/forward.ipynb", viewport=(1400, 1000))
    try:
        nb.open()
        nb.page.locator(".validate-button").click()
        dialog = nb.page.locator(".jp-Dialog")
        dialog.wait_for(timeout=240_000)  # the server runs the whole notebook first
        title, body = dialog.locator(".jp-Dialog-header").inner_text(), dialog.locator(".jp-Dialog-body").inner_text()
        nb.page.screenshot(path=kit.ARTIFACTS / "validate-day1-forward.png")
        assert title.strip() == "Validation Results", f"day1/forward.ipynb, Validate: {title}: {body[:500]}"
        assert "error running the validate command" not in body, body[:1000]
        assert "The following cell failed" in body and "NotImplementedError" in body, body[:1000]
    finally:
        nb.close()
        kit.shut_down_kernels(base)


def test_the_course_home_shows_the_progress_and_its_links_open_the_notebooks(browser, copy_lab):
    base, _ = copy_lab
    nb = kit.Notebook(browser, base, "home.ipynb", viewport=(1400, 1400))
    try:
        nb.open()
        nb.run_all()
        view = nb.page.locator(".course-progress")
        view.wait_for(timeout=120_000)
        text = view.inner_text()
        assert "Your progress" in text and "0 / 16" in text and "0 / 28" in text, text[:1000]
        assert "Next: write line in day0/readiness.ipynb" in text, text[-500:]
        assert nb.page.locator(".jp-OutputArea-output img").count() == 1, "the progress chart is missing"
        nb.page.screenshot(path=kit.ARTIFACTS / "home.png")
        view.screenshot(path=kit.ARTIFACTS / "home-progress.png")
        # a link of the table opens the day's notebook in JupyterLab, next to the home
        nb.page.locator(".jp-RenderedMarkdown a", has_text="day1/forward.ipynb").first.click()
        nb.page.wait_for_function(
            "() => [...document.querySelectorAll('.lm-TabBar-tabLabel')].some(t => t.textContent === 'forward.ipynb')",
            timeout=60_000)
    finally:
        nb.close()
        kit.shut_down_kernels(base)


def panels(page, base):
    """The names nbgrader's panels would show under: menu bar, both sidebars, the command palette."""
    page.goto(f"{base}/lab?reset&token={TOKEN}")
    # the file browser lists the folder once the app is restored, i.e. after every plugin has started
    page.locator(".jp-DirListing-item").first.wait_for(timeout=90_000)
    found = {"menu bar": page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()}
    for side in ("left", "right"):
        tabs = page.locator(f".jp-SideBar.jp-mod-{side} .lm-TabBar-tab")
        found[f"{side} sidebar"] = [tabs.nth(k).get_attribute("title") or "" for k in range(tabs.count())]
    # the palette holds every command it offers as an item, shown or not: no typing and filtering to wait for
    page.keyboard.press("Control+Shift+c")
    items = page.locator(".lm-CommandPalette-item")
    items.first.wait_for(state="attached", timeout=30_000)
    found["command palette"] = [t.strip() for t in items.all_text_contents()]
    return found


@pytest.mark.xdist_group("browser-modes")
@pytest.mark.parametrize("target", ["lab", "lab-instructor"])
def test_instructor_panels_only_in_instructor_mode(target, browser, tmp_path):
    with lab(target, tmp_path) as base:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            seen = panels(context.new_page(), base)
        finally:
            context.close()
    # an empty list must mean "not there", not "not read"
    assert "File" in seen["menu bar"] and len(seen["command palette"]) > 50, f"make {target}: read too little: {seen}"
    found = {where: [n for n in names if INSTRUCTOR_PANELS.search(n)] for where, names in seen.items()}
    if target == "lab":
        assert not any(found.values()), f"make lab (learner mode) shows nbgrader's instructor panels: {found}"
    else:
        assert found["menu bar"] == ["Nbgrader"], f"make lab-instructor: {found}"
        assert any("Create Assignment" in n for n in found["right sidebar"]), f"make lab-instructor: {found}"
        assert {"Formgrader", "Course List", "Create assignment"} <= set(found["command palette"]), found
