"""Day 3's figures and explorers: signals through depth, a training playground, overfitting and
its remedies, the digits classifier.

Every explorer here is built on a static plotting function (its *static
twin*) that the notebook also calls directly, so a headless run or an
exported page still shows the figure.  Nothing in this package answers an
exercise: each function takes the learner's own layers (``Dense``, ``ReLU``,
``Tanh``, ``Dropout``, ``Sequential`` ...), ``init_weights``, ``train``,
``shift_images`` or their results (histories, a confusion matrix) as arguments.

Module       static twins                                    explorers built on them
depth        draw_depth(Dense, activation_layer, init)       depth_explorer(Dense, activations, init_weights)
             draw_depth_grid(Dense, activations, inits)
             depth_table(...), print_depth_table(rows)
playground   draw_playground(layers, train, loss_fn, rule)   training_playground(layers, train, loss_fn, rule, points)
points                                                       point_drawer(classes): points clicked in, for points=
remedies     draw_learning_curves(history)
             draw_remedies(results), remedy_table(results), print_remedy_table(results)
digits       draw_confusion(C), draw_worst(X, y, probs), draw_augmented(X, shift_images)
exercises    EXERCISES, needs

``needs(what)`` wraps a notebook block that uses the learner's exercises: while
one of them still raises NotImplementedError, the block is skipped with a
one-line note naming the exercise to finish first.  The notebook uses the
names below as ``day3.<name>`` (``from course import day3``).
"""
from course.day3.depth import (INITS, DepthRow, depth_explorer, depth_table, draw_depth, draw_depth_grid,
                               layer_statistics, print_depth_table)
from course.day3.digits import draw_augmented, draw_confusion, draw_worst
from course.day3.exercises import EXERCISES, needs
from course.day3.playground import draw_playground, training_playground
from course.day3.playground_draw import draw_state
from course.day3.playground_state import DEFAULTS, PlaygroundState, build_model, make_data, run_playground
from course.day3.points import PointDrawer, point_drawer
from course.day3.remedies import (RemedyRow, best_epoch, draw_learning_curves, draw_remedies, print_remedy_table,
                                  remedy_table)

__all__ = ["INITS", "layer_statistics", "draw_depth", "draw_depth_grid", "DepthRow", "depth_table",
           "print_depth_table", "depth_explorer",
           "DEFAULTS", "make_data", "build_model", "PlaygroundState", "run_playground", "draw_state",
           "draw_playground", "training_playground", "PointDrawer", "point_drawer",
           "best_epoch", "draw_learning_curves", "RemedyRow", "remedy_table", "print_remedy_table", "draw_remedies",
           "draw_confusion", "draw_worst", "draw_augmented", "EXERCISES", "needs"]
