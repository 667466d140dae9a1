"""Setup step run with the app's own settings: tablets' delegates and their sessions.

`python -m bench.djsetup --delegates N` prints JSON: the demo sitting, its items, one
session cookie per tablet and `--chair-devices` sessions of the chair.

`python -m bench.djsetup voting` (JSON on stdin, JSON out) is the ballot burst's step:
`{"action": "prepare", ...}` checks delegates in and creates named motions through the
voting services; `{"action": "count", "poll_id": N}` reads a poll's ballots back from the
database. Opening a poll is not done here: its event must go out from the app's process.

Why extra delegates rather than several sockets per demo delegate: the demo council has 95
delegates, and 500 tablets must be 500 distinct delegates for the ballot burst (one ballot
per delegate) and for `member.<id>` groups to be as many as in a real hall. Extra
delegates exist only in the throwaway database; the council's total follows them so quorum
arithmetic stays meaningful.
"""

import argparse
import json
import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["voting"]:
        voting_step(json.load(sys.stdin))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--delegates", type=int, required=True)
    parser.add_argument("--chair-devices", type=int, default=20)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    import django

    django.setup()

    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db import transaction

    from council.models import Council, Member, Role
    from sessions.models import Sitting

    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]

    def session_for(user) -> str:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

    with transaction.atomic():
        sitting = Sitting.objects.select_related("council").get(number=15)
        council: Council = sitting.council
        plain = Member.objects.filter(council=council, role=Role.DELEGATE)
        existing = plain.count()
        demo_password = get_user_model().objects.get(username="daibieu01").password
        for index in range(existing + 1, args.delegates + 1):
            user = get_user_model().objects.create(
                username=f"bench{index:04d}", password=demo_password
            )
            Member.objects.create(
                user=user,
                council=council,
                role=Role.DELEGATE,
                full_name=f"Đại biểu thử tải {index}",
                seat=f"{index:04d}",
            )
        council.total_delegates = max(
            council.total_delegates, Member.objects.filter(council=council).delegates().count()
        )
        council.save(update_fields=["total_delegates"])
        delegates = list(plain.select_related("user").order_by("pk")[: args.delegates])
        chair = Member.objects.select_related("user").get(council=council, role=Role.CHAIR)
        tablets = [
            {"member_id": m.pk, "username": m.user.username, "cookie": session_for(m.user)}
            for m in delegates
        ]
        chair_cookies = [session_for(chair.user) for _ in range(args.chair_devices)]
        secretariat = Member.objects.select_related("user").get(
            council=council, role=Role.SECRETARIAT
        )

    # An unpublished document the publish scenario publishes and unpublishes. Through the
    # real upload (sandbox, reading copy): its own durable transaction, so after the above.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services as documents
    from tests import pdf_corpus

    bench_document = documents.upload_document(
        secretariat,
        sitting,
        title="Tài liệu thử tải",
        upload=SimpleUploadedFile("bench.pdf", pdf_corpus.valid_pdf(2)),
    )

    json.dump(
        {
            "sitting_id": sitting.pk,
            "council_id": council.pk,
            "items": list(sitting.items.order_by("position").values_list("pk", flat=True)),
            "chair": {"member_id": chair.pk, "username": chair.user.username},
            "chair_cookies": chair_cookies,
            "secretariat_cookie": session_for(secretariat.user),
            "document_id": bench_document.pk,
            "tablets": tablets,
        },
        sys.stdout,
    )


def voting_step(request: dict) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "council.settings")
    import django

    django.setup()

    from collections import Counter

    from django.db import transaction

    from council.models import Member, Role
    from sessions.models import Sitting
    from voting import services
    from voting.models import Ballot, BallotReceipt, Poll, PollKind, SealedBallot

    if request["action"] == "prepare":
        sitting = Sitting.objects.select_related("council").get(pk=request["sitting_id"])
        council = sitting.council
        members = list(
            Member.objects.filter(pk__in=request["member_ids"], council=council).order_by("pk")
        )
        if len(members) != len(request["member_ids"]) or not all(m.is_delegate for m in members):
            raise SystemExit("the tablets' members are not all delegates of the sitting's council")
        accounts = Member.objects.filter(council=council).delegates().count()
        if council.total_delegates < accounts:
            raise SystemExit(
                f"{accounts} delegate accounts but {council.total_delegates} by law: "
                "the voting service would refuse to open a poll"
            )
        chair = Member.objects.get(council=council, role=Role.CHAIR)
        # One transaction: the 500 check-ins' events go out together at the end (to no
        # tablet: the burst's tablets connect after this step and start from a snapshot).
        with transaction.atomic():
            for member in members:
                services.check_in(member, sitting)
        polls = []
        for index in range(request.get("polls", 1)):
            poll = services.create_poll(
                chair,
                sitting,
                services.PollSpec(
                    kind=PollKind.MOTION,
                    title=f"{request.get('title', 'Bench motion')} {index + 1}",
                    item_id=sitting.current_item_id,
                    require_presence=True,
                    # secret: sealed on the tablet, counted by the ballot box at the close
                    secret=bool(request.get("secret")),
                ),
            )
            polls.append({"id": poll.pk, "options": {o.code: o.pk for o in poll.options.all()}})
        json.dump(
            {
                "polls": polls,
                "present": len(members),
                "delegate_accounts": accounts,
                "total_delegates": council.total_delegates,
            },
            sys.stdout,
        )
    elif request["action"] == "key":
        # The poll's public key as the room page gives it to the tablet (signed by the box).
        poll = Poll.objects.get(pk=request["poll_id"])
        document = json.loads(poll.box_key_document)
        json.dump({"public_key": document["public_key"]}, sys.stdout)
    elif request["action"] == "count":
        poll = Poll.objects.get(pk=request["poll_id"])
        codes = {str(o.pk): o.code or o.label for o in poll.options.all()}
        ballots = list(Ballot.objects.filter(poll=poll).values_list("member_id", "choices"))
        receipts = list(BallotReceipt.objects.filter(poll=poll).values_list("member_id", flat=True))
        # The last ballot's write: its receipt's created_at, set inside its transaction.
        last = BallotReceipt.objects.filter(poll=poll).order_by("-created_at").first()
        per_member = Counter(member for member, _choices in ballots if member is not None)
        counts: Counter[str] = Counter()
        for _member, choices in ballots:
            for option_id in choices:
                counts[codes[option_id]] += 1
        json.dump(
            {
                "state": poll.state,
                "ballots": len(ballots),
                "receipts": len(receipts),
                "sealed": SealedBallot.objects.filter(poll=poll).count(),
                "last_write": last.created_at.timestamp() if last else None,
                "doubled": sum(n - 1 for n in per_member.values())
                + (len(receipts) - len(set(receipts))),
                "counts": {code: counts[code] for code in codes.values()},
            },
            sys.stdout,
        )
    else:
        raise SystemExit(f"unknown voting action {request['action']!r}")


if __name__ == "__main__":
    main()
