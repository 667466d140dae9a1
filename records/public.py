"""The public verification pages under /xac-thuc/: no login, nothing that is not public.

Only issued (or since superseded) records have a page; a record still awaiting signatures,
or a code that does not exist, is a 404 alike. Vietnamese by default, English on request
(?lang=en), whatever the visitor's cookie.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from council.uploads import accepts_upload
from records import numbering, ratelimit, verification
from records.models import RecordFile
from records.views import pdf_response

MIB = 1024 * 1024
# Room for the multipart envelope around the file.
_ENVELOPE = 64 * 1024


def _language(request: HttpRequest) -> str:
    # Never from request.POST: reading it would read the body before its size is checked.
    wanted = request.GET.get("lang") or ""
    return wanted if wanted in dict(settings.LANGUAGES) else "vi"


def _public_record(code: str) -> RecordFile:
    normal = numbering.normalise_code(code)
    record = (
        RecordFile.objects.select_related("council", "sitting", "superseded_by")
        .prefetch_related("signatures__signer")
        .filter(code=normal or "")
        .first()
    )
    if record is None or not record.is_public:
        raise Http404
    return record


def lookup(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    with translation.override(language):
        typed = request.GET.get("ma", "")
        error = ""
        if typed and not ratelimit.allow(request):
            error = _("Too many checks from your connection. Please wait a few minutes.")
            context = {"typed": typed[:40], "error": error, "lang": language}
            return render(request, "records/public/lookup.html", context, status=429)
        if typed:
            code = numbering.normalise_code(typed)
            record = RecordFile.objects.filter(code=code or "").first()
            if record is not None and record.is_public:
                return redirect(f"{reverse('records:verify', args=[record.code])}?lang={language}")
            error = _("No issued record has this code. Check the code printed under the QR code.")
        return render(
            request,
            "records/public/lookup.html",
            {"typed": typed[:40], "error": error, "lang": language},
        )


def _refusal(request: HttpRequest, record: RecordFile, language: str, message: str, status: int):
    context = _context(record, language) | {"refusal": message}
    return render(request, "records/public/verify.html", context, status=status)


def _context(record: RecordFile, language: str) -> dict:
    return {
        "record": record,
        "signatures": list(record.signatures.all()),
        "lang": language,
        "max_mb": settings.RECORDS_VERIFY_MAX_BYTES // MIB,
        "max_bytes": settings.RECORDS_VERIFY_MAX_BYTES,
    }


# The page is public and keeps no session: a CSRF token would only make a journalist's
# second tab fail. It changes nothing on the server either way.
@accepts_upload(max_bytes=lambda: settings.RECORDS_VERIFY_MAX_BYTES)
@csrf_exempt
def verify(request: HttpRequest, code: str) -> HttpResponse:
    record = _public_record(code)
    language = _language(request)
    with translation.override(language):
        if request.method != "POST":
            return render(request, "records/public/verify.html", _context(record, language))
        if not ratelimit.allow(request):
            return _refusal(
                request,
                record,
                language,
                _("Too many checks from your connection. Please wait a few minutes."),
                429,
            )
        # Refused before the body is read: a 200 MB upload costs neither memory nor disk.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.RECORDS_VERIFY_MAX_BYTES
        if length <= 0 or length > limit + _ENVELOPE:
            message = (
                _("The file is too large to check (the limit is %(limit)d MB).")
                % {"limit": limit // MIB}
                if length > 0
                else _("Choose a PDF file to check.")
            )
            return _refusal(request, record, language, message, 413 if length > 0 else 400)
        upload = request.FILES.get("file")
        if upload is None:
            return _refusal(request, record, language, _("Choose a PDF file to check."), 400)
        if (upload.size or 0) > limit:
            return _refusal(
                request,
                record,
                language,
                _("The file is too large to check (the limit is %(limit)d MB).")
                % {"limit": limit // MIB},
                413,
            )
        with tempfile.TemporaryDirectory(prefix="verify-") as folder:
            path = Path(folder) / "dropped.pdf"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            certs = {s.certificate_sha256 for s in record.signatures.all()}
            result = verification.verify_file(path, record_sha256=record.sha256, signer_certs=certs)
        context = _context(record, language) | {"result": result}
        return render(request, "records/public/verify.html", context)


def public_download(request: HttpRequest, code: str) -> HttpResponseBase:
    return pdf_response(request, _public_record(code))
