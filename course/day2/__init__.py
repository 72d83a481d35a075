"""Day 2's figures and explorers: computational graphs, numerical derivatives, optimiser races,
learning rates, gradients through depth.

Every explorer here is built on a static plotting function (its *static
twin*) that the notebook also calls directly, so a headless run or an
exported page still shows the figure.  Nothing in this package answers an
exercise: each function takes the learner's own ``Value`` class, update
rules, ``gradient_descent``, ``two_layer_net`` or ``mlp_loss_and_grads`` as
arguments.

Module      static twins                              explorers built on them
graph       draw_graph(root)                          graph_explorer(Value)   (via draw_neuron)
            draw_neuron(Value, ...)
numerical   draw_h_error(numerical_gradient)
descent     draw_race(surface, rules, descent, ...)   race_explorer(rules, descent)
            draw_bias_correction(beta1, beta2)
            draw_schedules(schedules, total)
training    draw_lr(net, rule, X, y, lr, ...)         lr_explorer(net, rules, X, y)
depth       draw_gradient_norms(loss_and_grads, ...)  gradient_norm_explorer(loss_and_grads)
exercises   EXERCISES, needs

``needs(what)`` wraps a notebook block that uses the learner's exercises: while
one of them still raises NotImplementedError, the block is skipped with a
one-line note naming the exercise to finish first.  The notebook uses the
names below as ``day2.<name>`` (``from course import day2``).
"""
from course.day2.depth import INITS, deep_params, draw_gradient_norms, gradient_norm_explorer, gradient_norms
from course.day2.descent import (ADAPTIVE, MOMENTUM, SURFACES, Surface, draw_bias_correction, draw_race,
                                 draw_schedules, race_explorer)
from course.day2.exercises import EXERCISES, needs
from course.day2.graph import draw_graph, draw_neuron, graph_explorer, graph_nodes
from course.day2.numerical import draw_h_error
from course.day2.training import draw_lr, lr_explorer, train_two_layer

__all__ = ["graph_nodes", "draw_graph", "draw_neuron", "graph_explorer",
           "Surface", "SURFACES", "ADAPTIVE", "MOMENTUM", "draw_race", "race_explorer",
           "train_two_layer", "draw_lr", "lr_explorer",
           "draw_h_error", "draw_bias_correction", "draw_schedules", "EXERCISES", "needs",
           "INITS", "deep_params", "gradient_norms", "draw_gradient_norms", "gradient_norm_explorer"]
