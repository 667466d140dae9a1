from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ActionRefused(Exception):
    """A domain rule refused the action; `message` is shown to the user as is (translated)."""

    status = 409

    def __init__(self, message: "StrOrPromise") -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(ActionRefused):
    status = 403

    def __init__(self, message: "StrOrPromise | None" = None) -> None:
        super().__init__(message or _("You are not allowed to do this."))


class StaleState(ActionRefused):
    """The tablet acted on a state the server has moved past (another device changed it)."""

    status = 409


class NotFound(ActionRefused):
    """Another council's (or another member's) object: answered as if it did not exist."""

    status = 404

    def __init__(self, message: "StrOrPromise | None" = None) -> None:
        super().__init__(message or _("Not found."))
