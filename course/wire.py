"""Plain-data transport between the sandboxed probe and the grader.

The probe (which runs participant code) writes what a case returned as a JSON
tree plus an ``.npz`` of arrays; the grader reads them back with
``allow_pickle=False``, so nothing the participant's code produced is ever
executed or unpickled by the process that reaches the verdict.  ``load``
treats both files as hostile: no links followed, sizes checked on the file
and on each array's header before anything is read.
"""
import json
import math
import os
import stat
import zipfile

import numpy as np

MAX_BYTES = 64 * 2**20  # a larger result is rejected, not read
MAX_JSON = 2**20


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


def open_regular(path, limit):
    """Open a file the sandbox wrote: never through a link, only a regular file, only up to limit bytes."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise ValueError("not a regular file")
    if st.st_size > limit:
        os.close(fd)
        raise ValueError(f"{st.st_size / 2**20:.0f} MB is more than the {limit / 2**20:.0f} MB allowed")
    return os.fdopen(fd, "rb")


def _keys(tree, out, depth=0):
    """The array keys a tree refers to (the only members of the .npz that are read)."""
    if depth > 25:
        raise ValueError("nesting too deep")
    if isinstance(tree, dict):
        if tree.get("t") == "arr":
            out.append(str(tree.get("k")))
        for v in tree.get("v", []) if isinstance(tree.get("v"), list) else \
                (tree["v"].values() if isinstance(tree.get("v"), dict) else []):
            _keys(v, out, depth + 1)
    return out


def _arrays(f, keys, max_bytes):
    """Read the named arrays of an .npz, each header checked before its data is read."""
    arrays, total = {}, 0
    with zipfile.ZipFile(f) as z:
        for k in keys:
            with z.open(f"{k}.npy") as m:
                version = np.lib.format.read_magic(m)
                shape, fortran, dtype = (np.lib.format.read_array_header_1_0(m) if version == (1, 0)
                                         else np.lib.format.read_array_header_2_0(m))
                if dtype.kind not in "biuf" or dtype.hasobject:
                    raise ValueError(f"an array of dtype {dtype}")
                total += math.prod(shape) * dtype.itemsize
                if total > max_bytes:
                    raise ValueError(f"arrays of more than {max_bytes / 2**20:.0f} MB")
        for k in keys:
            with z.open(f"{k}.npy") as m:
                arrays[k] = np.lib.format.read_array(m, allow_pickle=False)
    return arrays


def load(path, max_bytes=MAX_BYTES):
    """Read a saved result as plain data: nothing unpickled, nothing larger than max_bytes read."""
    with open_regular(str(path) + ".json", MAX_JSON) as f:
        tree = json.loads(f.read(MAX_JSON + 1))
    keys = _keys(tree, [])
    with open_regular(str(path) + ".npz", max_bytes + 2**20) as f:
        arrays = _arrays(f, keys, max_bytes)
    return decode(tree, arrays)
