"""PAdES signatures with pyHanko, keys from a PKCS#12 file or a PKCS#11 token.

The backend is chosen by settings (RECORDS_SIGNING_BACKEND):

- ``pkcs12``: ``<RECORDS_KEY_DIR>/<username>.p12``, opened with the PIN the signer types;
- ``pkcs11``: the token labelled ``<username>`` in the module at RECORDS_PKCS11_MODULE (the
  USB tokens Vietnamese CAs issue, or SoftHSM2 in tests), its key and certificate under the
  label RECORDS_PKCS11_KEY_LABEL, opened with the signer's PIN.

Every signature is an incremental update: the bytes signed before stay as they were, so an
earlier signature stays intact and the file's history can be checked revision by revision.
"""

import contextlib
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle

from records import fonts
from records.rendering import Box
from sessions.errors import ActionRefused

BACKENDS = ("pkcs12", "pkcs11")


class KeyUnavailable(ActionRefused):
    """The signer's key could not be opened: no key for them, or a wrong PIN."""


@dataclass(frozen=True)
class SignedFile:
    pdf: bytes
    sha256: str
    certificate_subject: str
    certificate_sha256: str


class _StampFont(GlyphAccumulatorFactory):
    """pyHanko's factory opens the font file and never closes it; this one reads the bytes
    once and hands pyHanko an in-memory handle."""

    def create_font_engine(self, writer, obj_stream=None):  # type: ignore[no-untyped-def]
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def field_name(role: str) -> str:
    return f"Signature-{role}"


def add_signature_fields(pdf: bytes, boxes: dict[str, Box]) -> bytes:
    """Declare an empty signature field per signer where the layout put its box."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for element_id, box in boxes.items():
        role = element_id.removeprefix("sig-")
        x1, y1, x2, y2 = (round(v) for v in box.rect)
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(field_name(role), on_page=box.page, box=(x1, y1, x2, y2)),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@contextlib.contextmanager
def open_signer(username: str, pin: str) -> Iterator[signers.Signer]:
    backend = settings.RECORDS_SIGNING_BACKEND
    if backend == "pkcs11":
        yield from _pkcs11_signer(username, pin)
        return
    path = Path(settings.RECORDS_KEY_DIR) / f"{username}.p12"
    if not path.is_file():
        raise KeyUnavailable(_("No signing key is configured for you. Ask the administrator."))
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=pin.encode())
    if signer is None:
        raise KeyUnavailable(_("The PIN is wrong, or the key file cannot be opened."))
    yield signer


def _pkcs11_signer(username: str, pin: str) -> Iterator[signers.Signer]:
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    try:
        session = open_pkcs11_session(
            settings.RECORDS_PKCS11_MODULE,
            token_criteria=TokenCriteria(label=username),
            user_pin=pin,
        )
    except (PKCS11Error, OSError, ValueError) as exc:
        raise KeyUnavailable(
            _("The signing token cannot be opened: it is missing or the PIN is wrong.")
        ) from exc
    try:
        label = settings.RECORDS_PKCS11_KEY_LABEL
        yield PKCS11Signer(session, cert_label=label, key_label=label)
    finally:
        session.close()


def sign_pdf(
    pdf: bytes,
    *,
    signer: signers.Signer,
    role: str,
    stamp_lines: list[str],
    reason: str,
    location: str,
) -> SignedFile:
    """Fill the role's signature field with a PAdES signature over the whole file."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    style = TextStampStyle(
        stamp_text="\n".join(line.replace("%", "%%") for line in stamp_lines),
        text_box_style=TextBoxStyle(font=_StampFont(str(fonts.stamp_font()), font_size=9)),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name(role),
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        md_algorithm="sha256",
    )
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, output=out)
    except (SigningError, RuntimeError) as exc:  # PKCS11Error is a RuntimeError
        # A token without the expected key or certificate, a key the CA revoked…: the
        # signer's problem to solve with their CA, not a server error.
        message = _("The signing key could not sign: %(reason)s") % {"reason": exc}
        raise KeyUnavailable(message) from exc
    signed = out.getvalue()
    cert = signer.signing_cert
    if cert is None:
        raise KeyUnavailable(_("The signing key has no certificate."))
    return SignedFile(
        pdf=signed,
        sha256=hashlib.sha256(signed).hexdigest(),
        certificate_subject=cert.subject.human_friendly,
        certificate_sha256=hashlib.sha256(cert.dump()).hexdigest(),
    )
