"""The app with the Daphne fast path broken, as a renamed private attribute would break it.

Served by a real Daphne in tests/live/test_wire_daphne.py: every live frame must still
reach the tablets, through the ASGI send.
"""

from typing import Any

from council.asgi import application
from sessions import wire


def _renamed(*args: Any, **kwargs: Any) -> bool:
    raise AttributeError("'Port' object has no attribute '_tempDataBuffer'")


wire.write_now = _renamed

__all__ = ["application"]
