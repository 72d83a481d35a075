"""course.setup(), the first line of every day's setup cell."""
import subprocess
import sys


def test_setup_caps_blas_at_one_thread_and_can_be_told_otherwise():
    # in a fresh process: the cap is process-wide and must not leak into other tests
    code = ("import course, threadpoolctl\n"
            "course.setup()\n"
            "print(max(i['num_threads'] for i in threadpoolctl.threadpool_info()))\n"
            "course.setup(threads=2)\n"
            "print(max(i['num_threads'] for i in threadpoolctl.threadpool_info()))\n")
    out = subprocess.run([sys.executable, "-c", "import numpy\n" + code], capture_output=True, text=True, check=True)
    first, second = out.stdout.split()
    assert first == "1", out.stdout
    assert second in ("1", "2"), out.stdout   # a one-core machine has only one thread to give
