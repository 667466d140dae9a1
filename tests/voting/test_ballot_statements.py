"""What one ballot request asks of the database (issue 19, goal 1).

The number is pinned: a change that adds a statement to every tap of a delegate must change
this file too, and say why. Counted through the whole request (middleware, view, service,
the answer's render) as the test client runs it; savepoints are the test's own transaction
at work (in production the same atomic block is BEGIN ... COMMIT), so they are not counted.

What each statement is for, in order:
- the middleware: the session, the user, the member's language;
- the view: the poll (with its sitting and council), the viewer's membership;
- the service, under lock: the sitting's row, the poll's row, the delegate's receipt,
  their presence, the poll's options (the choice's check, and the answer's words);
- the writes: the receipt, the ballot, the voting clock (UPDATE ... RETURNING), the poll's
  version, the audit entry.
The answer is rendered from what the cast read and wrote: no statement of its own.
"""

import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.sealing import seal
from tests.voting.conftest import open_motion, option, present
from voting.models import Ballot, BallotReceipt, SealedBallot

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
NAMED_BALLOT_STATEMENTS = 15
SEALED_BALLOT_STATEMENTS = 14  # no options: the box reads the choice
_TRANSACTION_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b")


def statements(captured) -> list[str]:
    return [q["sql"] for q in captured if not _TRANSACTION_CONTROL.match(q["sql"])]


def post_ballot(client, poll, form):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("voting:cast", args=[poll.pk]), form, headers=HTMX)
    assert response.status_code == 200, response.content[:500]
    return response, statements(captured.captured_queries)


def kinds(sqls: list[str]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for sql in sqls:
        verb = sql.split(None, 1)[0].upper()
        counted[verb] = counted.get(verb, 0) + 1
    return counted


def test_a_named_ballot_takes_a_pinned_number_of_statements(live_sitting, chair, delegate):
    poll = open_motion(chair, live_sitting, require_presence=True)
    present(live_sitting, delegate)
    yes = option(poll, "yes").pk
    client = client_for(delegate)
    _response, sqls = post_ballot(client, poll, {"choice": yes, "submission_id": str(uuid.uuid4())})
    assert len(sqls) == NAMED_BALLOT_STATEMENTS, "\n".join(sqls)
    assert kinds(sqls) == {"SELECT": 10, "INSERT": 3, "UPDATE": 2}
    assert Ballot.objects.get(poll=poll).member == delegate


def test_a_sealed_ballot_takes_a_pinned_number_of_statements(live_sitting, chair, delegate):
    poll = open_motion(chair, live_sitting, secret=True, require_presence=True)
    present(live_sitting, delegate)
    ciphertext, _token = seal(poll, {option(poll, "yes").pk: "x"})
    client = client_for(delegate)
    _response, sqls = post_ballot(
        client, poll, {"sealed": ciphertext, "submission_id": str(uuid.uuid4())}
    )
    assert len(sqls) == SEALED_BALLOT_STATEMENTS, "\n".join(sqls)
    assert kinds(sqls) == {"SELECT": 9, "INSERT": 3, "UPDATE": 2}
    # The secret path writes the receipt and the ciphertext, never a plain ballot.
    assert not Ballot.objects.filter(poll=poll).exists()
    assert SealedBallot.objects.filter(poll=poll).count() == 1


@pytest.mark.parametrize("how", ["named", "changeable", "sealed"])
def test_the_answer_to_a_ballot_is_the_panel_as_the_tablet_reloads_it(
    live_sitting, chair, delegate, how
):
    options = {"allow_change": True} if how == "changeable" else {"secret": how == "sealed"}
    poll = open_motion(chair, live_sitting, require_presence=True, **options)
    present(live_sitting, delegate)
    client = client_for(delegate)
    form = {"submission_id": str(uuid.uuid4())}
    if how == "sealed":
        form["sealed"] = seal(poll, {option(poll, "no").pk: "x"})[0]
    else:
        form["choice"] = str(option(poll, "no").pk)
    answer, _ = post_ballot(client, poll, form)
    reloaded = client.get(reverse("voting:my_vote", args=[live_sitting.pk]), headers=HTMX)
    assert answer.content.decode() == reloaded.content.decode()
    assert 'data-voted="true"' in answer.content.decode()
    assert ("my-vote-choice" in answer.content.decode()) == (how != "sealed")


def test_a_retry_is_answered_with_the_first_receipt_and_the_panel(live_sitting, chair, delegate):
    poll = open_motion(chair, live_sitting, require_presence=True)
    present(live_sitting, delegate)
    client = client_for(delegate)
    form = {"choice": option(poll, "yes").pk, "submission_id": str(uuid.uuid4())}
    first, _ = post_ballot(client, poll, form)
    again, _ = post_ballot(client, poll, form)
    assert first.content == again.content
    assert BallotReceipt.objects.filter(poll=poll).count() == 1
