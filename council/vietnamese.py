"""Vietnamese order for lists of names (pure: no Django).

A Vietnamese name is written family, middle, given ("Nguyễn Thị Ngọc Anh") and lists are
ordered by the given name, then the family name, then the middle names. Letters follow the
Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y): "đ" after
"d", "ă" and "â" after "a", so "Đào" comes after "Dũng" and "Ân" after "An". Tone marks
only break ties, in the dictionary's order: level, grave, acute, hook, tilde, dot below.
"""

import functools
import unicodedata
from collections.abc import Iterable

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # f j w z: foreign words, in Latin places
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Marks that make a letter of its own (ă â ê ô ơ ư), by the base letter they modify.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tone marks, in dictionary order after the level tone (0).
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}


def _letters_and_tones(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    base = ""  # the last base character, which a letter mark (ă â ê ô ơ ư) may modify
    for char in unicodedata.normalize("NFD", word.casefold()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if letters and (base, char) in _LETTER_MARKS:
            letters[-1] = _RANK[_LETTER_MARKS[(base, char)]]
            base = ""
            continue
        if unicodedata.combining(char):
            continue  # a mark Vietnamese does not use: ignored
        # Letters outside the alphabet (digits, other scripts) sort after it, by code point.
        letters.append(_RANK.get(char, len(ALPHABET) + ord(char)))
        tones.append(0)
        base = char
    return tuple(letters), tuple(tones)


@functools.lru_cache(maxsize=8192)
def name_key(full_name: str) -> tuple:
    """Sort key: given name, then family name, then middle names; tones break ties.

    Cached: a live tally sorts the same few hundred names on every update of a vote."""
    words = full_name.split()
    if not words:
        return ((), ())
    ordered = [words[-1], words[0], *words[1:-1]] if len(words) > 1 else words
    parts = [_letters_and_tones(word) for word in ordered]
    return (tuple(p[0] for p in parts), tuple(p[1] for p in parts), full_name)


def sorted_names(names: Iterable[str]) -> list[str]:
    return sorted(names, key=name_key)
