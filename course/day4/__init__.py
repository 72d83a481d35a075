"""Day 4's figures and explorers: convolution and pooling step by step, why convolutions (parameter
counts, receptive fields), what a trained network's filters and feature maps look like, and the
trained models compared.

Every explorer here is built on a static plotting function (its *static
twin*) that the notebook also calls directly, so a headless run or an
exported page still shows the figure.  Nothing in this package answers an
exercise: each function takes the learner's own ``conv_forward``,
``max_pool_forward``, ``avg_pool_forward``, ``receptive_field`` or trained
model as an argument and calls it.

Module       static twins                                         explorers built on them
convolution  draw_convolution(conv_forward, image, kernel,        convolution_explorer(conv_forward)
                              stride, pad, step)
             parse_kernel(text), IMAGES, KERNELS
pooling      draw_pooling(max_pool_forward, avg_pool_forward,     pooling_explorer(max_pool_forward,
                          image, mode, pool, stride, step)                         avg_pool_forward)
foundations  parameter_counts(H, W, C, F, k), print_parameter_counts(rows)
             draw_parameter_counts(sizes)
             draw_receptive_fields(receptive_field, stacks)
features     draw_filters(W), layer_outputs(model, x)             feature_map_viewer(model, X, y)
             draw_feature_maps(model, x, layer)
compare      ModelRow, count_params(model), comparison_table(rows), show_comparison(rows), draw_comparison(rows)
tiling       tiles, positions, tiling_message: when a window tiles an input (shared by the figures)
exercises    EXERCISES, needs

``needs(what)`` wraps a notebook block that uses the learner's exercises: while
one of them still raises NotImplementedError, the block is skipped with a
one-line note naming the exercise to finish first.  The notebook uses the
names below as ``day4.<name>`` (``from course import day4``).
"""
from course.day4.compare import ModelRow, comparison_table, count_params, draw_comparison, show_comparison
from course.day4.convolution import (IMAGES, KERNELS, TYPED, as_image, as_kernel, convolution_explorer,
                                     draw_convolution, parse_kernel)
from course.day4.exercises import EXERCISES, needs
from course.day4.features import draw_feature_maps, draw_filters, feature_map_viewer, layer_choices, layer_outputs
from course.day4.foundations import (ParameterRow, draw_parameter_counts, draw_receptive_fields, parameter_counts,
                                     print_parameter_counts)
from course.day4.pooling import MODES, draw_pooling, pooling_explorer
from course.day4.tiling import positions, tiles, tiling_message

__all__ = ["IMAGES", "KERNELS", "TYPED", "parse_kernel", "as_image", "as_kernel", "draw_convolution",
           "convolution_explorer",
           "MODES", "draw_pooling", "pooling_explorer",
           "tiles", "positions", "tiling_message",
           "ParameterRow", "parameter_counts", "print_parameter_counts", "draw_parameter_counts",
           "draw_receptive_fields",
           "draw_filters", "layer_outputs", "layer_choices", "draw_feature_maps", "feature_map_viewer",
           "ModelRow", "count_params", "comparison_table", "show_comparison", "draw_comparison",
           "EXERCISES", "needs"]
