"""Assertions every CLI test makes: success, or one clean error line with the documented code."""

from __future__ import annotations


def ok(result):
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return result


def fails(result, code, *words):
    """Exit `code`, one `journal: …` line on stderr naming every word in `words`; returns the line."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("journal: "), result.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]
