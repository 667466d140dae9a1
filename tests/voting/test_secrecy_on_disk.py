"""What a database reader finds on disk after a 20-voter secret poll (issue 14), with
PostgreSQL's pageinspect: every tuple, live or dead, and the raw bytes of the pages.

Plain choices exist in ``voting_ballot`` only (and in the signed list on the poll row),
and both are written by the close's transaction. The voter's transaction writes the
receipt, the ciphertext and bookkeeping rows that carry its transaction id (xmin). The
link the issue found was a ballot tuple carrying a voter's xmin, alive before the close,
dead after it, and still in the page bytes after VACUUM. None may exist, at any stage.
"""

import struct
import uuid

import pytest
from django.db import connection

from tests.conftest import make_member, without_real_services
from tests.sealing import seal
from tests.voting.conftest import open_motion, option, present
from voting import services
from voting.models import Ballot

pytestmark = pytest.mark.django_db(transaction=True)

VOTERS = 20


def _cast(member, poll, code, token):
    """The tablet's ballot: the choice and the token sealed to the poll's key."""
    poll.refresh_from_db()
    ciphertext, _ = seal(poll, {option(poll, code).pk: "x"}, token)
    services.cast_sealed_ballot(member, poll, ciphertext, uuid.uuid4())


def _tuples(cursor, relation):
    """(t_xmin, t_xmax, t_data) of every tuple in the relation's pages, live or dead."""
    cursor.execute(
        "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [relation]
    )
    pages = cursor.fetchone()[0]
    rows = []
    for page in range(pages):
        cursor.execute(
            "SELECT t_xmin::text::bigint, t_xmax::text::bigint, t_data "
            "FROM heap_page_items(get_raw_page(%s, %s)) WHERE lp_flags = 1",
            [relation, page],
        )
        rows += [(xmin, xmax, bytes(data or b"")) for xmin, xmax, data in cursor.fetchall()]
    return rows


def _raw_pages(cursor, relation):
    cursor.execute(
        "SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [relation]
    )
    pages = cursor.fetchone()[0]
    raw = b""
    for page in range(pages):
        cursor.execute("SELECT get_raw_page(%s, %s)", [relation, page])
        raw += bytes(cursor.fetchone()[0])
    return raw


def _relations(cursor):
    """Every table of the database with pages on disk, TOAST tables included."""
    cursor.execute(
        "SELECT c.oid::regclass::text FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 't', 'm') AND n.nspname IN ('public', 'pg_toast') "
        "AND pg_relation_size(c.oid) > 0"
    )
    return [row[0] for row in cursor.fetchall()]


def _ballot_relations(cursor):
    cursor.execute(
        "SELECT 'voting_ballot', reltoastrelid::regclass::text FROM pg_class "
        "WHERE oid = 'voting_ballot'::regclass"
    )
    table, toast = cursor.fetchone()
    return [table] + ([toast] if toast and toast != "-" else [])


def _links(tokens):
    """Every way this database ties a receipt (its writer's xid) to a plain choice."""
    found = []
    with connection.cursor() as cursor:
        receipts = _tuples(cursor, "voting_ballotreceipt")
        voter_xids = {xmin for xmin, _xmax, _data in receipts}
        assert len(voter_xids) == VOTERS  # one transaction per voter
        for relation in _ballot_relations(cursor):
            for xmin, xmax, _data in _tuples(cursor, relation):
                if xmin in voter_xids or xmax in voter_xids:
                    found.append(f"{relation}: a tuple written by voter transaction {xmin}")
            raw = _raw_pages(cursor, relation)
            for xid in voter_xids:
                if struct.pack("<I", xid) in raw:
                    found.append(f"{relation}: voter transaction {xid} in the page bytes")
        for relation in _relations(cursor):
            for xmin, _xmax, data in _tuples(cursor, relation):
                if xmin in voter_xids and any(token.encode() in data for token in tokens):
                    found.append(f"{relation}: a plain token in voter transaction {xmin}")
    return found


def test_no_tuple_live_or_dead_ties_a_receipt_to_a_choice(live_sitting, chair, council):
    if connection.vendor != "postgresql":
        without_real_services("DATABASE_URL pointing at PostgreSQL (pageinspect)")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")  # needs a superuser
    voters = [make_member(council, f"voter{i:02d}", "delegate") for i in range(VOTERS)]
    present(live_sitting, *voters)
    poll = open_motion(chair, live_sitting, secret=True)
    codes = ["yes", "no", "abstain", "yes"]
    tokens = [f"token-{i:02d}-{uuid.uuid4().hex}" for i in range(VOTERS)]
    for index, member in enumerate(voters):
        _cast(member, poll, codes[index % 4], tokens[index])

    assert _links(tokens) == [], "open poll"
    poll = services.close_poll(chair, poll)
    assert Ballot.objects.filter(poll=poll).count() == VOTERS
    assert {o["code"]: o["votes"] for o in poll.result["options"]} == {
        "yes": 10,
        "no": 5,
        "abstain": 5,
    }
    assert _links(tokens) == [], "closed poll, before VACUUM"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
    assert _links(tokens) == [], "closed poll, after VACUUM"
