"""pyproject.toml and environment.yml name the same packages (pip and conda paths agree)."""
import re
import tomllib

from autograder.nbg import ROOT

CONDA_ONLY = {"python", "pip"}
# conda-forge ships the compiled psycopg2; pip needs the -binary wheel to avoid building against libpq
PIP_TO_CONDA = {"psycopg2-binary": "psycopg2"}


def names(specs):
    return {re.split(r"[<>=!~\[ ]", s.strip(), maxsplit=1)[0].lower() for s in specs}


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip = names(project["dependencies"]) | names(project["optional-dependencies"]["test"])
    pip = {PIP_TO_CONDA.get(n, n) for n in pip}
    text = (ROOT / "environment.yml").read_text()
    deps = text.split("dependencies:", 1)[1]
    conda = names(m.group(1) for m in re.finditer(r"^\s{2}- ([A-Za-z0-9_.-][^:\n]*)$", deps, re.M))
    assert conda - CONDA_ONLY == pip, f"only in pip: {pip - conda}; only in conda: {conda - CONDA_ONLY - pip}"
    assert "- python=3.11" in (ROOT / "environment.yml").read_text()


def test_readme_has_exactly_two_setup_commands_and_ci_runs_one():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Set up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [ln.split("#")[0].strip() for ln in block.strip().splitlines()]
    assert commands == ["make lab", "make test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "\nmake test\n" in ci
