"""Where an encrypted journal's key comes from: the kernel keyring cache (Linux) and its lifetime."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from journal.services import unlocking
from journal.store import engine

linux_keyring = pytest.mark.skipif(unlocking._kernel() is None, reason="no Linux kernel keyring here")


@linux_keyring
def test_the_kernel_cache_keeps_a_key_until_it_is_forgotten(tmp_path):
    path = tmp_path / f"journal-{os.getpid()}.db"
    key = engine.Key.new("a passphrase")
    assert unlocking._from_kernel(path) is None
    unlocking._to_kernel(path, key)
    try:
        cached = unlocking._from_kernel(path)
        assert cached is not None and cached.hex() == key.hex()
        assert unlocking._from_kernel(tmp_path / "another.db") is None  # one entry per journal
    finally:
        unlocking.forget_cached(path)
    assert unlocking._from_kernel(path) is None


def test_a_key_never_shows_itself():
    key = engine.Key.new("a passphrase")
    assert key.hex() not in repr(key) and key.hex() not in str([key])


@linux_keyring
def test_a_remembered_key_in_the_kernel_opens_the_journal_without_the_keyring_package(tmp_path):
    from journal import config
    from journal.services import privacy

    db = privacy.create_encrypted(tmp_path / "secret.db", "a passphrase")
    key = engine.key_for(db)
    assert key is not None
    config.save_setting("security", "remember_key", True)
    unlocking._to_kernel(db, key)
    try:
        probe = ("import sys; from journal.services import Journal; "
                 f"j = Journal.open({str(db)!r}); print(j.entries.count(), 'keyring' in sys.modules)")
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy())
    finally:
        unlocking.forget_cached(db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "False"]
