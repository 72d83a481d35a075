"""What the browser tests share: a JupyterLab on a copy of the notebooks, Chromium, and a notebook page
that runs all cells, saves, and says which cell went wrong."""
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.nbg import DAYS, ROOT, env
from tests.test_lab import LEARNER, TOKEN, free_port, get, stop_group, wait_ready

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
# what a widget looks like when its front end is missing: its repr as text, at the start of a line
WIDGET_REPR = re.compile(r"^(VBox|HBox|IntSlider|FloatSlider|FloatLogSlider|Dropdown|Button|Play|Output|"
                         r"ToggleButtons|Canvas)\(|Error displaying widget", re.M)
SETTINGS = {
    # every cell stays in the DOM, so cells can be found, checked and photographed wherever they are
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # the saved file then lists the widgets still alive: a closed one (a finished progress bar) shows nothing
    "@jupyter-widgets/jupyterlab-manager/plugin.jupyterlab-settings": {"saveState": True},
    # no news or update toast over the page
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
}


def playwright_or_skip():
    """playwright's sync API, or a skip that names `make install`."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no {CHROMIUM}: `make install` installs chromium on Debian/Ubuntu")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: `make install` installs it")
    return sync_playwright


def notebooks():
    """Every solution and participant notebook, relative to the course root."""
    return [str(p.relative_to(ROOT)) for day in DAYS
            for p in [*sorted((ROOT / "solutions" / day).glob("*.ipynb")), *sorted((ROOT / day).glob("*.ipynb"))]]


def copy_course(dest):
    """The notebooks and the course home under dest in the repo's layout: runs and saves never touch the
    repo's files."""
    for rel in [*notebooks(), "home.ipynb"]:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, dest / rel)
    return dest


