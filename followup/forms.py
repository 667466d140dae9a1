"""Reading a form's values: anything malformed is treated as absent, and the service then
refuses with its own clear message."""

import datetime


def optional_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip()[:10]) if value else None
    except ValueError:
        return None


def optional_int(value: str | None) -> int | None:
    try:
        return int((value or "").strip()[:12]) if value else None
    except ValueError:
        return None
