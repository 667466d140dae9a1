"""The council's logo: uploaded in the Django admin, shown on the login page, in the top
bar and on the idle hall screen.

Every upload can be hostile, even in the admin (a stolen password, a file from an email):
only PNG and JPEG are taken (never SVG, which can carry script), at most LOGO_MAX_BYTES and
LOGO_MAX_SIDE pixels a side, and Pillow must decode the whole image, so a truncated file,
a decompression bomb or something else renamed .png gets a clear, translated error instead
of a broken picture on every page. It is served by our own view (council.views.logo) with
the type its bytes have, never from a guessable media URL.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 2000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


def logo_type(head: bytes) -> str | None:
    """The content type of a stored logo, from its first bytes (never from its name)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def validate_logo(upload: Any) -> None:
    size = getattr(upload, "size", None) or 0
    if size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)d KB; the limit is %(limit)d KB.")
            % {"size": size // 1024, "limit": LOGO_MAX_BYTES // 1024},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("The logo must be a PNG or JPEG image; this file is not one, or it is damaged."),
        code="not_an_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            if kind not in LOGO_TYPES:
                raise not_an_image
            if max(width, height) > LOGO_MAX_SIDE:
                raise ValidationError(
                    _("The logo is %(width)d x %(height)d pixels; at most %(limit)d a side.")
                    % {"width": width, "height": height, "limit": LOGO_MAX_SIDE},
                    code="too_big",
                )
            image.load()  # decodes every pixel: a truncated or crafted file fails here
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError, ValueError):
        raise not_an_image from None
    except Exception:  # Pillow's decoders raise SyntaxError, struct.error, … on bad input
        raise not_an_image from None
    finally:
        upload.seek(0)
