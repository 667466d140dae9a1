"""Setup step run with the app's own settings: tablets' delegates and their sessions.

`python -m bench.djsetup --delegates N` prints JSON: the demo sitting, its items, one
session cookie per tablet and `--chair-devices` sessions of the chair.

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

    json.dump(
        {
            "sitting_id": sitting.pk,
            "council_id": council.pk,
            "items": list(sitting.items.order_by("position").values_list("pk", flat=True)),
            "chair": {"member_id": chair.pk, "username": chair.user.username},
            "chair_cookies": chair_cookies,
            "tablets": tablets,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
