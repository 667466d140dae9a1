"""One source for each setting, limit and helper (issue 13, point 13).

- Every environment variable the code reads (through council/env.py) is in
  deploy/council.env.example and in the README's Configuration table.
- The env example says what the code does (the tuned tally window, no per-tablet channel).
- The quorum default lives in voting/rules.py only.
- Limits the server owns reach the annotation tools as data, not as a second constant.
- One UUID helper for the browser (static/js/lib/ids.js), with its plain-http fallback.
"""

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from council.models import Council
from voting import rules

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "tests", "staticfiles", "var", "static"}
READ = re.compile(r"\benv_(?:str|bool|int|list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")


def variables_read() -> set[str]:
    names = set()
    for path in ROOT.rglob("*.py"):
        if SKIPPED & set(path.relative_to(ROOT).parts):
            continue
        names |= set(READ.findall(path.read_text(encoding="utf-8")))
    return names


def configuration_table() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Configuration", 1)[1].split("\n## ", 1)[0]
    return "\n".join(line for line in section.splitlines() if line.startswith("|"))


def test_the_code_reads_settings_through_the_env_helpers():
    assert {"DATABASE_URL", "LIVE_COALESCE_MS", "ANNOTATIONS_MAX_STROKES"} <= variables_read()


def test_every_variable_read_is_in_the_env_example():
    example = (ROOT / "deploy" / "council.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, re.MULTILINE))
    assert variables_read() - listed == set()


def test_every_variable_read_is_in_the_readmes_configuration_table():
    table = configuration_table()
    assert {name for name in variables_read() if f"`{name}`" not in table} == set()


def test_the_env_example_keeps_the_tuned_tally_window_and_no_per_tablet_channel():
    example = (ROOT / "deploy" / "council.env.example").read_text(encoding="utf-8")
    assert re.search(r"^LIVE_COALESCE_MS=250$", example, re.MULTILINE)
    assert "tablet's channel" not in example and "tablets on one process" not in example


def test_a_new_council_takes_the_statutory_quorum_from_the_rules():
    council = Council(name="x", total_delegates=95)
    threshold = rules.QUORUM_THRESHOLD
    assert (council.quorum_numerator, council.quorum_denominator) == (
        threshold.numerator,
        threshold.denominator,
    )
    assert threshold.comparison is rules.Comparison.AT_LEAST
    assert not hasattr(rules, "QUORUM_RULE")  # the second copy, used only by tests


@pytest.mark.django_db
@override_settings(
    ANNOTATIONS_MAX_POINTS_PER_STROKE=123, ANNOTATIONS_MAX_STROKES=7, ANNOTATIONS_MAX_NOTE_CHARS=45
)
def test_the_annotation_limits_reach_the_reader_as_data(live_sitting, delegate):
    from tests.conftest import client_for

    html = client_for(delegate).get(f"/documents/sittings/{live_sitting.pk}/reader/").content
    match = re.search(
        rb'<script id="annotation-limits" type="application/json">(.*?)</script>', html
    )
    assert match, "the reader page carries no annotation limits"
    assert json.loads(match.group(1)) == {"points": 123, "strokes": 7, "note_chars": 45}


def browser_scripts() -> dict[str, str]:
    js = ROOT / "static" / "js"
    return {p.relative_to(js).as_posix(): p.read_text(encoding="utf-8") for p in js.rglob("*.js")}


def test_the_annotation_layer_has_no_limit_of_its_own():
    scripts = {n: t for n, t in browser_scripts().items() if n.startswith("annotate")}
    assert "annotate/geometry.js" in scripts
    assert "annotation-limits" in scripts["annotate.js"]
    for name, script in scripts.items():
        assert not re.search(r"points:\s*\d", script), name
        assert not re.search(r"slice\(0,\s*\d+\)", script), name
        assert not re.search(r"maxLength\s*=\s*\d", script), name


def test_one_uuid_helper_serves_every_script():
    scripts = browser_scripts()
    assert "getRandomValues" in scripts["lib/ids.js"]  # plain http on the hall's LAN
    assert [name for name, text in scripts.items() if "randomUUID" in text] == ["lib/ids.js"]
    for name in ("annotate/input.js", "annotate/sync.js", "voting.js"):
        assert re.search(r'from "(\./|\.\./)lib/ids\.js"', scripts[name]), name
