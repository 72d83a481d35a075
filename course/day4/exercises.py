"""Day 4's exercise numbers, and its ``needs`` (``course.widgets.needs`` naming the exercise by number)."""
from course import widgets

__all__ = ["EXERCISES", "needs"]


# the exercise number of every name the Day 4 notebook asks for (names only, no answers),
# as its headings number them
EXERCISES = {
    "receptive_field": 1, "conv_output_size": 2, "conv_forward_naive": 3, "conv_backward_naive": 3,
    "max_pool_forward": 4, "max_pool_backward": 4, "avg_pool_forward": 4, "avg_pool_backward": 4,
    "im2col": 5, "col2im": 5, "conv_forward_fast": 6, "conv_backward_fast": 6,
    "Conv2D": 7, "MaxPool2D": 7, "Flatten": 7, "train_cnn": 8,
}


needs = widgets.numbered_needs(EXERCISES, "Day 4")
