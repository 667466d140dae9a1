"""Search text folded for Vietnamese: case and diacritics dropped, one character for one.

Delegates type "ngan sach" as often as "Ngân sách", and SQLite's LIKE folds only ASCII
letters. Each page's text is stored NFC-normalised beside a folded copy of the same length,
so a match found in the folded copy is at the same offsets in the text shown in a snippet.
No Django imports: tested on its own.
"""

import unicodedata

# Letters whose base is not reached by dropping combining marks.
_SPECIAL = {"đ": "d", "Đ": "d"}


class _FoldTable(dict[int, str]):
    """str.translate's table, filled on first use of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _SPECIAL.get(char)
        if folded is None:
            # The base letter, lower-cased; [0] keeps one character for one (a few letters
            # lower-case into two, such as "İ").
            folded = unicodedata.normalize("NFD", char)[0].lower()[0]
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def normalise(text: str) -> str:
    """What is stored and shown: NFC, so that a Vietnamese letter is one character."""
    return unicodedata.normalize("NFC", text.replace("\x00", ""))


def fold(text: str) -> str:
    """`text` without case or diacritics, exactly as long as `text`."""
    return text.translate(_TABLE)
