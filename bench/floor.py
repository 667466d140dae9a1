"""The floor: the least a Python WebSocket server can do to reach N tablets.

A plain `websockets` server, in its own process like Daphne. Tablets get a tiny snapshot
on connect; a message on /control hands it one frame, which it sends to every tablet with
`websockets.broadcast`. The bench hands it the very frame the app sent (its seq changed):
the same bytes, so the tablets' side costs the same for both. Run: `python -m bench.floor PORT`.
"""

import asyncio
import signal
import subprocess
import sys

from websockets.asyncio.server import ServerConnection, broadcast, serve

from bench.infra import HOST, PYTHON, ROOT, free_port, wait_until

TABLETS: set[ServerConnection] = set()


async def handler(ws: ServerConnection) -> None:
    if ws.request is not None and ws.request.path == "/control":
        async for frame in ws:
            broadcast(TABLETS, frame)
            await ws.send("sent")
        return
    TABLETS.add(ws)
    try:
        await ws.send('{"type":"snapshot","seq":0,"regions":{}}')
        await ws.wait_closed()
    finally:
        TABLETS.discard(ws)


async def main(port: int) -> None:
    stop = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with serve(handler, HOST, port, compression=None, ping_interval=None, max_size=None):
        await stop


class FloorServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def ws(self) -> str:
        return f"ws://{HOST}:{self.port}"

    def start(self) -> "FloorServer":
        self.process = subprocess.Popen([PYTHON, "-m", "bench.floor", str(self.port)], cwd=ROOT)

        def listening() -> bool:
            import socket

            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return True
            except OSError:
                return False

        wait_until(listening, timeout=20, what="the floor server")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
