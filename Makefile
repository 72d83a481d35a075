# The two set-up commands of the README are `make lab` and `make test`;
# everything else here is for instructors and developers.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(abspath $(VENV))/bin
# nbgrader calls `alembic` by name: the venv's bin must come first on PATH
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
JOBS ?= 2
DAY ?= day1
LAB_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: install lab lab-instructor test test-fast release grade check progress bench clean site site-instructor pdf slides \
	classroom classroom-accounts classroom-stop classroom-status

APT_PACKAGES := bubblewrap chromium libjs-mathjax poppler-utils postgresql nodejs acl
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

$(VENV)/.installed: pyproject.toml
	@# Debian/Ubuntu packages (elsewhere: a note, and the tests that need one skip with its name):
	@# bubblewrap sandboxes submissions while grading; chromium drives the browser tests and prints
	@# the PDFs; libjs-mathjax renders equations in the offline site; poppler-utils joins PDFs;
	@# postgresql holds the class gradebook that sharded graders share (tests/test_shards.py); nodejs (npm)
	@# installs the classroom hub's proxy and acl lets feedback be read by its participant only (classroom/)
	@missing="$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
	  $(SUDO) apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $$missing >/dev/null; } || \
	  echo "note: could not install $$missing"; \
	fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

OPEN ?= home.ipynb

LAB = $(BIN)/jupyter lab $(LAB_ARGS) --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/$(OPEN)

lab: install                   ## install, then open JupyterLab on the course home, learner mode (no nbgrader instructor panels, no solutions/)
	JUPYTER_CONFIG_PATH="$(CURDIR)/autograder/jupyter/learner$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" $(LAB)

lab-instructor: install        ## the same JupyterLab with everything: nbgrader's panels (Formgrader, ...) and solutions/
	$(LAB)

test: install                  ## install, then run the whole suite (2 workers)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

test-fast: install             ## the unit tests only (seconds)
	$(BIN)/python -m pytest -m "not slow"

release: install               ## regenerate day0/ ... day5/ from solutions/, and the course home (home.ipynb)
	$(BIN)/python -m autograder.release
	$(BIN)/python -m publish.home

site: install                  ## the offline site of all days, learner build (no solutions): open site/index.html
	$(BIN)/python -m publish.site

site-instructor: install       ## the same site with solutions, hidden checks and instructor notes: build/site-instructor/
	$(BIN)/python -m publish.site --instructor

pdf: install                   ## A4 handouts, one per day and one for the course: build/handouts/*.pdf
	$(BIN)/python -m publish.pdf

slides: install                ## a deck per day from the cells tagged "slide": build/slides/dayN.html
	$(BIN)/python -m publish.slides

# seconds of participant code per submission and run (kernel, checks): set it for your course here
BUDGET ?= 180

grade: install                 ## grade a class: make grade DAY=day1 [FROM=folder] [BUDGET=seconds]
	$(BIN)/python -m autograder.grade $(DAY) $(if $(FROM),--from $(FROM),) --budget $(BUDGET)

# the course folder whose day folders `make progress` reads (your own copies of the notebooks)
ROOT_DIR ?= $(CURDIR)

progress: install              ## your progress: every day's exercises passed / failing (with the hint) / not started, and what to do next
	$(BIN)/python -m autograder.progress --root $(ROOT_DIR)

check: install                 ## self-check a notebook: make check NB=day1/forward.ipynb (exit 0 when it could grade)
	$(BIN)/python -m autograder.selfcheck $(NB)

bench: install                 ## per day: run and autograde times, figures reached; explorer redraws; a class of 30
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.explorers
	$(BIN)/python -m benchmarks.day3
	$(BIN)/python -m benchmarks.day4
	$(BIN)/python -m benchmarks.day5
	$(BIN)/python -m benchmarks.class_grading day1
	$(BIN)/python -m benchmarks.progress

# the classroom hub (Linux, as root): see classroom/README.md
ROSTER ?= classroom/roster.example.csv
PORT ?= 8000
IP ?= 127.0.0.1
CLASSROOM = $(BIN)/python -m classroom

classroom-accounts: install    ## create the roster's Unix accounts: make classroom-accounts ROSTER=roster.csv (passwords: /srv/backprop-classroom/hub/passwords.csv)
	$(CLASSROOM) accounts $(ROSTER)

classroom: install             ## start the classroom hub: make classroom ROSTER=roster.csv [IP=0.0.0.0 PORT=8000]
	$(CLASSROOM) start --roster $(ROSTER) --ip $(IP) --port $(PORT)

classroom-stop: install        ## stop the hub and everything it started
	$(CLASSROOM) stop

classroom-status: install      ## whether the hub runs, and each member's server
	$(CLASSROOM) status

clean:
	rm -rf autograder/{submitted,autograded,feedback,reports,gradebook.db,grades.csv} site build
