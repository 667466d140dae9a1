"""requirements.lock pins the whole tree, with hashes, and agrees with pyproject.toml.

`make lock` writes it (uv pip compile --universal --generate-hashes); the Makefile installs
from it with --require-hashes. A pin changed in pyproject.toml without `make lock` fails
here, before a tablet meets a Daphne, Twisted or autobahn nobody tested
(sessions/wire.py reaches into their private attributes).
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;]+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    pins = {}
    for line in lines:
        match = PIN.match(line.strip())
        assert match, f"pyproject.toml: {line!r} is not pinned with =="
        pins[normal(match.group(1))] = match.group(3)
    return pins


def lock_entries() -> dict[str, list[tuple[str, list[str]]]]:
    """name -> [(version, hashes)], one per marker variant."""
    entries: dict[str, list[tuple[str, list[str]]]] = {}
    current: list[str] | None = None
    for raw in (ROOT / "requirements.lock").read_text().splitlines():
        line = raw.strip()
        match = PIN.match(line)
        if match:
            current = []
            entries.setdefault(normal(match.group(1)), []).append((match.group(3), current))
        elif line.startswith("--hash=") and current is not None:
            current.append(line.removeprefix("--hash=").rstrip(" \\"))
    return entries


def test_every_pin_of_pyproject_is_in_the_lock_at_the_same_version():
    lock = lock_entries()
    disagree = {
        name: (version, [v for v, _ in lock.get(name, [])])
        for name, version in pyproject_pins().items()
        if [v for v, _ in lock.get(name, [])] != [version]
    }
    assert disagree == {}, "run `make lock`: pyproject.toml and requirements.lock disagree"


def test_the_whole_tree_is_pinned_with_hashes():
    lock = lock_entries()
    assert {"twisted", "autobahn", "txaio", "asgiref"} <= set(lock)  # daphne's own tree
    unhashed = [name for name, variants in lock.items() for _v, hashes in variants if not hashes]
    assert unhashed == []
    assert all(h.startswith("sha256:") for v in lock.values() for _, hs in v for h in hs)


def test_the_makefile_installs_from_the_lock_only():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--no-deps -e ." in makefile
    assert "-e '.[dev]'" not in makefile
