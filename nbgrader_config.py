"""nbgrader configuration: solutions/ is the source, the repository root the release.

Grading-only settings (the sandboxed kernel, timeouts) live in
autograder/grading_config.py, which autograder/grade.py loads on top of this.
"""
import os

ROOT = os.path.dirname(os.path.abspath(__file__))

c = get_config()  # noqa: F821  (injected by nbgrader)

c.CourseDirectory.root = ROOT
c.CourseDirectory.course_id = "backprop-workbook"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "."
c.CourseDirectory.submitted_directory = "autograder/submitted"
c.CourseDirectory.autograded_directory = "autograder/autograded"
c.CourseDirectory.feedback_directory = "autograder/feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "autograder", "gradebook.db")
# Only notebooks travel: instructor notes (*.md) stay in solutions/, and a
# numpy.py handed in beside a notebook is not copied next to it to shadow
# numpy.  (nbgrader 0.9.6 honours `ignore` when copying; `include` alone
# does not stop a file.)  Through the exchange, `collect` keeps when a notebook was handed in and the
# secret that names its feedback for `release_feedback`.
c.CourseDirectory.include = ["*.ipynb", "timestamp.txt", "submission_secret.txt"]
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.py", "*.md"]

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
# A deleted test cell comes back (and scores from the grader's verdict).
c.OverwriteCells.add_missing_cells = True
c.Execute.timeout = 60
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 60
