"""What the feedback keeps of a graded notebook's outputs: text within a cap, and the learner's figures.

The outputs come from the participant's kernel, so nothing in them is
trusted: a cell's text is cut at MAX_OUTPUT_CHARS; a figure is kept only as
a PNG (base64 that starts with the PNG signature) of at most MAX_FIGURE_CHARS,
with its text form cut short, while the notebook's figures together stay
under MAX_FIGURES_CHARS.  A figure left out says so in one line.
"""
import base64
import binascii
import json

MAX_OUTPUT_CHARS = 20_000          # a cell's text (the verdict replaces a check cell's outputs)
MAX_FIGURE_CHARS = 1_500_000       # one figure: a 12 x 8 inch plot at 100 dpi is ~150 k
MAX_FIGURES_CHARS = 15_000_000     # a notebook's figures: a day draws ~10-20
PNG = b"\x89PNG\r\n\x1a\n"


def is_png(data):
    if not isinstance(data, str) or len(data) > MAX_FIGURE_CHARS:
        return False
    try:
        return base64.b64decode(data[:12].strip() + "==", validate=False).startswith(PNG)
    except (binascii.Error, ValueError):
        return False


def figure(out, budget):
    """out as a figure the feedback may show (PNG and a short text), or None to leave it out."""
    png = out.get("data", {}).get("image/png") if isinstance(out.get("data"), dict) else None
    if not is_png(png) or len(png) > budget["figures"]:
        return None
    budget["figures"] -= len(png)
    text = out["data"].get("text/plain", "")
    text = text[:500] if isinstance(text, str) else ""
    return {"output_type": "display_data", "metadata": {}, "data": {"image/png": png, "text/plain": text}}


def capped(outputs, budget):
    """outputs of one cell, cut to what the feedback may show; budget: {"figures": chars left}."""
    kept, used = [], 0
    for o in outputs if isinstance(outputs, list) else []:
        if isinstance(o, dict) and isinstance(o.get("data"), dict) and "image/png" in o["data"]:
            shown = figure(o, budget)
            kept.append(shown or {"output_type": "stream", "name": "stdout",
                                  "text": "[a figure left out by the grader: not a PNG, or too large]\n"})
            continue
        size = len(json.dumps(o))
        if used + size > MAX_OUTPUT_CHARS:
            kept.append({"output_type": "stream", "name": "stdout",
                         "text": f"[output cut by the grader: more than {MAX_OUTPUT_CHARS} characters]\n"})
            break
        kept.append(o)
        used += size
    return kept


def budget():
    return {"figures": MAX_FIGURES_CHARS}
