"""Grading at scale: shards of one class grade into one PostgreSQL gradebook and give exactly the grades
of one process on SQLite; a shard killed mid-way and run again loses nothing."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest

from autograder import mutants, nbparts
from autograder.grade import grade, in_shard, parse_shard
from autograder.nbg import ROOT, env, source_notebook
from tests import postgres_kit

DAY = "day0"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("shards")]


def test_shards_split_a_class_by_id_into_parts_that_cover_it_once():
    ids = [f"p{k:03d}" for k in range(200)]
    parts = [[w for w in ids if in_shard(w, (i, 3))] for i in (1, 2, 3)]
    assert sorted(sum(parts, [])) == ids and all(40 < len(p) < 100 for p in parts)
    assert parse_shard("2/3") == (2, 3)
    for bad in ("0/3", "4/3", "2", "a/b"):
        with pytest.raises(Exception, match="--shard"):
            parse_shard(bad)


def class_folder(folder):
    """Eight submissions of Day 0: finished, untouched, half done and broken, two of each."""
    source = nbparts.read(source_notebook(DAY))
    released = nbformat.read(ROOT / DAY / source_notebook(DAY).name, as_version=4)
    solution = nbparts.answers(source)
    half = nbformat.from_dict(json.loads(json.dumps(released)))
    for c in half.cells[: len(half.cells) // 2]:
        if nbparts.is_answer(c):
            c.source = solution[nbparts.meta(c)["grade_id"]]
    target = next(t for t in mutants.functions(source) if t[1] == "accuracy_score")
    folder.mkdir()
    for k in (1, 2):
        shutil.copyfile(source_notebook(DAY), folder / f"finished{k}.ipynb")
        nbformat.write(released, folder / f"untouched{k}.ipynb")
        nbformat.write(half, folder / f"half{k}.ipynb")
        (folder / f"broken{k}.ipynb").write_text(json.dumps(mutants.mutant(source, target[0], target[1])))
    return folder


def scores(db_url):
    """{participant: {test cell: score}} from a gradebook."""
    from nbgrader.api import Gradebook
    with Gradebook(db_url) as gb:
        return {s.student.id: {g.name: g.score for nb in s.notebooks for g in nb.grades}
                for s in gb.assignment_submissions(DAY)}


def shard(i, n, flat, workdir, db_url):
    cmd = [sys.executable, "-m", "autograder.grade", DAY, "--from", str(flat), "--shard", f"{i}/{n}",
           "--db-url", db_url, "--workdir", str(workdir)]
    return subprocess.Popen(cmd, cwd=ROOT, env=env(BACKPROP_COURSE_SECRET="one secret for the class"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def finish(p, timeout=600):
    out, _ = p.communicate(timeout=timeout)
    assert p.returncode == 0, out[-3000:]
    return out


def test_two_shards_into_postgresql_give_the_grades_of_one_process_and_survive_a_kill(
        tmp_path, monkeypatch, needs_sandbox):
    flat = class_folder(tmp_path / "class")
    monkeypatch.setenv("BACKPROP_COURSE_SECRET", "one secret for the class")
    grade(DAY, flat=flat, quiet=True, workdir=tmp_path / "one")
    alone = scores("sqlite:///" + str(tmp_path / "one" / "gradebook.db"))
    assert len(alone) == 8 and sum(alone["finished1"].values()) == 16 and sum(alone["untouched1"].values()) == 0
    assert 0 < sum(alone["half1"].values()) < 16 and 0 < sum(alone["broken1"].values()) < 16

    with postgres_kit.server() as url:
        # both shards at once, each on its own machine (workdir), one gradebook
        outs = [finish(p) for p in [shard(i, 2, flat, tmp_path / f"shard{i}", url) for i in (1, 2)]]
        assert scores(url) == alone, outs
        mine = [w for w in alone if in_shard(w, (2, 2))]
        assert 0 < len(mine) < 8
        # shard 2 again, killed once it has re-graded somebody: its rerun restores every grade
        p = shard(2, 2, flat, tmp_path / "shard2-again", url)
        deadline = time.time() + 300
        while not list((tmp_path / "shard2-again" / "autograded").glob(f"*/{DAY}/*.ipynb")):
            assert p.poll() is None and time.time() < deadline, "shard 2 ended before it could be killed"
            time.sleep(0.2)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        finish(shard(2, 2, flat, tmp_path / "shard2-rerun", url))
        assert scores(url) == alone
        export = (tmp_path / "shard2-rerun" / "grades.csv").read_text()
        assert all(f",{who}," in export for who in alone), export
