"""Close polls whose countdown ran out.

Run it from a timer (or once with --every N as a small service) so a countdown still ends
when the process that opened the poll restarted in between; see voting/services/polls.py.
"""

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from voting.services import close_expired_polls


class Command(BaseCommand):
    help = "Close every open poll whose countdown has run out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="Keep running, checking every this many seconds (default: check once).",
        )

    def handle(self, *args: Any, every: float = 0, **options: Any) -> None:
        if every < 0:
            raise ValueError("--every must not be negative")
        stop = threading.Event()
        while True:
            closed = close_expired_polls()
            if closed:
                self.stdout.write(f"closed {closed} poll(s)")
            if not every or stop.wait(every):
                return
