"""Start an IPython kernel for autograding inside the sandbox.

nbgrader starts kernels with the notebook's folder as working directory:
that folder (autograded/<participant>/<day>/) is the only writable place.
The Jupyter runtime folder is hidden but for this kernel's own connection
file, so a submission cannot read other kernels' keys and drive them.

    python -m autograder.kernel CONNECTION_FILE [kernel args...]
"""
import os
import sys

from autograder import sandbox


def main(argv):
    conn = os.path.abspath(argv[0])
    runtime = os.path.dirname(conn)
    # figures are not rendered to PNG while grading: the verdict does not look at
    # them, and rendering is most of a notebook's run time (the learner's own
    # notebook keeps its figures; the feedback shows "<Figure ...>")
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", conn,
           "--InlineBackend.figure_formats=set()", *argv[1:]]
    wrapped = sandbox.wrap(cmd, os.getcwd(), hide=[runtime], extra_ro=[conn])
    # one BLAS thread per kernel: the grader runs one kernel per core already
    env = dict(os.environ, IPYTHONDIR="/tmp/ipython", MPLCONFIGDIR="/tmp/mpl", MPLBACKEND="Agg",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    # the parent's PID means nothing in the sandbox's PID namespace: ipykernel would
    # take it for a dead parent and quit; bwrap --die-with-parent does that job
    env.pop("JPY_PARENT_PID", None)
    os.execvpe(wrapped[0], wrapped, env)


if __name__ == "__main__":
    main(sys.argv[1:])
