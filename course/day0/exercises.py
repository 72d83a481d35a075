"""Day 0's exercise numbers, and its ``needs`` (``course.widgets.needs`` naming the exercise by number)."""
from course import widgets

__all__ = ["EXERCISES", "needs"]


# the exercise number of every name the readiness check asks for (names only, no answers),
# as its sections number them
EXERCISES = {
    "Line": 1, "pick": 2, "class_means": 2, "pairwise_sq_dists": 3, "nearest_centroid": 4,
    "chain_rule_grad": 5, "mse_grads": 5, "mean_var": 6, "standardize": 6,
    "train_test_split": 7, "accuracy_score": 7,
}


needs = widgets.numbered_needs(EXERCISES, "Day 0")
