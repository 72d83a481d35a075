"""Day 4, when a window slides evenly across an input: shared by the convolution and pooling figures.

    tiles(n, k, stride, pad)             True when (n + 2·pad − k) is >= 0 and a multiple of stride
    positions(n, k, stride, pad)         how many places the window takes along one side (tiles() must hold)
    tiling_message(n, k, stride, pad)    the formula with the numbers, why it fails, what would fit

This is the arithmetic the notebook's text explains before exercise 2; the
figures need it to know when *not* to call the learner's function (and how
many steps the step slider has).  It is not ``conv_output_size``'s exercise:
the learner's version must also raise the right errors, which these helpers never do.
"""

__all__ = ["tiles", "positions", "tiling_message"]


def tiles(n, k, stride=1, pad=0):
    """True when a k-wide window with this stride tiles n + 2·pad cells exactly."""
    room = n + 2 * pad - k
    return room >= 0 and room % stride == 0


def positions(n, k, stride=1, pad=0):
    """The number of window positions along one side, (n + 2·pad − k)/stride + 1, for a tiling setup."""
    return (n + 2 * pad - k) // stride + 1


def _nearest(current, fitting):
    """The fitting values, closest to current first (ties: the smaller first)."""
    return sorted(fitting, key=lambda v: (abs(v - current), v))


def _listed(values):
    return ", ".join(str(v) for v in values)


def tiling_message(n, k, stride=1, pad=0, strides=range(1, 5), pads=range(0, 3), side="width"):
    """Why a k-wide window with this stride and pad does not tile n cells, or None if it does.

    The text shows (n + 2·pad − k)/stride + 1 with the numbers, says what is wrong (not an
    integer, or a window wider than the padded input) and lists the strides (with this pad) and the
    pads (with this stride) among ``strides`` / ``pads`` that would fit, nearest first.
    pads=None: the layer has no padding (pooling), so the formula and the advice leave it out.
    """
    if tiles(n, k, stride, pad):
        return None
    room = n + 2 * pad - k
    if pads is None:
        formula = f"(n − k)/stride + 1 = ({n} − {k})/{stride} + 1 = {room}/{stride} + 1"
    else:
        formula = (f"(n + 2·pad − k)/stride + 1 = ({n} + 2·{pad} − {k})/{stride} + 1"
                   f" = {room}/{stride} + 1")
    if room < 0:
        why = (f"the {k}-wide window is wider than the {n + 2 * pad} cells it slides over: "
               f"no position fits ({room} is negative)")
    else:
        why = (f"{room}/{stride} is not an integer: the last window would hang over the edge "
               f"({room % stride} cell{'s' if room % stride > 1 else ''} left over)")
    advice = []
    good_strides = _nearest(stride, [s for s in strides if tiles(n, k, s, pad)])
    if good_strides:
        advice.append(f"strides that fit{'' if pads is None else f' with pad {pad}'}: {_listed(good_strides)}")
    if pads is not None:
        good_pads = _nearest(pad, [p for p in pads if tiles(n, k, stride, p)])
        if good_pads:
            advice.append(f"pads that fit with stride {stride}: {_listed(good_pads)}")
    if not advice:
        advice.append("no stride or pad offered here fits: choose a smaller window")
    return f"{side} {n}, window {k}, stride {stride}:  {formula}\n{why}\n" + ";  ".join(advice)
