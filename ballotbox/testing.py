"""Start a real ballot box process for tests and benchmarks (never a mock)."""

import os
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class BoxProcess:
    folder: Path
    token: str = "test-ballot-box-token"  # noqa: S105 - a test process's token
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "BoxProcess":
        env = os.environ | {
            "BALLOT_BOX_DIR": str(self.folder),
            "BALLOT_BOX_TOKEN": self.token,
            "BALLOT_BOX_PORT": str(self.port),
            "BALLOT_BOX_HOST": "127.0.0.1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ballotbox"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # blocks until it listens (or dies)
        if "listening" not in line:
            raise RuntimeError(f"the ballot box did not start: {line!r}")
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, as a crash or a pulled plug."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None
