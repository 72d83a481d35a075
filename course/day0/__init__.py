"""Day 0, the readiness check: its figures, its explorer, the loop it asks to vectorise.

Every figure here is a plain plotting function that takes the learner's own
functions or objects (``Line``, ``pairwise_sq_dists``, ``chain_rule_grad``,
``nearest_centroid`` ...) and calls them: nothing in this package answers an
exercise.  The one explorer, ``tangent_explorer``, is built on its static
twin ``plot_tangent`` and follows the learner's functions by name.

Module     contents
figures    plot_line, plot_class_means, plot_distances, plot_tangent, plot_tangents,
           tangent_explorer, plot_descent, plot_standardized, plot_regions
loops      nearest_centroid_loop: the given loop of exercise 4 (its task shows the source)
cases      value_error, names_the_argument: the hidden checks of a ValueError that names its argument
exercises  EXERCISES, needs

``needs(what)`` wraps a notebook block that uses the learner's exercises: while
one of them still raises NotImplementedError, the block is skipped with a
one-line note naming the exercise to finish first.  The notebook uses the
names below as ``day0.<name>`` (``from course import day0``).
"""
from course.day0.exercises import EXERCISES, needs
from course.day0.figures import (plot_class_means, plot_descent, plot_distances, plot_line, plot_regions,
                                 plot_standardized, plot_tangent, plot_tangents, tangent_explorer)
from course.day0.loops import nearest_centroid_loop

__all__ = ["EXERCISES", "needs", "nearest_centroid_loop",
           "plot_line", "plot_class_means", "plot_distances", "plot_tangent", "plot_tangents", "tangent_explorer",
           "plot_descent", "plot_standardized", "plot_regions"]
