"""The TUI's own settings in config.toml: just `[tui] theme` for now."""

from __future__ import annotations

from journal import config


def saved_theme() -> str | None:
    """The theme kept in config.toml, if any (checked by config.settings: a name, else none)."""
    return config.settings().text("tui.theme")


def save_theme(name: str) -> None:
    """Keep `name` as `[tui] theme`, leaving the rest of config.toml as it is (file mode 0600)."""
    config.save_setting("tui", "theme", name)
