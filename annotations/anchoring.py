"""Find a quoted passage again in another version's text: exact first, then fuzzy.

Pure Python (no Django), tested without a database. The approach is the Hypothesis
client's: a TextQuoteSelector (exact, prefix, suffix) is looked for in the whole text;
the prefix and suffix choose between repeated quotes, the TextPositionSelector breaks
what ties remain. The fuzzy search uses Google's diff-match-patch (PyPI
``diff-match-patch``): its Bitap matcher finds the quote's head and tail (32 characters
each, the width of its bit masks) near where they were, and its Levenshtein distance
says how much the passage found differs from the one quoted.

A passage that a new version deleted must come back "not found", not as the most similar
sentence around it: besides a similarity floor, a fuzzy match is refused when the quote's
own prefix and suffix now stand side by side (the text closed over the gap).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diff_match_patch import diff_match_patch

# Below this similarity (1 - Levenshtein / length) a passage is not the one quoted.
MIN_SIMILARITY = 0.6
_BITS = 32  # diff-match-patch's Match_MaxBits
_MAX_OCCURRENCES = 500  # a quote repeated more often is scored on its first 500


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None  # the TextPositionSelector's start, a hint

    @classmethod
    def from_selectors(cls, selectors: Sequence[Mapping[str, Any]]) -> Quote | None:
        exact, prefix, suffix, start = None, "", "", None
        for selector in selectors or ():
            if selector.get("type") == "TextQuoteSelector":
                exact = selector.get("exact")
                prefix = selector.get("prefix") or ""
                suffix = selector.get("suffix") or ""
            elif selector.get("type") == "TextPositionSelector":
                value = selector.get("start")
                start = value if isinstance(value, int) else None
        if not isinstance(exact, str) or not exact.strip():
            return None
        return cls(exact, str(prefix), str(suffix), start)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    exact: bool  # the same words; otherwise found approximately
    similarity: float


def _tail_agreement(a: str, b: str) -> float:
    """How much of ``b`` ends ``a`` (characters in common at the end, over len(b))."""
    if not b:
        return 1.0
    n = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        n += 1
    return n / len(b)


def _head_agreement(a: str, b: str) -> float:
    if not b:
        return 1.0
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n / len(b)


def _exact(text: str, quote: Quote) -> Found | None:
    starts: list[int] = []
    at = text.find(quote.exact)
    while at != -1 and len(starts) < _MAX_OCCURRENCES:
        starts.append(at)
        at = text.find(quote.exact, at + 1)
    if not starts:
        return None
    length = len(quote.exact)
    hint = quote.start if quote.start is not None else 0

    def score(start: int) -> float:
        # Hypothesis' weights: the context counts ten times the position.
        before = text[max(0, start - len(quote.prefix)) : start]
        after = text[start + length : start + length + len(quote.suffix)]
        closeness = 1 - min(1.0, abs(start - hint) / max(1, len(text)))
        return (
            20 * _tail_agreement(before, quote.prefix)
            + 20 * _head_agreement(after, quote.suffix)
            + 2 * closeness
        )

    best = max(starts, key=lambda s: (score(s), -abs(s - hint)))
    return Found(best, best + length, True, 1.0)


def _matcher(text: str) -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Match_Threshold = 0.35
    # The whole document is searched: a passage may move pages away.
    dmp.Match_Distance = max(1000, len(text))
    return dmp


def _find(dmp: diff_match_patch, text: str, pattern: str, near: int) -> int:
    if not pattern:
        return -1
    near = min(max(0, near), len(text))
    return int(dmp.match_main(text, pattern[:_BITS], near))


def similarity(dmp: diff_match_patch, a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    diffs = dmp.diff_main(a, b)
    dmp.diff_cleanupSemantic(diffs)
    return 1 - dmp.diff_levenshtein(diffs) / max(len(a), len(b))


def _fuzzy(text: str, quote: Quote) -> Found | None:
    dmp = _matcher(text)
    exact, length = quote.exact, len(quote.exact)
    hint = quote.start if quote.start is not None else 0
    head, tail = exact[:_BITS], exact[-_BITS:]
    prefix, suffix = quote.prefix[-_BITS:], quote.suffix[:_BITS]

    starts, ends = set(), set()
    at = _find(dmp, text, head, hint)
    if at >= 0:
        starts.add(at)
        ends.add(at + length)
    at = _find(dmp, text, tail, hint + length - len(tail))
    if at >= 0:
        ends.add(at + len(tail))
        starts.add(at + len(tail) - length)
    before = _find(dmp, text, prefix, hint - len(prefix))
    if before >= 0:
        starts.add(before + len(prefix))
    after = _find(dmp, text, suffix, hint + length)
    if after >= 0:
        ends.add(after)
    # The context closed over the gap: the passage was deleted. (-2: the prefix's last
    # space and the suffix's first may now be one and the same.)
    if before >= 0 and after >= 0 and -2 <= after - (before + len(prefix)) < length / 3:
        return None

    # Where the context says the passage starts and ends: words added at either end of
    # the passage belong to it, which the quote's own head and tail cannot tell.
    context_start = before + len(prefix) if before >= 0 else None
    context_end = after if after >= 0 else None
    best: tuple[float, Found] | None = None
    for start in starts:
        for end in ends:
            start_, end_ = max(0, start), min(len(text), end)
            if not 0 < end_ - start_ <= 2 * length + _BITS:
                continue
            score = similarity(dmp, exact, text[start_:end_])
            if score < MIN_SIMILARITY:
                continue
            rank = score + 0.5 * (start == context_start) + 0.5 * (end == context_end)
            trimmed = _trim(text, start_, end_)
            if trimmed[1] > trimmed[0] and (best is None or rank > best[0]):
                best = (rank, Found(trimmed[0], trimmed[1], False, score))
    return best[1] if best else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] == " ":
        start += 1
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def locate(text: str, quote: Quote) -> Found | None:
    """Where ``quote`` is in ``text``: exactly, approximately, or None (not found)."""
    return _exact(text, quote) or _fuzzy(text, quote)
