"""Would the hidden checks catch a small error?  Mutation testing of a day's tests.

For every function defined in an answer cell of the solution, build a
mutant whose results are off by 0.1 % (every float or int returned is scaled
by 1.001) and grade it: the test cell that follows the answer cell must lose
points (all of them, or those of the function's part when the cell is split
into parts).  Classes (Day 3 on) are mutated method by method: what a
public method returns (``Dense.forward``), the gradients a backward leaves
in ``self.grads`` (``Dense.backward[grads]``), and the parameters a method
writes back into its ``model`` argument (``EarlyStopping.restore[params]``).

    python -m autograder.mutants day1
"""
import ast
import copy
import json
import sys
import tempfile

from autograder import nbparts
from autograder.nbg import source_notebook
from autograder.verdict import Reference, judge

SCALE = 1.001

# answers that are right for many values: scaling them by 1.001 keeps them right
NOT_UNIQUE = {
    "xor_network": "any weights that compute XOR are right, and 1.001 times them still do",
    "perceptron_train": "any separating line is right; a scaled (w, b) is the same line",
    "softmax_ce_steps": "given code (the loss in steps), not an answer: the hidden checks build their own cache",
    "mlp_predict": "given code (predictions with the learner's layers), not an answer; it returns integer classes",
    "train_classifier": "any network that reaches the held-out accuracy is right, and 1.001 times its weights still is",
    "train_digits": "any network that reaches the held-out accuracy is right, and 1.001 times its weights still is",
    "day3:softmax_cross_entropy": "given code (Day 2's answer, reused by the training loop), not an answer of this day",
    "day3:sgd": "given code (Day 2's update rule), not an answer of this day",
    "day3:sgd_momentum": "given code (Day 2's update rule), not an answer of this day",
    "day3:adam": "given code (Day 2's update rule), not an answer of this day",
    "day4:init_weights": "given code (Day 3's answer, used by the given Dense), not an answer of this day",
    "day4:softmax_cross_entropy": "given code (Day 2's answer, reused by the training loop), not an answer of this day",
    "day4:evaluate": "given code (Day 3's), not an answer of this day",
    "day4:train": "given code (Day 3's training loop), not an answer of this day",
    "day5:step_shapes": "given code (the shape check): its sizes only feed the learner's own code",
    "day5:Recurrent": "given code (the layer around the learner's sequence functions), not an answer",
    "day5:LastStep": "given code (a layer that picks the last step), not an answer",
    "day5:init_weights": "given code (Day 3's answer, used by the given Dense), not an answer of this day",
    "day5:Dense": "given code (Day 3's layer), not an answer of this day",
    "day5:TemporalDense": "given code (the layer around the learner's temporal_affine), not an answer",
    "day5:Sequential": "given code (Day 3's container), not an answer of this day",
    "day5:mse": "given code (the loss of the adding problem), not an answer",
    "day5:train_steps": "given code (the training loop), not an answer",
    "train_adding": "any network that reaches the held-out MSE is right, and 1.001 times its weights still is",
    "train_cnn": "any network that reaches the held-out accuracy is right, and 1.001 times its weights still is",
    "Sigmoid.forward": "given code (Day 2's logistic layer as an object), not an answer",
    "Sigmoid.backward": "given code (Day 2's logistic layer as an object), not an answer",
    "EarlyStopping.step": "it returns a bool, which scaling leaves unchanged; its hidden cases check the call at which it stops",
}

# wraps fn so that every float (or int) it returns, however nested, is replaced by an expression of v
WRAP = '''
def __perturb(v):
    import types as _types
    import numpy as _np
    if isinstance(v, _np.ndarray) and v.dtype.kind == "f":
        return {array}
    if isinstance(v, _np.ndarray) and v.dtype.kind in "iu":
        v = v.astype(float)  # counts (a confusion matrix) are results too
        return {array}
    if isinstance(v, _types.GeneratorType):  # a generator's items (mini-batches)
        return (__perturb(x) for x in v)
    if isinstance(v, (float, _np.floating)):
        return {scalar}
    if isinstance(v, (int, _np.integer)) and not isinstance(v, (bool, _np.bool_)):
        v = float(v)  # a count (Day 1's parameter_count) is a result too
        return {scalar}
    if isinstance(v, tuple):
        return tuple(__perturb(x) for x in v)
    if isinstance(v, list):
        return [__perturb(x) for x in v]
    if isinstance(v, dict):
        return {{k: __perturb(x) for k, x in v.items()}}
    return v
__original_{name} = {name}
def {name}(*args, **kwargs):
    return __perturb(__original_{name}(*args, **kwargs))
'''


# the same for a method: what it returns, or what it leaves in self.grads or in its model's params
WRAP_METHOD = WRAP.split("__original_")[0] + '''
def __mutate_{flat}():
    original = {cls}.{method}
    def {method}(self, *args, **kwargs):
        out = original(self, *args, **kwargs)
        if "{what}" == "grads":
            for k in list(self.grads):
                self.grads[k] = __perturb(self.grads[k])
            return out
        if "{what}" == "params":
            model = args[0] if args else kwargs["model"]
            for w in model.params.values():
                w[...] = __perturb(w)
            return out
        return __perturb(out)
    {cls}.{method} = {method}
__mutate_{flat}()
'''


