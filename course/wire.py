"""Plain-data transport between the sandboxed probe and the grader.

The probe (which runs participant code) writes what a case returned as a JSON
tree plus an ``.npz`` of arrays; the grader reads them back with
``allow_pickle=False``, so nothing the participant's code produced is ever
executed or unpickled by the process that reaches the verdict.
"""
import json
import math

import numpy as np

MAX_BYTES = 64 * 2**20  # a larger result is rejected, not read


def encode(value, arrays, depth=0):
    """value -> JSON-able tree; numeric arrays are appended to ``arrays``."""
    if depth > 20:
        return {"t": "obj", "v": "nesting deeper than 20 levels"}
    if value is None:
        return {"t": "none"}
    if isinstance(value, (bool, int, float, np.number, np.bool_)):
        v = float(value)
        return {"t": "num", "v": v if math.isfinite(v) else repr(v)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            return {"t": "obj", "v": f"array of dtype {value.dtype}"}
        arrays.append(value)
        return {"t": "arr", "k": f"a{len(arrays) - 1}"}
    if isinstance(value, (tuple, list)):
        return {"t": "seq", "v": [encode(v, arrays, depth + 1) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"t": "map", "v": {k: encode(v, arrays, depth + 1) for k, v in value.items()}}
    if isinstance(value, str):
        return {"t": "str", "v": value[:1000]}
    return {"t": "obj", "v": type(value).__name__}


def save(path, value):
    arrays = []
    tree = encode(value, arrays)
    np.savez(str(path) + ".npz", **{f"a{i}": a for i, a in enumerate(arrays)})
    with open(str(path) + ".json", "w") as f:
        json.dump(tree, f)


def decode(tree, arrays):
    t = tree["t"]
    if t == "none":
        return None
    if t == "num":
        return float(tree["v"])
    if t == "arr":
        return arrays[tree["k"]]
    if t == "seq":
        return tuple(decode(v, arrays) for v in tree["v"])
    if t == "map":
        return {k: decode(v, arrays) for k, v in tree["v"].items()}
    if t == "str":
        return str(tree["v"])
    return Unreadable(str(tree.get("v", "?")))


class Unreadable:
    """Stands for a returned object that is not plain data."""

    def __init__(self, what):
        self.what = what

    def __repr__(self):
        return f"<{self.what}>"


def load(path):
    """Read a saved result without unpickling anything."""
    import os
    size = sum(os.path.getsize(str(path) + ext) for ext in (".json", ".npz"))
    if size > MAX_BYTES:
        raise ValueError(f"result of {size / 2**20:.0f} MB is larger than {MAX_BYTES / 2**20:.0f} MB")
    with open(str(path) + ".json") as f:
        tree = json.load(f)
    with np.load(str(path) + ".npz", allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    return decode(tree, arrays)
