"""Day 5's exercise numbers, and its ``needs`` (``course.widgets.needs`` naming the exercise by number)."""
from course import widgets

__all__ = ["EXERCISES", "needs"]


# the exercise number of every name the Day 5 notebook asks for (names only, no answers),
# as its headings number them
EXERCISES = {
    "rnn_step_forward": 1, "rnn_step_backward": 1, "rnn_forward": 2, "rnn_backward": 2,
    "lstm_step_forward": 3, "lstm_step_backward": 3, "lstm_forward": 4, "lstm_backward": 4,
    "gru_step_forward": 5, "gru_step_backward": 5, "gru_forward": 6, "gru_backward": 6,
    "temporal_affine_forward": 7, "temporal_affine_backward": 7, "temporal_softmax_loss": 7,
    "clip_gradients": 8, "train_adding": 9,
}


needs = widgets.numbered_needs(EXERCISES, "Day 5")
