"""Read settings from the environment, failing loudly on a bad value.

A deployer who types DJANGO_DEBUG=ture or CHANNEL_CAPACITY=lots must learn it at start,
not in the middle of a sitting.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int_list(name: str, default: list[int], *, minimum: int = 0) -> list[int]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    values = []
    for part in raw.split(","):
        try:
            value = int(part.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{name}={raw!r} is not a list of whole numbers.") from None
        if value < minimum:
            raise ImproperlyConfigured(f"{name}: {value} is below the minimum of {minimum}.")
        values.append(value)
    return values
