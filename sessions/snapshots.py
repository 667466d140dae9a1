"""Snapshots served from a per-process cache, and resyncs rate-limited (issue 13, point 8).

One delegate looping resyncs over 20-30 sockets made every connect in the hall five to ten
times slower: each snapshot was rendered anew on the consumers' one database thread.

- A snapshot's regions depend on the sitting, the page and the language only (never the
  viewer), so one rendered at a seq serves every tablet asking at that seq. It is rendered
  again when the seq moves, when the process's hub sees any event of the sitting (a
  coalesced tally changes regions without a seq) or joins its group afresh, and after
  CACHE_SECONDS whatever happened, as a backstop.
- Resyncs are limited by token buckets per socket and per member (per process). A resync
  over the limit is not refused: it is answered when the bucket allows, and the resyncs
  that come meanwhile are merged into it, so a tablet that asked always gets a snapshot.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from council.models import Member
from sessions.models import Sitting
from sessions.regions import render_regions
from sessions.state import page_for, page_regions

CACHE_SECONDS = 2.0
CACHE_ENTRIES = 512
SOCKET_BURST = 3
SOCKET_PER_SECOND = 0.5
MEMBER_BURST = 10
MEMBER_PER_SECOND = 2.0
MEMBERS_TRACKED = 10_000


def _group(sitting_id: int) -> str:
    return f"sitting.{sitting_id}"  # sessions.live.sitting_group, without the import cycle


@dataclass
class _Entry:
    seq: int
    generation: int
    built_at: float
    regions: dict[str, str]


class SnapshotCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[int, str, str], _Entry] = OrderedDict()
        self._generations: dict[str, int] = {}
        self._counter = 0

    def generation(self, group: str) -> int:
        with self._lock:
            return self._generations.get(group, 0)

    def invalidate(self, group: str) -> None:
        """Something of the group's sitting may have changed (the hub, on every event)."""
        with self._lock:
            # A process-wide counter: a generation never comes back after clear().
            self._counter += 1
            self._generations[group] = self._counter

    def get(self, key: tuple[int, str, str], seq: int, generation: int) -> dict[str, str] | None:
        with self._lock:
            entry = self._entries.get(key)
            if (
                entry is None
                or entry.seq != seq
                or entry.generation != generation
                or time.monotonic() - entry.built_at > CACHE_SECONDS
            ):
                return None
            return entry.regions

    def put(
        self, key: tuple[int, str, str], seq: int, generation: int, regions: dict[str, str]
    ) -> None:
        with self._lock:
            self._entries[key] = _Entry(seq, generation, time.monotonic(), regions)
            self._entries.move_to_end(key)
            while len(self._entries) > CACHE_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._counter += 1
            self._generations = dict.fromkeys(self._generations, self._counter)


cache = SnapshotCache()


def build_snapshot(sitting_id: int, member: Member, page: str | None = None) -> dict[str, Any]:
    """sessions.state.build_snapshot, its regions from the cache when nothing changed."""
    # The generation before the seq, the seq before rendering: whatever changes after
    # either is read makes this render stale for the cache, never the other way round.
    generation = cache.generation(_group(sitting_id))
    sitting = Sitting.objects.select_related("council").get(pk=sitting_id)
    page = page or page_for(member)
    key = (sitting_id, page, member.language)
    regions = cache.get(key, sitting.event_seq, generation)
    if regions is None:
        regions = render_regions(sitting, page_regions(page), member.language)
        cache.put(key, sitting.event_seq, generation, regions)
    return {
        "type": "snapshot",
        "seq": sitting.event_seq,
        "state": sitting.state,
        "page": page,
        "language": member.language,
        "regions": regions,
    }


@dataclass
class TokenBucket:
    burst: float
    per_second: float
    tokens: float = field(default=-1.0)
    updated: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.tokens < 0:
            self.tokens = self.burst

    def reserve(self) -> float:
        """Take a token; the seconds to wait before it is due (0: now)."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.per_second


_members_lock = threading.Lock()
member_limits: OrderedDict[str, TokenBucket] = OrderedDict()


def socket_bucket() -> TokenBucket:
    return TokenBucket(SOCKET_BURST, SOCKET_PER_SECOND)


def resync_wait(socket: TokenBucket, member_key: str) -> float:
    """Seconds before this socket's resync may be served, by its own and its member's limit."""
    with _members_lock:
        bucket = member_limits.get(member_key)
        if bucket is None:
            bucket = member_limits[member_key] = TokenBucket(MEMBER_BURST, MEMBER_PER_SECOND)
            while len(member_limits) > MEMBERS_TRACKED:
                member_limits.popitem(last=False)
        member_limits.move_to_end(member_key)
        return max(socket.reserve(), bucket.reserve())
