"""Recount a sealed poll from its downloaded file (the result page's "signed list" link):

    python -m ballotbox.recount poll-7-count.json [--main-key BASE64]

It checks the ballot box's signature over the list (against --main-key if given, which is
the point: take the key from somewhere other than the file), then counts the marks per
option. Invalid ballots (anything but {"choices": {...}, "token": "..."} over the poll's
options) are counted apart. It needs PyNaCl only: no Django, no database.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from ballotbox import protocol


def recount(data: dict, main_key: str) -> tuple[Counter[tuple[str, str]], int, int]:
    count = protocol.verify(data["document"], data["signature"], main_key, protocol.COUNT_KIND)
    if count["poll"] != data["box_poll_id"]:
        raise protocol.NotAuthentic("the list is for another poll")
    options = {str(o["id"]) for o in data["options"]}
    marks: Counter[tuple[str, str]] = Counter()
    invalid = 0
    for plaintext in count["plaintexts"]:
        try:
            ballot = json.loads(plaintext) if isinstance(plaintext, str) else None
            choices = ballot["choices"] if isinstance(ballot, dict) else None
            if not isinstance(choices, dict) or not set(choices) <= options:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            invalid += 1
            continue
        for option_id, mark in choices.items():
            marks[(option_id, str(mark))] += 1
    return marks, invalid, len(count["plaintexts"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--main-key", help="the ballot box's main public key (base64)")
    args = parser.parse_args()
    data = json.loads(args.file.read_text(encoding="utf-8"))
    key = args.main_key or data.get("main_public_key")
    if not args.main_key:
        print("warning: the main key comes from the file itself; pass --main-key", file=sys.stderr)
    try:
        marks, invalid, total = recount(data, key)
    except (protocol.NotAuthentic, KeyError) as error:
        sys.exit(f"NOT AUTHENTIC: {error}")
    labels = {str(o["id"]): o["label"] or o["code"] for o in data["options"]}
    print(f"{data['poll']['title']}: {total} ballots, {invalid} not readable as a ballot")
    for (option_id, mark), votes in sorted(marks.items()):
        print(f"  {labels[option_id]} [{mark}]: {votes}")
    print("(The app's rules also refuse e.g. two answers to a motion; see voting/sealing.py.)")


if __name__ == "__main__":
    main()
