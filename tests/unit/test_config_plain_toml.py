"""config.plain_toml reads the plain part of TOML as tomllib does, and leaves the rest to it
(issue 20: importing tomllib cost every command of anyone with a config file ~5 ms)."""

from __future__ import annotations

import random
import tomllib

import pytest

from journal import config

WRITTEN = [
    "", "\n\n", "# only a comment\n", "[sync]\nfolder = \"/home/ada/Sync/journal\"\n",
    "[security]\nremember_key = true\nrequire_encryption = false\n",
    "[backup]\nkeep = 7\ndaily = false  # off\n\n[nudges]\nquiet_days = 21\n",
    "top = 1\n[t]\na = -5\nb = 0\n", "[t]\r\nname = \"crlf\"\r\n", "  [t]  # indented\n\tk = \"tab\"\n",
    '[t]\nk = "quote \\" slash \\\\ nl \\n tab \\t u \\u00e9 emoji 🌱 ü"\n',
    # beyond the plain part: tomllib reads them (or refuses them)
    "[a.b]\nk = 1\n", "[t]\nk = 'literal'\n", "[t]\nk = 1_000\n", "[t]\nk = 0x10\n", "[t]\nk = +1\n",
    "[t]\nk = 1.5\n", "[t]\nk = [1, 2]\n", "[t]\nk = {a = 1}\n", "[t]\nk = 2026-01-01\n",
    "[t]\n\"quoted key\" = 1\n", "[[arr]]\nk = 1\n", '[t]\nk = """multi"""\n',
    # refused by TOML: plain_toml must not accept them either
    "[t]\nk = 1\nk = 2\n", "[t]\n[t]\n", "t = 1\n[t]\n", "[t]\nk = 01\n", "[t]\nk = \"\\ud800\"\n",
    "[t]\nk = \"bad \\x escape\"\n", "[t]\nk = 1\r", "[t]\nk = \"a\rb\"\n", "# bell \x07\n", "\ufeff[t]\n",
    "[t]\nk = \"\x01\"\n", "[t]\nk = tru\n", "[t] k = 1\n", "k =\n", "[t\n", "[t]\nk = \"open\n",
    "[t]\nk = -0\n", "[t]\nk = 99999999999999999999\n", '[sync]\nfolder = "\\ud83d\\ude00"\n',
]


def _toml(text: str) -> dict | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def _drawn(seed: int) -> list[str]:
    rng = random.Random(seed)
    keys = ["a", "k-1", "name_2", "Z"]
    values = ["true", "false", "0", "-3", "42", '"x"', '""', '"é \\" q"', '"\\u0041"', "1_0", "'s'", "1.0", "01"]
    texts = []
    for _ in range(400):
        lines = []
        for _ in range(rng.randint(0, 6)):
            kind = rng.random()
            if kind < 0.25:
                lines.append(f"[{rng.choice(keys)}]" + rng.choice(["", "  # c", "\t"]))
            elif kind < 0.35:
                lines.append(rng.choice(["", "# note", "   "]))
            else:
                lines.append(f"{rng.choice(keys)}{rng.choice([' = ', '=', ' =  '])}{rng.choice(values)}"
                             + rng.choice(["", " # why"]))
        texts.append(rng.choice(["\n", "\r\n"]).join(lines) + rng.choice(["", "\n"]))
    return texts


@pytest.mark.parametrize("text", WRITTEN + _drawn(20261129))
def test_what_plain_toml_reads_it_reads_as_tomllib_does(text):
    ours = config.plain_toml(text)
    if ours is not None:
        assert ours == _toml(text), text


def test_an_escaped_surrogate_pair_is_left_to_tomllib():
    """JSON joins one into a character; TOML refuses it (helper review)."""
    assert config.plain_toml('[sync]\nfolder = "\\ud83d\\ude00"\n') is None


def test_the_files_journal_writes_are_read_without_tomllib(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    config.save_setting("sync", "folder", "/home/ada/Sync/\"journal\" é")
    config.save_setting("security", "remember_key", True)
    config.save_setting("backup", "keep", 9)
    text = config.config_file().read_text(encoding="utf-8")
    assert config.plain_toml(text) == tomllib.loads(text)
    assert sum(config.plain_toml(t) is not None for t in WRITTEN) >= 10
