"""Is this PDF the council's record? Answered for anyone, from a file they drop.

1. Byte-identical to the record (SHA-256): authentic.
2. Else, through the upload sandbox (documents.pdf.inspect_pdf: not a PDF, damaged, hostile
   → a clear answer), then pyHanko in a sandboxed child of its own (records._verify_worker):
   every signature intact and valid, trusted by the council's roots and made with a
   certificate of one of this record's signers → "a valid signature of this council over an
   unmodified revision" (an earlier revision, or a copy saved again after signing);
   a signature whose bytes changed → altered; a valid one from another CA → untrusted;
   none → unsigned.
"""

import hashlib
import json
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from documents import pdf as sandbox

logger = logging.getLogger(__name__)
_PROJECT_ROOT = Path(__file__).resolve().parent.parent
VERIFY_TIMEOUT_S = 30.0
VERIFY_MEMORY_MB = 768


class Outcome(StrEnum):
    AUTHENTIC = "authentic"
    SIGNED_REVISION = "signed_revision"
    ALTERED = "altered"
    UNTRUSTED = "untrusted"
    UNSIGNED = "unsigned"
    REJECTED = "rejected"


HEADLINES = {
    Outcome.AUTHENTIC: _("Authentic: this file is byte for byte the issued record."),
    Outcome.SIGNED_REVISION: _(
        "Not the same file, but it carries a valid signature of this council over an "
        "unmodified revision of the record."
    ),
    Outcome.ALTERED: _("Altered: the file was changed after it was signed."),
    Outcome.UNTRUSTED: _(
        "Not signed by this council: the signature is not from the council's trusted "
        "certificates or not from this record's signers."
    ),
    Outcome.UNSIGNED: _("Unsigned: this file carries no digital signature."),
    Outcome.REJECTED: _("This file could not be checked."),
}


@dataclass
class Verification:
    outcome: Outcome
    sha256: str = ""
    detail: Any = ""  # a translated reason (REJECTED), or ""
    signatures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headline(self) -> Any:
        return HEADLINES[self.outcome]

    @property
    def good(self) -> bool:
        return self.outcome in (Outcome.AUTHENTIC, Outcome.SIGNED_REVISION)


def trust_roots() -> list[str]:
    return [str(p) for p in settings.RECORDS_TRUST_ROOTS if Path(p).is_file()]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _validate_in_sandbox(path: Path) -> dict[str, Any]:
    limits = {"memory_mb": VERIFY_MEMORY_MB, "cpu_s": VERIFY_TIMEOUT_S + 1, "fsize_mb": 1}
    payload = json.dumps({"path": str(path), "trust_roots": trust_roots(), "limits": limits})
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "records._verify_worker"],
                input=payload.encode(),
                stdout=subprocess.PIPE,
                stderr=errors,
                cwd=_PROJECT_ROOT,
                env=sandbox._child_env(),
                timeout=VERIFY_TIMEOUT_S,
                start_new_session=True,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise sandbox.PdfRejected(sandbox.RejectReason.HOSTILE, detail="timeout") from None
    if proc.returncode != 0:
        raise sandbox.PdfRejected(sandbox.RejectReason.HOSTILE, detail=f"exit {proc.returncode}")
    answer = json.loads(proc.stdout)
    if not answer["ok"]:
        raise sandbox.PdfRejected(answer["code"], detail=answer.get("detail", ""))
    return answer["result"]


def verify_file(path: Path, *, record_sha256: str, signer_certs: set[str]) -> Verification:
    """Check the file at ``path`` against one record (its SHA-256, its signers' certificates)."""
    sha256 = file_sha256(path)
    if sha256 == record_sha256:
        return Verification(Outcome.AUTHENTIC, sha256)
    try:
        sandbox.inspect_pdf(
            path, max_pages=settings.DOCUMENT_MAX_PAGES, max_bytes=settings.RECORDS_VERIFY_MAX_BYTES
        )
        result = _validate_in_sandbox(path)
    except sandbox.PdfRejected as rejected:
        logger.info("verification refused a file: %s", rejected)
        return Verification(Outcome.REJECTED, sha256, rejected.message)
    signatures = result["signatures"]
    if not signatures:
        return Verification(Outcome.UNSIGNED, sha256)
    if not all(s["intact"] and s["valid"] for s in signatures):
        return Verification(Outcome.ALTERED, sha256, signatures=signatures)
    ours = all(s["trusted"] and s["cert_sha256"] in signer_certs for s in signatures)
    if not ours:
        return Verification(Outcome.UNTRUSTED, sha256, signatures=signatures)
    # Changes after the last signature that pyHanko does not count as harmless (new content,
    # not a later signature or form filling) make this something else than the record.
    if any(s["modification"] not in ("NONE", "LTA_UPDATES", "FORM_FILLING") for s in signatures):
        return Verification(Outcome.ALTERED, sha256, signatures=signatures)
    return Verification(Outcome.SIGNED_REVISION, sha256, signatures=signatures)
