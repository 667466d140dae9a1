"""``python -m ballotbox``: serve the ballot box. Settings come from the environment only
(it must not need Django's settings): see README, "Secret ballots"."""

import logging
import os
import sys
from pathlib import Path

from ballotbox.server import BoxServer
from ballotbox.vault import Vault

DEFAULT_TOKEN = "dev-ballot-box-token"  # noqa: S105 - the app's embedded default too: fine for `make run`


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="ballotbox %(levelname)s %(message)s")
    host = os.environ.get("BALLOT_BOX_HOST", "127.0.0.1")
    port_text = os.environ.get("BALLOT_BOX_PORT", "8765")
    token = os.environ.get("BALLOT_BOX_TOKEN", DEFAULT_TOKEN).strip()
    folder = Path(os.environ.get("BALLOT_BOX_DIR", "var/ballotbox")).resolve()
    if not port_text.isdigit() or not 0 <= int(port_text) < 65536:
        sys.exit(f"BALLOT_BOX_PORT={port_text!r} is not a port number.")
    if not token:
        sys.exit("BALLOT_BOX_TOKEN is empty.")
    server = BoxServer((host, int(port_text)), Vault(folder), token)
    # The line tests and supervisors wait for: the real port (0 asks the system for one).
    print(f"ballotbox listening on {host}:{server.server_address[1]} keys in {folder}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