def not_unique(day, fn):
    """Why fn's mutant may keep its points on that day (None: it must lose them).

    A key "dayN:name" holds for that day only: Day 2's rules are answers on Day 2
    and given code on Day 3.  A key "dayN:Class" holds for every method of a
    given class.
    """
    given_class = fn.split(".")[0] if "." in fn else None   # "day5:Dense" covers Dense.forward, Dense.backward[grads], ...
    return (NOT_UNIQUE.get(f"{day}:{fn}") or NOT_UNIQUE.get(fn)
            or (given_class and NOT_UNIQUE.get(f"{day}:{given_class}")))


def wrapper(fn, array=f"v * {SCALE}", scalar=f"v * {SCALE}"):
    """Code that redefines fn to return its floats changed (by default, off by 0.1 %).

    fn: a function's name, or "Class.method" (its return value), "Class.method[grads]"
    or "Class.method[params]" (see the module's docstring).
    """
    if "." not in fn:
        return WRAP.format(name=fn, array=array, scalar=scalar)
    target, _, what = fn.partition("[")
    cls, method = target.split(".")
    return WRAP_METHOD.format(cls=cls, method=method, flat=f"{cls}_{method}_{what.rstrip(']') or 'return'}",
                              what=what.rstrip("]") or "return", array=array, scalar=scalar)


def _methods(cls):
    """What to mutate in a class of an answer cell: its public methods, and what they write.

    Only the course's layer objects and what works on a model (Day 3 on); Day 2's Value
    returns graph nodes, which scaling would not change.
    """
    source = ast.unparse(cls)
    if "params" not in source and "model" not in source:
        return []
    out = []
    for n in cls.body:
        if not isinstance(n, ast.FunctionDef) or n.name.startswith("_") or n.decorator_list:
            continue
        name = f"{cls.name}.{n.name}"
        args = [a.arg for a in n.args.args]
        if "model" in args and any(isinstance(t, ast.Subscript) for t in ast.walk(n)):
            out.append(name + "[params]")  # it writes into model.params (EarlyStopping.restore)
            continue
        out.append(name)
        if n.name == "backward" and "self.grads" in ast.unparse(n):
            out.append(name + "[grads]")
    return out


def functions(nb):
    """(answer grade_id, function name, test grade_id that follows) for every top-level def and class method."""
    out, pending = [], []
    for c in nb["cells"]:
        if nbparts.is_answer(c):
            tree = ast.parse(nbparts.source(c))
            for n in tree.body:
                if isinstance(n, ast.FunctionDef) and not n.name.startswith("_"):
                    pending.append((nbparts.meta(c)["grade_id"], n.name))
                elif isinstance(n, ast.ClassDef) and not n.name.startswith("_"):
                    pending += [(nbparts.meta(c)["grade_id"], m) for m in _methods(n)]
        elif nbparts.is_test(c) and pending:
            out += [(cell, fn, nbparts.meta(c)["grade_id"]) for cell, fn in pending]
            pending = []
    return out


def mutant(nb, cell_id, fn):
    nb = copy.deepcopy(nb)
    for c in nb["cells"]:
        if nbparts.is_answer(c) and nbparts.meta(c)["grade_id"] == cell_id:
            c["source"] = nbparts.source(c) + "\n" + wrapper(fn)
    return nb


def only(reference, test_id):
    """The reference reduced to one test cell's cases (its answers all stay).

    A mutant is judged on the test cell after its answer only: the other cells'
    cases (Day 4's CNN trains for seconds) would not change that verdict.
    """
    r = copy.copy(reference)
    r.tests, r.cases, r.parts = ({test_id: d[test_id]} for d in (reference.tests, reference.cases, reference.parts))
    r.steps = [(kind, g) for kind, g in reference.steps if kind == "answer" or g == test_id]
    return r


def survives(day, cell_id, fn, test_id, reference=None):
    """True if the mutant keeps all its points on test_id (the tests missed the error)."""
    reference = only(reference or Reference(source_notebook(day)), test_id)
    nb = nbparts.read(source_notebook(day))
    with tempfile.NamedTemporaryFile("w", suffix=".ipynb", delete=False) as f:
        json.dump(mutant(nb, cell_id, fn), f)
    verdicts, _ = judge(reference, f.name, "mutants", "mutant", day)
    return verdicts[test_id].score >= verdicts[test_id].points


def main(day):
    ref = Reference(source_notebook(day))
    nb = nbparts.read(source_notebook(day))
    bad = 0
    for cell_id, fn, test_id in functions(nb):
        alive = survives(day, cell_id, fn, test_id, ref)
        if alive and not_unique(day, fn):
            print(f"survived {fn:<28} as it may: {not_unique(day, fn)}")
            continue
        bad += alive
        print(f"{'SURVIVED' if alive else 'caught  '} {fn:<28} ({cell_id} -> {test_id})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1])
