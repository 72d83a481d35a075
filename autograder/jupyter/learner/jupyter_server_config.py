"""Learner mode of `make lab` (`make lab-instructor` runs without this folder).

The Makefile puts this folder first on JUPYTER_CONFIG_PATH. Here:
- labconfig/page_config.json turns off nbgrader's instructor plugins in
  JupyterLab (menu, Formgrader, Create Assignment, Course List, Assignments);
  the Validate button stays;
- jupyter_server_config.d/nbgrader-learner.json turns off the matching server
  extensions (formgrader, course_list, assignment_list; their URLs answer 404);
  validate_assignment stays on, it serves the Validate button;
- this file keeps the answers out of the file browser.

hide_globs matches a file or folder *name* at any depth, and only in listings:
a path typed in (Open from Path, /api/contents/solutions/...) still opens.
The point is that the answers are not one click away, not that they are locked.
"""
c = get_config()  # noqa: F821  (injected by traitlets)

# extend jupyter_server's default (__pycache__, *.pyc, ...), do not replace it
c.ContentsManager.hide_globs.extend([
    "solutions",        # the nbgrader source notebooks: the answers
    "submitted",        # autograder/submitted: hand-ins (a class's, when graded here)
    "autograded",       # autograder/autograded: graded copies
    "gradebook.db",     # autograder/gradebook.db
    "grades.csv",       # autograder/grades.csv
])
