"""Day 2's exercise numbers, and its ``needs`` (``course.widgets.needs`` naming the exercise by number)."""
from course import widgets

__all__ = ["EXERCISES", "needs"]


# the exercise number of every name the Day 2 notebook asks for (names only, no answers)
EXERCISES = {
    "Value": 1, "numerical_gradient": 2, "affine_forward": 3, "affine_backward": 3,
    "softmax_ce_steps": "5a", "softmax_ce_backward_steps": "5a", "relu_forward": 4, "relu_backward": 4, "sigmoid_forward": 4, "sigmoid_backward": 4,
    "tanh_forward": 4, "tanh_backward": 4, "softmax_cross_entropy": 5, "mse_loss": 6,
    "two_layer_net": 7, "mlp_loss_and_grads": "7b", "sgd": 8, "sgd_momentum": 8, "nesterov_momentum": 8,
    "adagrad": 9, "rmsprop": 9, "adam": 9, "gradient_descent": 10,
    "step_decay": 11, "cosine_decay": 11, "mlp_predict": 12, "split_validation": 12, "train_classifier": 12, "fixed_net": 13,
}


needs = widgets.numbered_needs(EXERCISES, "Day 2")
