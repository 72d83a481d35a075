"""Day 1's figures and explorers: activations, one neuron, forward passes, the perceptron, XOR.

Every explorer here is built on a plain plotting function, its *static twin*,
which the notebook also calls directly so that a headless or exported
notebook still shows the figure.  The explorers take the learner's own
functions as arguments (``sigmoid``, ``mlp_forward``, ``perceptron_train``
...): nothing in this package answers an exercise.

Module        static twins                         explorers built on them
activations   plot_activation(f, df, ...)          activation_explorer(functions)
              plot_activations(functions, ...)
neurons       network_diagram(sizes, ...)          -
              plot_neuron(X, y, w1, w2, b, ...)    neuron_playground(datasets, activation)
              plot_xor_network(forward, ...)       xor_playground(forward, X, y)
pretrained    plot_pretrained(forward, ...)        pretrained_explorer(forward)
perceptron    plot_perceptron(train, X, y, ...)    perceptron_explorer(train, datasets)

``pretrained(name)`` returns the fixed weights of a small moons or circles
classifier for the day's practical.  The notebook uses the names below as
``day1.<name>`` (``from course import day1``).

The explorers follow the learner's functions by name (``@follows``): after
a function is rewritten and its cell run, the next redraw uses the new one.
While one of them is still the released stub, an explorer shows "not
finished yet: <function> raises NotImplementedError" instead of a traceback.
The static twins let the error through (the notebook cells that call them
use ``course.widgets.needs``, which names the exercise to finish first).
"""
from course.day1.activations import activation_explorer, plot_activation, plot_activations
from course.day1.neurons import (XOR_CORNERS, network_diagram, neuron_playground, plot_neuron, plot_xor_network,
                                 xor_params, xor_playground, xor_weights)
from course.day1.perceptron import perceptron_explorer, perceptron_history, plot_perceptron
from course.day1.pretrained import plot_pretrained, pretrained, pretrained_explorer

__all__ = ["network_diagram", "plot_activation", "plot_activations", "activation_explorer",
           "plot_neuron", "neuron_playground", "XOR_CORNERS", "xor_params", "xor_weights", "plot_xor_network",
           "xor_playground", "pretrained", "plot_pretrained", "pretrained_explorer",
           "perceptron_history", "plot_perceptron", "perceptron_explorer"]
