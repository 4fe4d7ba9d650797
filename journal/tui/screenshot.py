"""Saving a picture of the screen where a person finds it, readable by them alone."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path


def screenshot_folder() -> Path:
    """The Downloads folder (XDG_DOWNLOAD_DIR, else ~/Downloads) when it exists, else the
    current folder: a screenshot is never lost for want of a folder."""
    named = os.environ.get("XDG_DOWNLOAD_DIR")
    for folder in ([Path(named).expanduser()] if named else []) + [Path.home() / "Downloads"]:
        if folder.is_dir():
            return folder
    return Path.cwd()


def save_screenshot(svg: str, now: datetime) -> Path:
    """Write `svg` as threefold-<time>.svg (0600, never over another file); returns its path."""
    folder = screenshot_folder()
    stem = f"threefold-{now.strftime('%Y-%m-%d-%H%M%S')}"
    for number in range(1, 1000):
        path = folder / (f"{stem}.svg" if number == 1 else f"{stem}-{number}.svg")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(svg)
        return path
    raise FileExistsError(f"too many screenshots named {stem}*.svg in {folder}")
