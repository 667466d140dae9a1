"""The region of a presented page the chair zooms the hall screens to (issue 18, point 13).

Pure: no Django. The chair drags a rectangle over the page's thumbnail; the browser sends
it relative to the page as displayed (0..1 from the top-left corner). Anything else a
client may send — text, NaN, infinities, a rectangle past the page's edge, a sliver — is
refused or clipped here, so the screens never draw nonsense.
"""

import math
from dataclasses import dataclass

# Smaller than a twentieth of the page a side is a slip of the finger, not a choice: at
# 20x the page's scale the hall would see blurred pixels of a few words.
MIN_SIDE = 0.05


class BadRegion(ValueError):
    pass


@dataclass(frozen=True)
class Region:
    left: float
    top: float
    width: float
    height: float


def _number(value: object) -> float:
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        raise BadRegion from None
    if not math.isfinite(number):
        raise BadRegion
    return number


def parse_region(left: object, top: object, width: object, height: object) -> Region:
    """The region clipped to the page; BadRegion if it is not numbers or is too small."""
    x, y, w, h = (_number(v) for v in (left, top, width, height))
    if w < 0:  # dragged leftwards or upwards: the same rectangle
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    x0, y0 = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
    x1, y1 = min(max(x + w, 0.0), 1.0), min(max(y + h, 0.0), 1.0)
    if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
        raise BadRegion
    return Region(round(x0, 4), round(y0, 4), round(x1 - x0, 4), round(y1 - y0, 4))
