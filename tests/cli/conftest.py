"""Fixtures of the CLI tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def passphrase_file(tmp_path, monkeypatch):
    """JOURNAL_PASSPHRASE_FILE with a passphrase in it (0600); returns a function to change it."""
    path = tmp_path / "passphrase"

    def use(text: str) -> None:
        path.write_text(text + "\n")
        path.chmod(0o600)
        monkeypatch.setenv("JOURNAL_PASSPHRASE_FILE", str(path))

    use("correct horse battery")
    return use
