"""`python -m bench.anchoring`: how many marks land on their sentence in a new version.

For each v1 -> v2 pair of ``tests.anchoring_corpus``, every sentence of v1 that lies on one
page is highlighted (rectangles over its glyphs, as a text selection gives them), its
selectors are computed from the glyphs under those rectangles (as the server does on
save), and it is placed on v2 by ``annotations.reanchor``. A mark *lands* when its page is
the page holding (most of) its sentence in v2 and its rectangles overlap that sentence's
glyph rectangles by at least 90 %; a mark whose sentence v2 deleted lands when it is
"not found" (kept, never drawn). Goal: at least 95 % over the corpus. Free ink (a stroke
under each sentence's first line) is reported beside it: it lands when it moved by as
much as that line's first letter.

Glyphs come from the real sandboxed worker (``documents.pdf.extract_glyphs``). Exit status 1
when the goal is missed or a deleted sentence's mark would be drawn. No timings: the
figures are correctness, taken on a machine shared by several engineers.
"""

from __future__ import annotations

import base64
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annotations.reanchor import State, place, selectors_for
from annotations.textmap import DocText, decode_boxes, overlap
from documents.pdf import extract_glyphs
from tests.anchoring_corpus import CASES

RESULTS = Path(__file__).resolve().parent / "results" / "anchoring.md"
GOAL = 0.95
LANDS = 0.9


def doc_text(pdf: bytes) -> DocText:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(pdf)
        fh.flush()
        pages = extract_glyphs(fh.name)
    return DocText.build([(p["text"], decode_boxes(base64.b64decode(p["boxes"]))) for p in pages])


def page_count(doc: DocText) -> int:
    return max(doc.pages, default=1)


@dataclass
class Tally:
    marks: int = 0
    landed: int = 0
    deleted: int = 0
    drawn_over_other_text: int = 0
    states: dict[str, int] | None = None
    ink: int = 0
    ink_landed: int = 0


def run_case(v1_pdf: bytes, v2_pdf: bytes, sentences: list[str], changes: dict) -> Tally:
    v1, v2 = doc_text(v1_pdf), doc_text(v2_pdf)
    tally = Tally(states={})
    assert tally.states is not None
    for sentence in sentences:
        start = v1.text.find(sentence)
        assert start >= 0, sentence
        end = start + len(sentence)
        pages = {v1.pages[i] for i in range(start, end) if v1.pages[i]}
        if len(pages) != 1:
            continue  # a tablet selects on one page
        page = pages.pop()
        data = {"rects": v1.rects(start, end, page)}
        placed = place(v1, v2, page, data, selectors_for(v1, page, data), page_count(v2))
        assert placed is not None
        tally.marks += 1
        tally.states[placed.state] = tally.states.get(placed.state, 0) + 1
        target = changes.get(sentence, sentence)
        if target is None:
            tally.deleted += 1
            if placed.state == State.LOST:
                tally.landed += 1
            else:
                tally.drawn_over_other_text += 1
            continue
        at = v2.text.find(target)
        assert at >= 0, target
        want_page = v2.page_of_span(at, at + len(target))
        want = v2.rects(at, at + len(target), want_page or 0)
        if (
            placed.state != State.LOST
            and placed.page == want_page
            and overlap(placed.data["rects"], want) >= LANDS
        ):
            tally.landed += 1
        _ink(tally, v1, v2, page, data["rects"][0], start, at, target is sentence)
    return tally


def _ink(tally: Tally, v1: DocText, v2: DocText, page: int, first_line, start, at, same) -> None:
    """A pen underline below the sentence's first line follows that line's first letter."""
    if not same:
        return
    x, y, w, h = first_line
    stroke = [[x, y + h + 0.002], [x + w, y + h + 0.002]]
    data = {"strokes": [stroke], "width": 0.002}
    placed = place(v1, v2, page, data, selectors_for(v1, page, data), page_count(v2))
    tally.ink += 1
    before, after = v1.first_box(start, start + 1), v2.first_box(at, at + 1)
    if placed is None or placed.state == State.LOST or before is None or after is None:
        return
    # The line's own first letter, not the sentence's: the stroke followed its line.
    line = v1.lines[start]
    line_start = next(i for i in range(len(v1.lines)) if v1.lines[i] == line)
    found_line = v2.text.find(v1.text[line_start : line_start + 40])
    anchor = v2.first_box(found_line, found_line + 1) if found_line >= 0 else None
    origin = v1.first_box(line_start, line_start + 1)
    if anchor is None or origin is None:
        return
    dx, dy = anchor[1][0] - origin[1][0], anchor[1][1] - origin[1][1]
    got = placed.data["strokes"][0][0]
    if (
        placed.page == anchor[0]
        and abs(got[0] - min(1.0, max(0.0, stroke[0][0] + dx))) < 0.003
        and abs(got[1] - min(1.0, max(0.0, stroke[0][1] + dy))) < 0.003
    ):
        tally.ink_landed += 1


def main() -> int:
    lines = [
        "# Re-anchoring annotations on a new version (`python -m bench.anchoring`)",
        "",
        "Correctness only (no timings; taken while 7 engineers shared 2 cores).",
        f"A highlight lands when it is on its sentence's page in v2 with rectangles overlapping"
        f" the sentence's glyphs >= {LANDS:.0%}; a deleted sentence's mark lands when it is"
        " 'not found' (never drawn).",
        "",
        "| Case | Highlights | Landed | Share | States | Deleted, drawn anyway | Ink landed |",
        "|---|---|---|---|---|---|---|",
    ]
    total, landed, drawn = 0, 0, 0
    for name, make in CASES.items():
        tally = run_case(*make())
        total += tally.marks
        landed += tally.landed
        drawn += tally.drawn_over_other_text
        states = ", ".join(f"{k} {v}" for k, v in sorted((tally.states or {}).items()))
        lines.append(
            f"| {name} | {tally.marks} | {tally.landed} | {tally.landed / tally.marks:.1%} |"
            f" {states} | {tally.drawn_over_other_text} of {tally.deleted} |"
            f" {tally.ink_landed} of {tally.ink} |"
        )
    share = landed / total if total else 0.0
    ok = share >= GOAL and drawn == 0
    lines += [
        "",
        f"**Over the corpus: {landed} of {total} highlights landed ({share:.1%});"
        f" goal {GOAL:.0%}: {'met' if ok else 'MISSED'}.**",
        "",
    ]
    report = "\n".join(lines)
    print(report)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