@contextlib.contextmanager
def serve(root, scratch, learner=True):
    """JupyterLab as `make lab` starts it (learner config on JUPYTER_CONFIG_PATH), on root instead of the
    repo, with the app exposed to scripts and our settings; yields the base URL."""
    settings = scratch / "settings"
    for name, value in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(value))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # the progress view (course.progress) reads the day folders of this copy, not the repo's
    extra = {"JUPYTER_RUNTIME_DIR": str(scratch / "runtime"), "BACKPROP_COURSE_ROOT": str(root)}
    if learner:
        extra["JUPYTER_CONFIG_PATH"] = os.pathsep.join(filter(None, [str(LEARNER),
                                                                     os.environ.get("JUPYTER_CONFIG_PATH")]))
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--allow-root", "--no-browser", f"--port={port}",
           f"--ServerApp.token={TOKEN}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={root}",
           "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings}",
           f"--LabApp.workspaces_dir={scratch}"]
    log = open(scratch / "jupyter.log", "wb")
    environ = env(**extra)
    # a learner's kernel has matplotlib's inline backend: the tests' MPLBACKEND=Agg would hide every figure
    environ.pop("MPLBACKEND", None)
    server = subprocess.Popen(cmd, cwd=root, env=environ, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        wait_ready(server, base, f"jupyter lab (log: {scratch}/jupyter.log)")
        yield base
    finally:
        stop_group(server)
        log.close()


@contextlib.contextmanager
def chromium():
    """One headless Chromium (Debian's: no download); yields the browser."""
    sync_playwright = playwright_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        try:
            yield browser
        finally:
            browser.close()


def shut_down_kernels(base):
    """End every session of the server: the next notebook has the CPU to itself."""
    _, body = get(f"{base}/api/sessions")
    for session in json.loads(body):
        get(f"{base}/api/sessions/{session['id']}", method="DELETE")


# JupyterLab's own objects (exposed with --LabApp.expose_app_in_browser): the open notebook panel
PANEL = "window.jupyterapp.shell.currentWidget"
KERNEL_IDLE = f"""() => {{ const w = window.jupyterapp && {PANEL}; const s = w && w.sessionContext;
    return !!(s && s.session && s.session.kernel && s.session.kernel.status === 'idle' && w.content); }}"""
RUN_ALL = f"""() => {{ window.__runAll = null; window.__statusAt = Date.now();
    {PANEL}.sessionContext.session.kernel.statusChanged.connect(() => window.__statusAt = Date.now());
    window.jupyterapp.commands.execute('notebook:run-all-cells')
        .then(ok => window.__runAll = {{ok}}, e => window.__runAll = {{error: String(e)}}); }}"""
# The command's promise can resolve at the first error while later cells still run, and the kernel is
# idle for a moment between two cells: done is the last code cell counted, or a kernel idle for 5 s
# (Run All stopped early, which the test then reports), with no cell queued or running ([*]).
RUN_DONE = f"""() => {{ const w = {PANEL}, code = w.content.widgets.filter(c => c.model.type === 'code');
    return !!window.__runAll && w.sessionContext.session.kernel.status === 'idle'
        && !code.some(c => c.model.executionState === 'running')
        && (code[code.length - 1].model.executionCount !== null || Date.now() - window.__statusAt > 5000); }}"""
IMAGES_LOADED = """i => [...document.querySelector(`[data-cell="${i}"]`).querySelectorAll('img')]
    .every(img => img.complete && img.naturalHeight > 0)"""
NUMBER_CELLS = f"() => {PANEL}.content.widgets.forEach((c, i) => c.node.dataset.cell = i)"
# the images a cell shows, in order (an explorer redraws by replacing its PNG)
IMAGES = """i => [...document.querySelector(`[data-cell="${i}"]`).querySelectorAll('.jp-Cell-outputWrapper img')]
    .map(img => img.src)"""
IMAGES_CHANGED = f"""([i, before]) => {{ const now = ({IMAGES})(i);
    return now.length > 0 && JSON.stringify(now) !== JSON.stringify(before); }}"""


class Notebook:
    """One notebook open in its own browser context; `where(i)` names a cell in failure messages."""

    def __init__(self, browser, base, path, viewport=(1400, 1800)):
        self.base, self.path = base, path
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()

    def where(self, i=None):
        return self.path if i is None else f"{self.path}, cell {i}"

    def cell(self, i):
        return self.page.locator(f'[data-cell="{i}"]')

    def open(self, attempts=3, timeout=90_000):
        """Load the notebook and wait for its kernel; the first kernel start of a server is known to
        stall now and then, so a page that gets no idle kernel is reloaded a bounded number of times."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout
        url = f"{self.base}/lab/tree/{self.path}?token={TOKEN}&reset"
        for attempt in range(1, attempts + 1):
            try:
                self.page.goto(url, timeout=timeout)
                self.page.wait_for_function(KERNEL_IDLE, timeout=timeout, polling=250)
                self.page.evaluate(NUMBER_CELLS)
                return
            except PlaywrightTimeout:
                if attempt == attempts:
                    raise AssertionError(f"{self.where()}: no idle kernel after {attempts} page loads")
                shut_down_kernels(self.base)

    def run_all(self, timeout=600_000):
        """Run All from JupyterLab's own command, then wait until nothing is queued or running."""
        self.page.evaluate(RUN_ALL)
        self.page.wait_for_function(RUN_DONE, timeout=timeout, polling=500)

    def save(self, path_on_disk, timeout=60_000):
        """Save through JupyterLab and return the notebook as it is on disk."""
        # the save's own promise, not the dirty flag: a widget that changes later marks the notebook dirty again
        self.page.evaluate(f"""() => {{ window.__saved = null;
            {PANEL}.context.save().then(() => window.__saved = 'ok', e => window.__saved = String(e)); }}""")
        self.page.wait_for_function("() => window.__saved", timeout=timeout)
        outcome = self.page.evaluate("() => window.__saved")
        assert outcome == "ok", f"{self.where()}: saving failed: {outcome}"
        return json.loads(Path(path_on_disk).read_text())

    def images(self, i):
        return self.page.evaluate(IMAGES, i)

    def wait_images_change(self, i, before, timeout=60_000):
        self.page.wait_for_function(IMAGES_CHANGED, arg=[i, before], timeout=timeout, polling=250)

    def run_cell(self, i):
        """Run cell i again (its cell only), e.g. a widget that did not render the first time."""
        self.page.evaluate(f"""i => {{ const w = {PANEL}; w.content.activeCellIndex = i;
            window.__runAll = null;
            window.jupyterapp.commands.execute('notebook:run-cell')
                .then(ok => window.__runAll = {{ok}}, e => window.__runAll = {{error: String(e)}}); }}""", i)
        self.page.wait_for_function(RUN_DONE, timeout=120_000, polling=250)

    def photograph(self, i, path):
        """A screenshot of cell i whole: the notebook scrolls inside its own panel, which clips what
        does not fit, so the window is made taller than the cell first."""
        cell = self.cell(i)
        height = cell.evaluate("n => n.getBoundingClientRect().height")
        size = self.page.viewport_size
        if height + 300 > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": int(height) + 300})
        cell.evaluate("n => n.scrollIntoView({block: 'start'})")
        # an image that is still decoding has no height yet: the cell would be cut where it grows
        self.page.wait_for_function(IMAGES_LOADED, arg=i, timeout=30_000)
        cell.screenshot(path=path, animations="disabled")

    def close(self):
        self.context.close()


# per code cell with an output: its widget views, controls, pictures and the texts it shows
CELL_REPORT = """() => [...document.querySelectorAll('[data-cell]')].map(n => {
    const out = n.querySelector('.jp-Cell-outputWrapper');
    if (!out) return null;
    return {i: +n.dataset.cell, widgets: out.querySelectorAll('.jupyter-widgets').length,
            controls: out.querySelectorAll('.widget-slider, .widget-dropdown, .widget-button, .widget-play').length,
            pictures: out.querySelectorAll('img, canvas').length, text: out.innerText,
            stderr: [...out.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')]
                .map(e => e.innerText)};
}).filter(Boolean)"""


def cell_report(nb):
    return {c["i"]: c for c in nb.page.evaluate(CELL_REPORT)}


def widget_repr(text):
    """The first widget repr in a text (the front end is missing when one shows), or None."""
    text = "".join(text) if isinstance(text, list) else text  # a saved notebook may split text into lines
    m = WIDGET_REPR.search(text)
    return m and text[m.start():m.start() + 60]
