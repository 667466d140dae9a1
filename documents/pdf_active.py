"""Active content in a PDF: found in what is served as uploaded, stripped from every copy.

Runs inside the sandbox (documents/_pdf_worker.py): imports pypdf, never Django.

Active content is anything a reader may run or open by itself, or on a click, beyond moving
inside the document or following a web link: JavaScript, an OpenAction, additional actions
(/AA, on a page, a field or the document), Launch, SubmitForm, ImportData and every other
action type but GoTo and URI, embedded and attached files, XFA forms, rich media. pdf.js in
the app runs none of it; a desktop reader opening a download might.

The walk follows every object reachable from the trailer (what is unreachable is never
read), once each.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Keys whose mere presence is active content, wherever they appear.
ACTIVE_KEYS = frozenset(
    {"/OpenAction", "/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/XFA", "/RichMediaContent"}
)
# Action types (/S) that only move the reader (inside the file, or to a web page it asks
# about first).
SAFE_ACTIONS = frozenset({"/GoTo", "/URI"})
# Annotations that exist to carry or play something.
ACTIVE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
)
# An embedded file stream, wherever it hangs (a file specification carries it in /EF, /RF).
FILE_KEYS = ("/EF", "/RF")
# Action types (/S of an action dictionary) that do more than move the reader. /S means
# other things elsewhere (page labels, transitions), hence a list rather than "not safe".
UNSAFE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/Thread",
        "/Sound",
        "/Movie",
        "/Hide",
        "/Named",
        "/SetOCGState",
        "/Rendition",
        "/GoTo3DView",
        "/RichMediaExecute",
        "/ECMAScript",
    }
)


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_unsafe_action(value: Any) -> bool:
    action = _resolve(value)
    return isinstance(action, DictionaryObject) and action.get("/S") not in SAFE_ACTIONS


def _walk(root: Any) -> Any:
    """Every dictionary and array reachable from `root`, each once (cycles are common)."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            yield item
            stack.extend(item)


def findings(trailer: DictionaryObject) -> list[str]:
    """What active content the document reachable from `trailer` carries (empty: none)."""
    found: set[str] = set()
    for item in _walk(trailer):
        if not isinstance(item, DictionaryObject):
            continue
        found.update(key for key in item if key in ACTIVE_KEYS)
        if "/A" in item and _is_unsafe_action(item["/A"]):
            found.add(f"action {_resolve(item['/A']).get('/S')}")
        if item.get("/S") in UNSAFE_ACTIONS:
            found.add(f"action {item['/S']}")
        if item.get("/Subtype") in ACTIVE_ANNOTATIONS:
            found.add(f"annotation {item['/Subtype']}")
        if item.get("/Type") == "/EmbeddedFile" or any(key in item for key in FILE_KEYS):
            found.add("embedded file")
    return sorted(found)


def strip(writer: Any) -> list[str]:
    """Remove active content from a PdfWriter's document in place; return what was there."""
    removed: set[str] = set()
    for item in list(_walk(writer.root_object)):
        if isinstance(item, ArrayObject):
            kept = [
                entry
                for entry in item
                if not (
                    isinstance(_resolve(entry), DictionaryObject)
                    and _resolve(entry).get("/Subtype") in ACTIVE_ANNOTATIONS
                )
            ]
            if len(kept) != len(item):
                removed.add("annotation")
                item[:] = kept
            continue
        for key in [key for key in item if key in ACTIVE_KEYS]:
            removed.add(key)
            del item[key]
        if "/A" in item and _is_unsafe_action(item["/A"]):
            removed.add(f"action {_resolve(item['/A']).get('/S')}")
            del item["/A"]
        if item.get("/S") in UNSAFE_ACTIONS:  # reached otherwise (a /Next chain): emptied
            removed.add(f"action {item['/S']}")
            item.clear()
            continue
        # An action's chain (/Next) may lead to another action of any kind.
        if "/Next" in item and item.get("/S") in SAFE_ACTIONS:
            del item["/Next"]
        for key in FILE_KEYS:
            if key in item:
                removed.add("embedded file")
                del item[key]
    names = writer.root_object.get("/Names")
    if names is not None and not _resolve(names):
        del writer.root_object[NameObject("/Names")]
    return sorted(removed)


# The header, comment lines (the binary marker), then the first object's dictionary.
_FIRST_OBJECT = re.compile(
    rb"\A%PDF-\d\.\d[^\n\r]*[\r\n]+(?:%[^\n\r]*[\r\n]+)*\s*\d+\s+\d+\s+obj\s*<<(.*?)>>",
    re.S,
)
_LENGTH = re.compile(rb"/L\s+(\d+)")


def is_linearized(head: bytes, size: int) -> bool:
    """A linearized file: its first object is the linearization dictionary, whose /L is the
    file's length. The string `/Linearized` somewhere in the first kilobyte is not enough."""
    match = _FIRST_OBJECT.match(head)
    if match is None or b"/Linearized" not in match.group(1):
        return False
    length = _LENGTH.search(match.group(1))
    return length is not None and int(length.group(1)) == size
