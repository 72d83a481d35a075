"""Day 5's figures and explorers: a recurrent network unrolled, gradients against the time lag,
what trained models remember, their gates at work, a character language model's samples, and the
models evaluated side by side.

Every explorer here is built on a static plotting function (its *static twin*) that the notebook
also calls directly, so a headless run or an exported page still shows the figure.  Nothing in this
package answers an exercise: each function takes the learner's own ``rnn_forward``/``rnn_backward``
or a model built from the notebook's layers (which call the learner's functions) and calls it.  The
gates are read through the learner's own step functions, with the other gates saturated.

Module       static twins                                          explorers built on them
foundations  draw_unrolled(T), gradient_by_lag(rnn_forward,         vanishing_explorer(rnn_forward, rnn_backward)
             rnn_backward, scale), draw_gradient_by_lag(...)
memory       input_gradients(model, x), draw_memory(models, x)     memory_explorer(models, X)
gate_reading read_gates(model, x): the gates, read through the learner's step function
gates        draw_gates(gates, x, t), draw_model_gates(model, x, t), gate_inspector(models, X)
             parse_sequence(text)
language     CharVocab(text), lm_data(T), perplexity(loss, T),     sampling_explorer(model, vocab)
             next_char_probs, sample, show_samples, draw_next_char, draw_sampling
evaluate     ModelRow, count_params, show_table(rows), draw_comparison(rows),
             draw_curves(histories, baseline), draw_grad_norms(histories, clip)
cases        the inputs and scenarios of the hidden tests
exercises    EXERCISES, needs

``needs(what)`` wraps a notebook block that uses the learner's exercises: while one of them still
raises NotImplementedError, the block is skipped with a one-line note naming the exercise to finish
first.  The notebook uses the names below as ``day5.<name>`` (``from course import day5``).
"""
from course.day5.evaluate import ModelRow, count_params, draw_comparison, draw_curves, draw_grad_norms, show_table, table
from course.day5.exercises import EXERCISES, needs
from course.day5.foundations import SCALES, draw_gradient_by_lag, draw_unrolled, gradient_by_lag, vanishing_explorer
from course.day5.gates import draw_gates, draw_model_gates, gate_inspector, parse_sequence, read_gates
from course.day5.language import (CharVocab, char_windows, draw_next_char, draw_sampling, lm_data, next_char_probs,
                                  perplexity, sample, sampling_explorer, show_samples)
from course.day5.memory import draw_memory, input_gradients, memory_explorer

__all__ = ["draw_unrolled", "SCALES", "gradient_by_lag", "draw_gradient_by_lag", "vanishing_explorer",
           "input_gradients", "draw_memory", "memory_explorer",
           "read_gates", "draw_gates", "draw_model_gates", "parse_sequence", "gate_inspector",
           "CharVocab", "char_windows", "lm_data", "perplexity", "next_char_probs", "sample", "show_samples",
           "draw_next_char", "draw_sampling", "sampling_explorer",
           "ModelRow", "count_params", "table", "show_table", "draw_comparison", "draw_curves", "draw_grad_norms",
           "EXERCISES", "needs"]
