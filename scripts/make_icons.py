#!/usr/bin/env python3
"""Generate the PWA icons in static/icons/ (standard library only).

Design: a white five-point star on deep civic red (#a4161a), the same colour
as the manifest's theme_color.

* icon-192.png, icon-512.png: rounded square (transparent corners), star
  filling most of it ("purpose": "any").
* icon-maskable-512.png: full-bleed red square, star kept inside the central
  safe zone (a circle of 40 % of the size) so launchers may crop it to any
  shape ("purpose": "maskable").

Rasterisation: for each of SUB sub-scanlines per pixel row, compute the exact
horizontal spans covered by the shapes and accumulate their overlap with each
pixel, which gives smooth (anti-aliased) edges without any imaging library.
PNGs are written with zlib + struct.

Usage:  python3 scripts/make_icons.py   (from anywhere; writes static/icons/)
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "static" / "icons"

RED = (0xA4, 0x16, 0x1A)
WHITE = (0xFF, 0xFF, 0xFF)
SUB = 16  # sub-scanlines per pixel row (vertical anti-aliasing)


def star_polygon(cx: float, cy: float, r_outer: float) -> list[tuple[float, float]]:
    """Ten vertices of a regular five-point star, top point up."""
    # Inner radius of a regular pentagram: R * sin(18°) / sin(54°) ≈ 0.382 R.
    r_inner = r_outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    pts = []
    for i in range(10):
        r = r_outer if i % 2 == 0 else r_inner
        a = math.radians(-90 + 36 * i)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def polygon_spans(poly: list[tuple[float, float]], y: float) -> list[tuple[float, float]]:
    """Spans [x0, x1) inside the polygon on the horizontal line at y (even-odd)."""
    xs = []
    n = len(poly)
    for i in range(n):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % n]
        if (y0 <= y < y1) or (y1 <= y < y0):
            xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    xs.sort()
    return [(xs[i], xs[i + 1]) for i in range(0, len(xs) - 1, 2)]


def rounded_rect_span(size: int, radius: float, y: float) -> list[tuple[float, float]]:
    """Span of a sizexsize square with rounded corners on the line at y."""
    if radius <= 0:
        return [(0.0, float(size))]
    if y < radius:
        dy = radius - y
    elif y > size - radius:
        dy = y - (size - radius)
    else:
        return [(0.0, float(size))]
    dx = math.sqrt(max(radius * radius - dy * dy, 0.0))
    return [(radius - dx, size - radius + dx)]


def add_spans(cov: list[float], spans: list[tuple[float, float]], weight: float) -> None:
    """Add weight x (overlap of each span with each pixel column) to cov."""
    width = len(cov)
    for x0, x1 in spans:
        x0 = max(x0, 0.0)
        x1 = min(x1, float(width))
        if x1 <= x0:
            continue
        i0, i1 = int(x0), int(x1)
        if i0 == i1:
            cov[i0] += (x1 - x0) * weight
            continue
        cov[i0] += (i0 + 1 - x0) * weight
        for i in range(i0 + 1, min(i1, width)):
            cov[i] += weight
        if i1 < width:
            cov[i1] += (x1 - i1) * weight


def render(size: int, corner: float, star_r: float) -> bytes:
    """RGBA rows (with PNG filter bytes) for one icon."""
    # A star's points reach R above the centre but only R·cos 36° below it:
    # move it down by half the difference so it looks centred.
    cy = size / 2 + star_r * (1 - math.cos(math.radians(36))) / 2
    star = star_polygon(size / 2, cy, star_r)
    radius = corner * size
    raw = bytearray()
    for py in range(size):
        bg = [0.0] * size
        fg = [0.0] * size
        for s in range(SUB):
            y = py + (s + 0.5) / SUB
            add_spans(bg, rounded_rect_span(size, radius, y), 1.0 / SUB)
            add_spans(fg, polygon_spans(star, y), 1.0 / SUB)
        raw.append(0)  # filter type: None
        for x in range(size):
            a = min(bg[x], 1.0)
            f = min(fg[x], a)  # the star lies inside the background
            if a <= 0.0:
                raw += b"\x00\x00\x00\x00"
                continue
            # Premultiplied mix of white star over red, then un-premultiply.
            px = bytes(round((w * f + r * (a - f)) / a) for w, r in zip(WHITE, RED, strict=False))
            raw += px + bytes([round(a * 255)])
    return bytes(raw)


def png(size: int, rows: bytes) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


ICONS = {
    # name: (size, corner radius as a fraction of size, star outer radius)
    "icon-192.png": (192, 0.18, 0.34 * 192),
    "icon-512.png": (512, 0.18, 0.34 * 512),
    # Maskable: no rounded corners (the launcher masks), star inside the
    # 40 % safe-zone circle with a margin.
    "icon-maskable-512.png": (512, 0.0, 0.30 * 512),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (size, corner, star_r) in ICONS.items():
        path = OUT / name
        path.write_bytes(png(size, render(size, corner, star_r)))
        print(
            f"make_icons: wrote {path.relative_to(ROOT)} "
            f"({size}x{size}, {path.stat().st_size} bytes)"
        )


if __name__ == "__main__":
    main()
