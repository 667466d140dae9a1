"""Bounds every input meets before it reaches the database (issue 13, point 7).

Three mechanisms, each closing a class of server errors rather than one case:

- `check_row_bounds`, run before every save of this project's models: a text longer than
  its column, a NUL character (PostgreSQL refuses it) or a number outside its column's range
  is refused with a translated ActionRefused, on SQLite as on PostgreSQL;
- `BoundedInput` (middleware): an id in an address beyond any row is a 404, and a NUL
  character in an address, a query or a form is a 400, before any view or query runs;
- `load_json`: JSON of bounded size and nesting, for HTTP bodies and WebSocket frames.
"""

import functools
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from sessions.errors import ActionRefused

# The largest id or number an address may carry: PostgreSQL's integer column. Ids are
# bigints, but no table here comes near two billion rows.
MAX_ID = 2**31 - 1
JSON_MAX_DEPTH = 32


@functools.cache
def is_project_app(label: str) -> bool:
    """An app of this project (any, present or future), not Django's or a library's."""
    try:
        config = apps.get_app_config(label)
    except LookupError:  # Django's migration recorder, historical models
        return False
    path = Path(config.path).resolve()
    # The virtualenv may live inside the project's folder (.venv): its apps are libraries.
    installed = Path(sys.prefix).resolve()
    return path.is_relative_to(settings.BASE_DIR) and not path.is_relative_to(installed)


class TooDeep(ValueError):
    pass


def _text_refusal(field: models.Field, message: str) -> ActionRefused:
    return ActionRefused(message % {"field": str(field.verbose_name)})


def check_row_bounds(instance: models.Model) -> None:
    """Refuse a row whose text or numbers its columns cannot hold."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(value, str):
            if "\x00" in value:
                raise _text_refusal(field, _("“%(field)s” contains a character not allowed."))
            limit = getattr(field, "max_length", None)
            if limit is not None and len(value) > limit:
                raise ActionRefused(
                    _("“%(field)s” is too long: at most %(limit)d characters.")
                    % {"field": str(field.verbose_name), "limit": limit}
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            # PostgreSQL's ranges on every database (SQLite's backend reports none).
            low, high = BaseDatabaseOperations.integer_field_ranges.get(
                field.get_internal_type(), (None, None)
            )
            if (low is not None and value < low) or (high is not None and value > high):
                raise _text_refusal(field, _("“%(field)s” is out of range."))


def on_pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any):
    if raw or not is_project_app(sender._meta.app_label):
        return
    check_row_bounds(instance)


def finite_number(value: str | None, *, minimum: float, maximum: float, refusal: str) -> float:
    """A number typed in a form, refused unless finite and within [minimum, maximum]."""
    try:
        number = float(value or "")
    except ValueError:
        raise ActionRefused(refusal) from None
    if not math.isfinite(number) or not minimum <= number <= maximum:
        raise ActionRefused(refusal)
    return number


def _depth(value: Any) -> int:
    """Nesting depth of decoded JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > JSON_MAX_DEPTH:
            return depth
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


def load_json(text: str | bytes, *, max_bytes: int) -> Any:
    """Decode JSON of at most `max_bytes`, JSON_MAX_DEPTH levels, and no NUL.

    Raises ValueError (TooDeep for the nesting) for anything else: the caller refuses it.
    """
    if len(text) > max_bytes:
        raise ValueError("JSON too large")
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    # PostgreSQL's jsonb refuses NUL; a rare false alarm (an escaped backslash before
    # "u0000") costs nothing.
    if "\x00" in raw or "\\u0000" in raw:
        raise ValueError("NUL character")
    try:
        value = json.loads(raw)
    except RecursionError:
        raise TooDeep("JSON nested too deeply") from None
    if _depth(value) > JSON_MAX_DEPTH:
        raise TooDeep("JSON nested too deeply")
    return value


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    # A form's fields too when url-encoded (Django keeps the body for the view). Parsing a
    # multipart body here would take its stream from a view that reads request.body; its
    # text fields meet check_row_bounds before they are saved.
    forms = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
    for data in (request.GET, request.POST) if forms else (request.GET,):
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
    return False


class BoundedInput:
    """Ids in addresses within a column's range; no NUL in an address, a query or a form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and value > MAX_ID:
                raise Http404
        try:
            nul = _has_nul(request)
        except Exception:
            # A body Django cannot parse: the view's own parsing answers it (400).
            return None
        if nul:
            return HttpResponseBadRequest(
                _("The request contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        # A refusal from a row check (check_row_bounds) in a view that shows no refusals of
        # its own: its message and status, never a server error.
        if isinstance(exception, ActionRefused):
            return HttpResponse(
                str(exception.message),
                status=exception.status,
                content_type="text/plain; charset=utf-8",
            )
        return None
