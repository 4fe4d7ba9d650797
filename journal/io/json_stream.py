"""Read our own JSON export as a stream: the header whole, `entries` one item at a time.

Why: a 100,000-entry export held as bytes, text, one JSON document and a list of row
dicts at once cost ~1.5 GB. The exporter writes one item per line, but this reader does
not depend on lines: it walks the top-level object with `JSONDecoder.raw_decode`, reading
the file in 1 MB chunks, so a pretty-printed (or one-line) file of our format streams too.
Only the item being decoded (plus one chunk) is in memory; an item larger than a chunk
makes the buffer grow until it fits.

Errors keep the whole-file reader's wording: `line L column C` for bad JSON, and the
same messages for deep nesting, NaN and huge numbers.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NoReturn

from journal.domain.errors import MalformedInput
from journal.io.common import NOT_UTF8_ADVICE, Batch, fail

CHUNK = 1 << 20
_WS = " \t\n\r"


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(parse_constant=_no_constants)


class JsonStream:
    """A cursor over JSON text read from `handle`, with positions as json.loads gives them."""

    def __init__(self, path: Path, handle: BinaryIO, batch: Batch) -> None:
        self.path, self.handle, self.batch = path, handle, batch
        self.buf, self.i, self.eof = "", 0, False
        self.lines, self.col = 0, 0  # newlines before buf[0]; chars since the last one
        self._strict = codecs.getincrementaldecoder("utf-8")("strict")
        self._loose: codecs.IncrementalDecoder | None = None
        self._first = True

    # ---------------------------------------------------------------- reading
    def _decode(self, data: bytes, final: bool) -> str:
        if self._loose is not None:
            return self._loose.decode(data, final)
        pending = self._strict.getstate()[0]
        try:
            return self._strict.decode(data, final)
        except UnicodeDecodeError:
            self.batch.notes.append(f"bytes not valid UTF-8 were replaced with U+FFFD: {NOT_UTF8_ADVICE}")
            self._loose = codecs.getincrementaldecoder("utf-8")("replace")
            return self._loose.decode(pending + data, final)

    def fill(self) -> bool:
        """Read more text (at least a chunk, or as much as is buffered); False at the end."""
        if self.eof:
            return False
        if self.i:
            gone = self.buf[:self.i]
            newlines = gone.count("\n")
            self.lines += newlines
            self.col = len(gone) - gone.rindex("\n") - 1 if newlines else self.col + len(gone)
            self.buf, self.i = self.buf[self.i:], 0
        data = self.handle.read(max(CHUNK, len(self.buf)))
        if self._first:
            self._first = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
        self.eof = not data
        self.buf += self._decode(data, self.eof)
        return True

    def peek(self) -> str:
        """The next non-space character ('' at the end), skipping whitespace."""
        while True:
            buf, i = self.buf, self.i
            while i < len(buf) and buf[i] in _WS:
                i += 1
            self.i = i
            if i < len(buf):
                return buf[i]
            if not self.fill():
                return ""

    def error(self, message: str, at: int | None = None) -> MalformedInput:
        at = self.i if at is None else at
        newline = self.buf.rfind("\n", 0, at)
        line = self.lines + self.buf.count("\n", 0, at) + 1
        column = at - newline if newline >= 0 else self.col + at + 1
        return fail(self.path, f"line {line} column {column}", f"invalid JSON ({message})")

    def expect(self, char: str, message: str) -> None:
        if self.peek() != char:
            raise self.error(message)
        self.i += 1

    def value(self) -> object:
        """Decode the JSON value at the cursor and move past it."""
        self.peek()
        while True:
            try:
                item, end = _DECODER.raw_decode(self.buf, self.i)
            except json.JSONDecodeError as exc:
                if self.fill():
                    continue
                raise self.error(exc.msg, exc.pos) from None
            except RecursionError:
                raise fail(self.path, "", "JSON nested too deeply") from None
            except ValueError as exc:
                problem = "number with too many digits" if "digits" in str(exc) else "NaN or Infinity is not allowed"
                raise fail(self.path, "", problem) from None
            if end < len(self.buf) or not self.fill():  # a number may go on in the next chunk
                self.i = end
                return item

    def key(self) -> str:
        if self.peek() != '"':
            raise self.error("Expecting property name enclosed in double quotes")
        name = self.value()
        assert isinstance(name, str), "a JSON value that starts with a quote is a string"
        self.expect(":", "Expecting ':' delimiter")
        return name

    def items(self) -> Iterator[object]:
        """The values of the array at the cursor, one at a time."""
        self.expect("[", "Expecting value")
        if self.peek() == "]":
            self.i += 1
            return
        while True:
            yield self.value()
            char = self.peek()
            self.i += 1
            if char == "]":
                return
            if char != ",":
                self.i -= 1
                raise self.error("Expecting ',' delimiter")

    def after_value(self) -> bool:
        """After an object member: True for ',' (more follow), False for '}'."""
        char = self.peek()
        if char == ",":
            self.i += 1
            return True
        if char == "}":
            self.i += 1
            return False
        raise self.error("Expecting ',' delimiter")

    def end(self) -> None:
        if self.peek() != "":
            raise self.error("Extra data")
