"""Threefold's Markdown export is for reading: importing it says how to export the journal as JSON (S468)."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


@pytest.mark.catalogue("S468")
@pytest.mark.parametrize("way", [(), ("--from", "json")])
def test_importing_our_markdown_export_names_the_json_export(run, tmp_path, way):
    ok(run("add", "A day worth keeping"))
    target = tmp_path / "journal.md"
    ok(run("export", "--format", "markdown", "-o", str(target)))
    fails(run("import", str(target), *way), 65, "Threefold's Markdown export", "`journal export --format json -o FILE`",
          "Nothing was imported")
