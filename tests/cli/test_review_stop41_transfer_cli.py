"""Review stop 41: an encrypted journal's export to standard output says, on stderr, that what
it wrote is not encrypted, as `export -o FILE` does (a pipe or a redirect makes a plain file)."""

from __future__ import annotations

import json

import pytest

from journal.services import Journal
from journal.store import engine
from tests.cli.expect import ok

pytestmark = pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")


@pytest.mark.catalogue("S429")
def test_an_encrypted_journals_export_to_a_pipe_says_it_is_plain(run, passphrase_file):
    ok(run("add", "words"))
    plain = ok(run("export"))
    assert Journal.PLAIN_STREAM_NOTE not in plain.stderr  # a plain journal: nothing to say
    ok(run("encrypt"))
    said = ok(run("export"))
    assert json.loads(said.stdout)["entries"][0]["body"] == "words"
    assert Journal.PLAIN_STREAM_NOTE in said.stderr and Journal.PLAIN_STREAM_NOTE not in said.stdout
    assert Journal.PLAIN_STREAM_NOTE in ok(run("export", "--format", "markdown", "-o", "-")).stderr
