"""Helpers for the backpropagation workbook: checks, data, plots, widgets.

Nothing in this package answers an exercise: explorers take the learner's
own functions as arguments.
"""
import os

__version__ = "0.1.0"


def grading():
    """True while nbgrader autogrades or validates: notebooks shorten training then."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))
