"""Day 3's exercise numbers, and its ``needs`` (``course.widgets.needs`` naming the exercise by number)."""
from course import widgets

__all__ = ["EXERCISES", "needs"]


# the exercise number of every name the Day 3 notebook asks for (names only, no answers),
# as its headings number them (l2_penalty comes before train there)
EXERCISES = {
    "init_weights": 1, "Dense": 2, "ReLU": 2, "Tanh": 2, "Sequential": 3, "iterate_minibatches": 4,
    "l2_penalty": 5, "train": 6, "dropout_forward": 7, "dropout_backward": 7, "Dropout": 7,
    "EarlyStopping": 8, "batchnorm_forward": 9, "batchnorm_backward": 9, "BatchNorm": 9,
    "shift_images": 10, "confusion_matrix": 11, "train_digits": 12,
}


needs = widgets.numbered_needs(EXERCISES, "Day 3")
