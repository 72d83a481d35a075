"""The parts of a course notebook the grader needs, found by nbgrader metadata."""
import json

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def read(path):
    """Load a notebook as a dict; ValueError with a readable reason if it is not one."""
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise ValueError(f"not a readable notebook ({type(e).__name__}: {str(e)[:120]})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("not a notebook: no list of cells")
    for i, c in enumerate(nb["cells"], 1):
        problem = _cell_problem(c)
        if problem:
            raise ValueError(f"not a notebook: cell {i} {problem}")
    return nb


def _cell_problem(c):
    """What makes a cell unusable, or None: everything in a submission is checked before use."""
    if not isinstance(c, dict):
        return "is not an object"
    if not isinstance(c.get("cell_type"), str):
        return "has no cell_type"
    src = c.get("source", "")
    if not (isinstance(src, str) or (isinstance(src, list) and all(isinstance(x, str) for x in src))):
        return "has a source that is not text"
    m = c.get("metadata", {})
    if not isinstance(m, dict) or not isinstance(m.get("nbgrader", {}), dict) \
            or not isinstance(m.get("tags", []), list):
        return "has malformed metadata"
    g = m.get("nbgrader", {})
    if not isinstance(g.get("grade_id", ""), str) or not isinstance(g.get("points", 0), (int, float)):
        return "has malformed nbgrader metadata"
    return None


def source(cell):
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else str(s)


def meta(cell):
    m = cell.get("metadata", {})
    return m.get("nbgrader", {}) if isinstance(m, dict) else {}


def is_answer(cell):
    m = meta(cell)
    return cell.get("cell_type") == "code" and m.get("solution") and not m.get("grade")


def is_test(cell):
    m = meta(cell)
    return cell.get("cell_type") == "code" and m.get("grade") and not m.get("solution")


def setup_cell(nb):
    """The (locked) cell tagged 'setup': imports and the seed, shared by every process."""
    for c in nb["cells"]:
        if "setup" in c.get("metadata", {}).get("tags", []):
            return source(c)
    raise ValueError("the source notebook has no cell tagged 'setup'")


def answers(nb):
    """grade_id -> source of every answer cell, in notebook order."""
    return {meta(c).get("grade_id", f"cell{i}"): source(c)
            for i, c in enumerate(nb["cells"]) if is_answer(c)}


def hidden_section(text):
    if BEGIN not in text:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0]


def steps(nb):
    """("answer", grade_id) and ("test", grade_id) in notebook order: what nbgrader would run, and when."""
    out = []
    for i, c in enumerate(nb["cells"]):
        if is_answer(c):
            out.append(("answer", meta(c).get("grade_id", f"cell{i}")))
        elif is_test(c):
            out.append(("test", meta(c)["grade_id"]))
    return out


def tests(nb):
    """grade_id -> (points, hidden section) of every test cell."""
    out = {}
    for c in nb["cells"]:
        if is_test(c):
            m = meta(c)
            out[m["grade_id"]] = (float(m.get("points", 0)), hidden_section(source(c)))
    return out


def touched(nb):
    """{test grade_id: whether any answer cell since the previous test cell differs from the release}.

    nbgrader stores each released answer cell's checksum in its metadata.
    """
    import nbformat
    from nbgrader.utils import compute_checksum
    out, changed = {}, False
    for c in nb["cells"]:
        if is_answer(c):
            stored = meta(c).get("checksum")
            try:
                changed |= stored is None or compute_checksum(nbformat.from_dict({**c, "source": source(c)})) != stored
            except Exception:  # metadata nbgrader cannot read: count the cell as written
                changed = True
        elif is_test(c):
            out[meta(c)["grade_id"]], changed = changed, False
    return out
