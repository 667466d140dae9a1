"""Numbers, codes and legal phrases of the council's records: pure, no Django.

A resolution's number and symbol follow Nghị định 30/2020/NĐ-CP ("Số: 15/NQ-HĐND"); the
minutes' legal-basis phrase words a vote's threshold the way the secretariat writes it
("quá nửa tổng số đại biểu: 48/95"). Public short codes are what a reader types from a paper
copy, so they avoid letters that read alike (Crockford's base 32: no I, L, O, U).
"""

import datetime
import re
import secrets

RESOLUTION_SYMBOL = "NQ-HĐND"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")
# What a reader may type for a letter Crockford folds into a digit.
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def resolution_number(number: int, symbol: str = RESOLUTION_SYMBOL) -> str:
    """ "15/NQ-HĐND": the number in the council's yearly series, then the symbol."""
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"a resolution number is a positive integer, got {number!r}")
    return f"{number}/{symbol}"


def numbered_line(number: int, symbol: str = RESOLUTION_SYMBOL) -> str:
    return f"Số: {resolution_number(number, symbol)}"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(typed: str) -> str | None:
    """The code a reader typed ("abcd efgh", "ABCDEFGH", "abcd-efgh"), or None if it
    cannot be one: lower case, spaces and look-alike letters are forgiven."""
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    raw = re.sub(r"[\s\-]", "", typed).upper().translate(_LOOKALIKES)
    if len(raw) != CODE_LENGTH:
        return None
    code = f"{raw[:4]}-{raw[4:]}"
    return code if _CODE_RE.match(code) else None


_THRESHOLD_WORDS = {
    (1, 2, "more_than"): "quá nửa",
    (2, 3, "at_least"): "ít nhất hai phần ba",
    (3, 4, "at_least"): "ít nhất ba phần tư",
}
_BASE_WORDS = {
    "total": "tổng số đại biểu",
    "present": "số đại biểu có mặt",
    "cast": "số phiếu biểu quyết",
    "yes_no": "số phiếu tán thành và không tán thành",
}


def legal_basis(rule: dict[str, object], needed: int, base_count: int) -> str:
    """ "quá nửa tổng số đại biểu: 48/95" from a frozen poll's rule and its numbers.

    The minutes are a Vietnamese legal record, so this phrase is Vietnamese in every
    language of the interface, like the document itself.
    """
    key = (rule["numerator"], rule["denominator"], rule["comparison"])
    if key in _THRESHOLD_WORDS:
        threshold = _THRESHOLD_WORDS[key]  # type: ignore[index]
    else:
        word = "quá" if rule["comparison"] == "more_than" else "ít nhất"
        threshold = f"{word} {rule['numerator']}/{rule['denominator']}"
    base = _BASE_WORDS.get(str(rule["base"]), str(rule["base"]))
    return f"{threshold} {base}: {needed}/{base_count}"


def place_and_date(place: str, day: datetime.date) -> str:
    """ "Thành phố Hồ Chí Minh, ngày 04 tháng 12 năm 2026"."""
    # Decree 30/2020, appendix I: "ngày 05 tháng 02 năm 2021" — a leading zero for days below
    # 10 and for months 1 and 2 (so that nobody can add a digit in front).
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def duration(seconds: int) -> str:
    """ "3 phút 05 giây" for the speakers' record in the minutes."""
    if seconds < 0:
        raise ValueError("a duration is not negative")
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} giây"
    return f"{minutes} phút {rest:02d} giây"


_BODY_PREFIXES = ("HĐND ", "Hội đồng nhân dân ", "HỘI ĐỒNG NHÂN DÂN ")


def locality(council_name: str) -> str:
    """ "Thành phố Hồ Chí Minh" from "HĐND Thành phố Hồ Chí Minh, khóa X"."""
    name = council_name.split(",")[0].strip()
    for prefix in _BODY_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def issuing_body(council_name: str) -> list[str]:
    """The issuing body's lines at the top left of the page, in capitals (Nghị định 30)."""
    name = council_name.split(",")[0].strip()
    if any(name.startswith(prefix) for prefix in _BODY_PREFIXES):
        return ["HỘI ĐỒNG NHÂN DÂN", locality(council_name).upper()]
    return [name.upper()]
