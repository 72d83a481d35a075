"""The outputs a feedback keeps: text within its cap, figures only as real PNGs within theirs."""
import base64

from autograder import outputs

PNG = base64.b64encode(outputs.PNG + b"\x00" * 64).decode()


def figure(png, text="Line plot of loss against step."):
    return {"output_type": "display_data", "metadata": {"evil": 1},
            "data": {"image/png": png, "text/plain": text, "text/html": "<script>x()</script>"}}


def test_a_figure_is_kept_as_its_png_and_a_short_text_only():
    (kept,) = outputs.capped([figure(PNG, "x" * 5000)], outputs.budget())
    assert kept["data"] == {"image/png": PNG, "text/plain": "x" * 500} and kept["metadata"] == {}


def test_what_is_not_a_png_or_too_large_is_left_out_in_one_line():
    fake = base64.b64encode(b"<svg onload=x()>" * 8).decode()
    room = {"figures": len(PNG) + 10}
    kept = outputs.capped([figure(fake), figure(PNG), figure(PNG), figure(["not", "text"])], room)
    assert [("image/png" in o.get("data", {})) for o in kept] == [False, True, False, False]
    assert all("left out by the grader" in o["text"] for o in kept if "text" in o)
    assert not outputs.is_png("A" * (outputs.MAX_FIGURE_CHARS + 1))


def test_text_beyond_the_cap_is_cut_and_says_so():
    big = {"output_type": "stream", "name": "stdout", "text": "y" * outputs.MAX_OUTPUT_CHARS}
    kept = outputs.capped([{"output_type": "stream", "name": "stdout", "text": "ok\n"}, big], outputs.budget())
    assert kept[0]["text"] == "ok\n" and "output cut by the grader" in kept[1]["text"]
