import pytest
from django.core.exceptions import ImproperlyConfigured

from council.env import env_bool, env_int, env_list


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_booleans_accept_the_usual_spellings(monkeypatch):
    for raw, expected in [("1", True), ("YES", True), ("off", False), ("", False)]:
        monkeypatch.setenv("X_FLAG", raw)
        assert env_bool("X_FLAG", not expected) is expected


def test_a_number_that_is_not_a_number_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_NUM", "lots")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("X_NUM", 5)


def test_a_number_below_its_minimum_fails_loudly(monkeypatch):
    monkeypatch.setenv("X_NUM", "3")
    with pytest.raises(ImproperlyConfigured, match="minimum"):
        env_int("X_NUM", 5, minimum=10)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env_list("X_LIST", []) == ["a.example", "b.example"]


def test_a_bad_settings_value_stops_django_at_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "CHANNEL_CAPACITY": "many", "DJANGO_SETTINGS_MODULE": "council.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "CHANNEL_CAPACITY" in result.stderr
