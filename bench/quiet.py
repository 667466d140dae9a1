"""Wait until a server has let go of the previous scenario's tablets before timing again.

Daphne tears 500 closed sockets down for seconds after a fleet leaves (issue 19: a floor
measured then read 15.2 ms, 11.2 ms after a pause). A round starts only once the server
holds no connection but the listening one and its CPU time stood still for a while.
"""

import asyncio
import os
import time
from pathlib import Path

# TCP states in /proc/net/tcp: LISTEN and TIME_WAIT cost the server nothing.
_IDLE_STATES = {"0A", "06"}


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def open_connections(port: int) -> int:
    """Sockets on `port` other than listening or TIME_WAIT, as the kernel lists them."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local_port = int(parts[1].rsplit(":", 1)[1], 16)
            if local_port == port and parts[3] not in _IDLE_STATES:
                count += 1
    return count


async def wait_quiet(
    pid: int, port: int, *, connections: int = 0, timeout: float = 60, still: float = 0.3
) -> float:
    """Until at most `connections` sockets remain on `port` and `pid` used < 5 % CPU for
    `still` s. Returns how long that took (s); gives up silently after `timeout`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if open_connections(port) <= connections:
            before = cpu_seconds(pid)
            await asyncio.sleep(still)
            if cpu_seconds(pid) - before < 0.05 * still:
                break
        else:
            await asyncio.sleep(0.1)
    return time.monotonic() - started
