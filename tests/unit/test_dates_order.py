"""`[dates] order` and its default from the locale (config.date_order): how 3/7/2014 is read."""

from __future__ import annotations

import pytest

from journal import config
from journal.services import Journal


@pytest.fixture
def locale(monkeypatch):
    """Set the locale variables (unset ones are removed)."""

    def use(**values: str) -> None:
        for name in ("LC_ALL", "LC_TIME", "LANG"):
            if name in values:
                monkeypatch.setenv(name, values[name])
            else:
                monkeypatch.delenv(name, raising=False)

    return use


def write_config(text: str) -> None:
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("variables", "order"),
    [
        ({"LANG": "en_US.UTF-8"}, "mdy"),
        ({"LANG": "es_US.UTF-8"}, "mdy"),
        ({"LANG": "en_PH.UTF-8"}, "mdy"),
        ({"LANG": "en_GB.UTF-8"}, "dmy"),
        ({"LANG": "de_DE.UTF-8"}, "dmy"),
        ({"LANG": "en_CA.UTF-8"}, "dmy"),
        ({"LANG": "fr_FR@euro"}, "dmy"),
        ({"LANG": "C.UTF-8"}, "dmy"),
        ({"LANG": "POSIX"}, "dmy"),
        ({}, "dmy"),
        # LC_ALL over LC_TIME over LANG, as the C library reads them
        ({"LANG": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8"}, "mdy"),
        ({"LANG": "en_US.UTF-8", "LC_TIME": "en_GB.UTF-8"}, "dmy"),
        ({"LC_ALL": "en_US.UTF-8", "LC_TIME": "de_DE.UTF-8"}, "mdy"),
        ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, "mdy"),  # an empty one does not count
    ],
)
def test_the_default_order_comes_from_the_locale(locale, variables, order):
    locale(**variables)
    assert config.date_order()[0] == order


def test_the_reason_names_the_locale_and_the_setting(locale):
    locale(LANG="en_US.UTF-8")
    assert config.date_order() == ("mdy", "the locale en_US.UTF-8; [dates] order sets it")
    locale(LANG="C.UTF-8")
    assert config.date_order() == ("dmy", "the default; [dates] order sets it")
    locale(LANG="en_US.UTF-8\x1b[31m")  # not a locale name: never echoed
    assert config.date_order() == ("dmy", "the default; [dates] order sets it")


@pytest.mark.catalogue("Q127")
def test_the_setting_wins_over_the_locale(locale):
    locale(LANG="en_US.UTF-8")
    write_config('[dates]\norder = "dmy"\n')
    assert config.date_order() == ("dmy", "[dates] order")
    locale(LANG="en_GB.UTF-8")
    write_config('[dates]\norder = "mdy"\n')
    assert config.date_order() == ("mdy", "[dates] order")


@pytest.mark.parametrize("value", ['"ymd"', '"DMY"', "1", "true"])
def test_a_wrong_setting_is_reported_and_the_locale_is_used(locale, value):
    locale(LANG="en_US.UTF-8")
    write_config(f"[dates]\norder = {value}\n")
    assert config.date_order()[0] == "mdy"
    [problem] = config.settings().problems
    assert problem.startswith("[dates] order = ") and 'is not "dmy" or "mdy" (the default is used)' in problem


def test_the_journal_reads_the_order_only_for_a_date_that_needs_it(journal: Journal, locale, monkeypatch):
    locale(LANG="en_GB.UTF-8")
    assert journal.when("3/7/2014").day.isoformat() == "2014-07-03"
    locale(LANG="en_US.UTF-8")
    assert journal.when("3/7/2014").day.isoformat() == "2014-03-07"
    monkeypatch.setattr(config, "settings", lambda: pytest.fail("config read for a date that needs no order"))
    assert journal.when("25.12.2025").day.isoformat() == "2025-12-25"
    assert journal.span("june 2013").last.isoformat() == "2013-06-30"
