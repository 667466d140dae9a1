"""CSV formula injection (issue 13, point 5): every export neutralises every cell.

OWASP's rule: a cell that begins with =, +, -, @, a tab or a carriage return is read as a
formula by spreadsheets; a leading apostrophe makes it text. council/exports.py does it
for every CSV the app writes; one test per export below proves each goes through it.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from council.exports import safe_cell
from sessions import speakers
from sessions.models import SpeakerKind
from tests.conftest import client_for
from voting import services
from voting.models import PollKind

HOSTILE = [
    '=HYPERLINK("http://evil/","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTAB",
    "\rCR",
]


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def dangerous(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_formula_cell_becomes_text(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Nghị quyết", "", "1 = 1", "'quoted", 42, -3, 1.5, None])
def test_other_cells_stay_as_they_are(value):
    assert safe_cell(value) == value


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [PollKind.MOTION, PollKind.ELECTION, PollKind.CONFIDENCE])
def test_the_poll_result_export_neutralises_titles_and_names(kind, live_sitting, chair):
    labels = [] if kind == PollKind.MOTION else HOSTILE[2:4]
    poll = services.create_poll(
        chair,
        live_sitting,
        services.PollSpec(
            kind=kind, title=HOSTILE[0], labels=labels, secret=kind != PollKind.MOTION
        ),
    )
    poll = services.close_poll(chair, services.open_poll(chair, poll))
    rows = rows_of(client_for(chair).get(reverse("voting:result_csv", args=[poll.pk])))
    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE[0] in cells
    for label in labels:
        assert "'" + label in cells
    assert dangerous(rows) == []


@pytest.mark.django_db
def test_the_speakers_record_export_neutralises_addressees_and_titles(
    live_sitting, chair, delegate, secretariat
):
    item = live_sitting.items.first()
    item.title = HOSTILE[3]
    item.save(update_fields=["title"])
    asked = speakers.request_to_speak(
        delegate, live_sitting, kind=SpeakerKind.QUESTION, addressee=HOSTILE[1]
    )
    speakers.give_floor(chair, live_sitting, asked.pk)
    response = client_for(secretariat).get(
        f"/sittings/{live_sitting.pk}/speakers/record/", {"format": "csv"}
    )
    rows = rows_of(response)
    assert rows[1][1] == "'" + HOSTILE[3] and rows[1][5] == "'" + HOSTILE[1]
    assert dangerous(rows) == []


def test_no_module_writes_csv_around_the_helper():
    """A new export (follow-up, records) that calls csv.writer itself fails here."""
    root = Path(__file__).resolve().parents[2]
    skipped = {".venv", "node_modules", "tests", "bench", "staticfiles", "var"}
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not skipped & set(path.relative_to(root).parts)
        and path != root / "council" / "exports.py"
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
