"""A keyring backend for the benchmark's children (PYTHON_KEYRING_BACKEND=tests.bench.bench_keyring.Keyring):
a 0600 JSON file named by BENCH_KEYRING_FILE. This machine has no desktop keyring; the figure it
gives is the keyring package's own import and lookup cost, which a real backend only adds to."""

from __future__ import annotations

import json
import os

from keyring.backend import KeyringBackend


class Keyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _load(self) -> dict[str, str]:
        try:
            with open(os.environ["BENCH_KEYRING_FILE"], encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            return {}

    def _save(self, data: dict[str, str]) -> None:
        fd = os.open(os.environ["BENCH_KEYRING_FILE"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._save(data)
