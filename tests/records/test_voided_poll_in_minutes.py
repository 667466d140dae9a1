"""A vote voided because the ballot box lost its key stands in the minutes as voided, with
the chair's reason, and blocks nothing once voided (issue 14)."""

import pytest

from records import assembly, services
from sessions import services as sittings
from sessions.errors import ActionRefused
from sessions.models import SittingState
from tests.records.conftest import _vote, script_sitting
from tests.records.helpers import pdf_text
from tests.sealing import lose_key
from voting import services as voting
from voting.models import PollKind

pytestmark = pytest.mark.django_db

VOIDED_TITLE = "Nghị quyết về biên chế năm 2027"
REASON = "Hòm phiếu mất khóa trong khi đang bỏ phiếu"


def test_a_voided_vote_is_in_the_minutes_with_its_reason(small_council, people, keys):
    sitting, _named, _secret = script_sitting(small_council, people, close=False)
    chair = people["chutoa"]
    item = sitting.items.get(position=2)
    poll = voting.create_poll(
        chair,
        sitting,
        voting.PollSpec(kind=PollKind.MOTION, title=VOIDED_TITLE, item_id=item.pk, secret=True),
    )
    voting.open_poll(chair, poll)
    for username in ("db1", "db2"):
        _vote(people[username], poll, "yes")
    lose_key(poll)
    with pytest.raises(ActionRefused):
        voting.close_poll(chair, poll)
    with pytest.raises(ActionRefused, match=r"(?i)void|hủy"):
        sittings.change_sitting_state(chair, sitting, SittingState.CLOSED)
    voting.void_poll(chair, poll, REASON)
    sittings.change_sitting_state(chair, sitting, SittingState.CLOSED)

    content = assembly.assemble(sitting, notes={}, absence_reasons={})
    records = next(i for i in content.items if i.item_id == item.pk).polls
    voided = next(r for r in records if r.title == VOIDED_TITLE)
    assert voided.voided and voided.void_reason == REASON and voided.voters == 2
    assert voided.counts == [] and "Hủy bỏ" in voided.verdict

    secretary = people["thuky"]
    minutes = services.open_minutes(secretary, sitting)
    record = services.finalise_minutes(secretary, minutes)
    with record.pdf.open("rb") as fh:
        text = " ".join(pdf_text(fh.read()).split())
    part = text[text.index(VOIDED_TITLE) :]
    assert "Hủy bỏ" in part[:400] and REASON in part[:400]
