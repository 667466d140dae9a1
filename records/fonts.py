"""The one font path for every PDF the project writes (records and the demo's documents).

Vietnamese needs a font with its precomposed letters (ạ, ệ, ữ, Đ…) embedded in the file: a
PDF that relies on a reader's fonts, or that folds text to ASCII, is not a record. We use
Liberation Serif (Debian's fonts-liberation2; metric-compatible with Times New Roman, the
face Nghị định 30/2020 asks for), else DejaVu Serif (fonts-dejavu-core).
scripts/ensure_pdf_tools.sh installs both.

Each face gets its own family name in @font-face, pointing at one file: WeasyPrint merges
rules that share a family name and a unicode-range into one broken font (TOOLCHAIN.md).
"""

import functools
from pathlib import Path

from django.conf import settings

_CANDIDATES = {
    "regular": [
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    ],
    "bold": [
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    ],
    "italic": [
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Italic.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
    ],
    "bolditalic": [
        "/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSerif-BoldItalic.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSerif-BoldItalic.ttf",
    ],
}


class FontMissing(RuntimeError):
    pass


def font_file(face: str) -> Path:
    configured = settings.RECORDS_FONT_DIR
    names = [Path(p).name for p in _CANDIDATES[face]]
    paths = [Path(configured) / n for n in names] if configured else []
    paths += [Path(p) for p in _CANDIDATES[face]]
    for path in paths:
        if path.is_file():
            return path
    raise FontMissing(
        f"no {face} serif font with Vietnamese glyphs: run scripts/ensure_pdf_tools.sh "
        "(installs fonts-liberation2 and fonts-dejavu-core)"
    )


@functools.cache
def font_css() -> str:
    """@font-face rules and the body's font-family, for every HTML rendered to PDF."""
    rules = []
    styles = {
        "regular": ("normal", "normal"),
        "bold": ("normal", "bold"),
        "italic": ("italic", "normal"),
        "bolditalic": ("italic", "bold"),
    }
    for face, (style, weight) in styles.items():
        rules.append(
            "@font-face { font-family: 'Record Serif'; "
            f"src: url('{font_file(face).as_uri()}'); "
            f"font-style: {style}; font-weight: {weight}; }}"
        )
    rules.append("html { font-family: 'Record Serif'; }")
    return "\n".join(rules)


def stamp_font() -> Path:
    """The regular face rescaled to 1000 units per em, for pyHanko's signature stamp.

    pyHanko lays out stamp text assuming 1000 units per em; Liberation and DejaVu have
    2048, and their stamp text comes out spaced apart and clipped (TOOLCHAIN.md). fontTools
    (a WeasyPrint dependency) rescales a copy once; it is cached under var/.
    """
    source = font_file("regular")
    target = Path(settings.RECORDS_VAR_DIR) / "fonts" / f"{source.stem}-1000upm.ttf"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return target
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(source))
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    font.save(str(partial))
    partial.replace(target)
    return target
