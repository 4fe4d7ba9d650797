"""Rules for user text: tags, titles, and making any text safe for a terminal."""

from __future__ import annotations

import json
import re
import unicodedata

from journal.domain.errors import BadValue
from journal.patterns import Pattern

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any

MAX_BODY_BYTES = 10 * 1024 * 1024
"""Bodies above 10 MiB are refused (the TUI editor freezes on such text)."""
MAX_TAG_LENGTH = 64
MAX_TITLE_LENGTH = 200

_CTRL = Pattern(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = Pattern(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_SURROGATE = Pattern(r"[\ud800-\udfff]")
_TAG_SPACE = Pattern(r"[\s/\\]+")


def normalise_tags(raw: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Apply the tag rule to every tag given; commas separate several tags in one value.

    Rule: NFKC, lower-case, leading '#' dropped, runs of whitespace or slashes become
    '-', at most 64 characters, control characters refused. Order kept, duplicates dropped.
    """
    tags: list[str] = []
    for value in raw:
        for part in value.split(","):
            tag = unicodedata.normalize("NFKC", part).strip().lstrip("#").strip().lower()
            tag = _TAG_SPACE.sub("-", tag).strip("-")
            if not tag:
                if part.strip():
                    raise BadValue(f"Tag '{for_terminal(part, single_line=True)}' is empty once cleaned")
                continue
            if _CTRL.search(tag) or _BIDI.search(tag):
                raise BadValue("Tags cannot contain control characters")
            if len(tag) > MAX_TAG_LENGTH:
                raise BadValue(f"Tag too long ({len(tag)} characters, limit {MAX_TAG_LENGTH})")
            if tag not in tags:
                tags.append(tag)
    return tuple(tags)


INLINE_TAG_SYMBOLS = "#@"
"""The characters that start a tag typed in an entry's text (jrnl's habit): `[tags] symbols`."""
_INLINE_TAG = Pattern(r"(?<![\w/&.:#@\\-])([^\w\s])([^\W_][\w-]*)")


def inline_tags(text: str, symbols: str = INLINE_TAG_SYMBOLS) -> tuple[str, ...]:
    """The tags typed in `text` as `#confidence` or `@mentoring` (any of `symbols`), cleaned by
    the tag rule, in order, each once.

    A tag starts after whitespace, the start of a line or an opening bracket, and begins with
    a letter or a digit: `# Heading`, `##`, `a@b.org`, `x.org/#top`, `&#39;` and Markdown's
    escaped `\\#literal` (Day One writes a # meant as text so) are no tags.
    Words of letters, digits, `_` and `-`; a trailing `-` is dropped. Code is skipped, as
    Markdown reads it: inline code in any number of backticks, fenced blocks (``` or ~~~) and
    indented blocks (`#include`, `# noqa` and `#TODO` in a snippet were tags: S541).
    """
    if not symbols or not any(symbol in text for symbol in symbols):
        return ()
    plain = _without_code_spans(_without_code_blocks(text)) if "`" in text or "~~~" in text or "    " in text \
        or "\t" in text else text
    found = [m[2].rstrip("-") for m in _INLINE_TAG.finditer(plain) if m[1] in symbols]
    return normalise_tags([tag for tag in found if tag and len(tag) <= MAX_TAG_LENGTH])


_FENCE = Pattern(r" {0,3}(`{3,}|~{3,})(.*)")
_LIST_ITEM = Pattern(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def _without_code_blocks(text: str) -> str:
    """`text` with the lines of its fenced and indented code blocks emptied (CommonMark's rules,
    simply: an indented block starts after a blank line, never inside a list item, whose own
    indented lines are its text; a fence left open runs to the end)."""
    lines = text.split("\n")
    fence: tuple[str, int] | None = None
    blank_before, in_list, in_block = True, False, False
    for k, line in enumerate(lines):
        if fence is not None:
            lines[k] = ""
            closing = _FENCE.match(line)
            if closing and closing[1][0] == fence[0] and len(closing[1]) >= fence[1] and not closing[2].strip():
                fence, blank_before = None, True  # a block ended: an indented line next starts another
            continue
        if not line.strip():
            blank_before = True
            continue
        indent = len(line) - len(line.lstrip(" \t")) if not line.startswith("\t") else 4
        if indent >= 4 and (in_block or (blank_before and not in_list)):
            lines[k], in_block, blank_before = "", True, False
            continue
        opening = _FENCE.match(line)
        if opening and not (opening[1][0] == "`" and "`" in opening[2]):
            fence, lines[k] = (opening[1][0], len(opening[1])), ""
        elif indent < 4:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and not blank_before)
        in_block, blank_before = False, False
    return "\n".join(lines)


_TICKS = Pattern(r"`+")
_PARAGRAPH_BREAK = Pattern(r"\n[ \t]*\n")


def _without_code_spans(text: str) -> str:
    """`text` with each inline code span (a run of backticks up to the next run of as many, in
    one paragraph) made a space; a run never closed is only backticks. Linear in the text."""
    import bisect

    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    if len(runs) < 2:
        return text
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(text)]
    following: dict[int, int] = {}
    same_length_next: list[int | None] = [None] * len(runs)
    for i in range(len(runs) - 1, -1, -1):  # the next run of the same length, for every run
        length = runs[i][1] - runs[i][0]
        same_length_next[i] = following.get(length)
        following[length] = i
    pieces, at, i = [], 0, 0
    while i < len(runs):
        start, end = runs[i]
        close = same_length_next[i]
        if close is None:
            i += 1
            continue
        first_break = bisect.bisect_left(breaks, end)
        if first_break < len(breaks) and breaks[first_break] < runs[close][0]:
            i += 1  # a paragraph ends first: these backticks are only backticks
            continue
        pieces += [text[at:start], " "]
        at, i = runs[close][1], close + 1
    pieces.append(text[at:])
    return "".join(pieces)


def clean_title(title: str | None, what: str = "Title") -> str | None:
    """A title is one line: collapse whitespace; empty means none. `what` names it in the
    refusal of one too long ("The mentor's name", S328)."""
    if title is None:
        return None
    single = " ".join(title.split())
    if len(single) > MAX_TITLE_LENGTH:
        raise BadValue(f"{what} too long ({len(single)} characters, limit {MAX_TITLE_LENGTH})")
    return single if any(map(_seen, single)) else None


_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
                           + "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0100, 0xE01F0))))
"""Characters that draw nothing: Hangul fillers, the blank Braille pattern, the combining
grapheme joiner, Khmer's inherent vowels, Mongolian and Unicode variation selectors."""


def _seen(char: str) -> bool:
    """Whether `char` shows on its own: not a space, a format character (zero-width space, joiner,
    word joiner, BOM) or one of `_BLANK_LETTERS`. A title of only such characters reads as no title: a goal
    so named was listed with an empty title and could not be told from none."""
    return (char not in _BLANK_LETTERS and not char.isspace() and unicodedata.category(char)[0] != "Z"
            and unicodedata.category(char) != "Cf")


def shows(text: str) -> bool:
    """Whether `text` has a character that shows (`_seen`): what an entry's text needs."""
    return any(map(_seen, text))


def normalise_body(body: str) -> str:
    """Line endings become LF, leading BOMs go (all of them: an import normalises the journal's
    own text again, and must find nothing to change, S274), trailing blank space is trimmed.

    Raises BadValue when there is nothing to save or the body is too large.
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").rstrip()
    if not shows(text):  # only zero-width or direction marks: a blank entry in every list (S542)
        raise BadValue("Nothing to save: the entry text is empty")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BODY_BYTES:
        raise BadValue(f"Entry too large ({size / 1048576:.1f} MB > limit 10 MB)")
    return repair_surrogates(text)


def repair_surrogates(text: str) -> str:
    """Replace lone surrogates (from surrogateescape decoding or bad JSON) with U+FFFD."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)  # isascii: a flag, read at once


def plural(count: int, word: str, many: str | None = None) -> str:
    """The count and the word: '1 entry', '3 entries' (`many` when the plural is not word + 's')."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def summary(title: str | None, body: str, width: int = 72) -> str:
    """The title, or else the first non-empty line of the body, cut to `width` (`shorten`); a
    Markdown heading's marks go (`## Plan`), never a `#` that begins a word (`#1 priority`, a
    `#tag`: S510)."""
    lines = (_HEADING_MARKS.sub("", ln.strip()) for ln in body.splitlines())
    line = title or next((ln for ln in lines if ln), "")
    return shorten(line, width)


_HEADING_MARKS = Pattern(r"^#{1,6}(?:\s+|$)")
"""A Markdown heading's marks at the start of a line, with the spaces after them."""


def shorten(text: str, width: int) -> str:
    """`text` in at most `width` characters, "…" last when cut: at a word break when there is one
    in the last half, never inside what a reader sees as one character (an emoji sequence, a
    flag, a letter with its accents)."""
    if len(text) <= width:
        return text
    cut = width - 1
    while cut > 0 and _inside_cluster(text, cut):
        cut -= 1
    head = text[:cut]
    if head and head[-1].isalnum() and text[cut].isalnum() and " " in head[width // 2:]:  # inside a word
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.") + "…"


_GLUE = frozenset("\u200d\ufe0e\ufe0f\u20e3") | frozenset(map(chr, range(0x1F3FB, 0x1F400))) \
    | frozenset(map(chr, range(0xE0020, 0xE0080)))
"""What joins the character before it into one: ZWJ, variation selectors, the keycap, skin
tones, tag characters."""


def _regional(char: str) -> bool:
    return "\U0001f1e6" <= char <= "\U0001f1ff"


def _inside_cluster(text: str, i: int) -> bool:
    """Cutting `text` before index `i` splits one visible character."""
    char, before = text[i], text[i - 1]
    if char in _GLUE or before == "\u200d" or unicodedata.category(char).startswith("M"):
        return True
    if _regional(char) and _regional(before):  # a flag is a pair: split when an odd run precedes
        run = 0
        while i - run - 1 >= 0 and _regional(text[i - run - 1]):
            run += 1
        return run % 2 == 1
    return False


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"


def control_pictures(text: str) -> tuple[str, int]:
    """Text safe to load into an editor widget: control characters become visible symbols.

    The editor draws its text raw, so ESC and friends would reach the terminal (E44).
    C0 controls (not tab or newline) become their Control Pictures (ESC → ␛, U+241B),
    DEL becomes ␡ and C1 controls U+FFFD. Returns the text and how many were replaced.
    """
    return _CTRL.subn(_picture, text.replace("\r\n", "\n"))


_LINE_CTRL = Pattern(r"[\x00-\x1f\x7f-\x9f]")


def line_pictures(text: str) -> str:
    """One line as a one-line field draws it: every control character (tab and newline too) as
    its symbol, one for one (the field's cursor counts characters of the text it holds)."""
    return _LINE_CTRL.sub(_picture, text)


def for_terminal(text: str, single_line: bool = False, *, keep_bidi: bool | None = None) -> str:
    """Neutralise control characters (ESC, C1, bidi overrides) before any terminal output.

    C0 (not tab or newline), DEL and C1 become a literal `\\xNN`. Tab and newline survive
    unless `single_line`, which also folds newlines into spaces. Bidi controls become
    `<U+XXXX>` in one line; several lines keep them (right-to-left text reads correctly)
    unless `keep_bidi=False`, which is what a whole page printed on a terminal uses.
    """
    if text.isprintable():  # no control, bidi, tab or line break (nearly all text): nothing to do
        return text
    text = _CTRL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\r\n", "\n"))
    if _SURROGATE.search(text):  # a path's byte that is not UTF-8 (surrogateescape) as `\\xNN`: printable anywhere
        text = _SURROGATE.sub(_byte_shown, text)
    if keep_bidi is None:
        keep_bidi = not single_line
    if not keep_bidi:
        text = _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


def _byte_shown(match: re.Match[str]) -> str:
    """A lone surrogate: the byte surrogateescape made it from as `\\xNN`, any other as U+FFFD."""
    char = match.group()
    return f"\\x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff" else "\ufffd"


JSON_STEERING = Pattern(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
"""What json.dumps(ensure_ascii=False) leaves raw that could steer a terminal (it escapes C0 itself)."""


def json_text(value: Any, *, indent: int | None = None, separators: tuple[str, str] | None = None) -> str:
    """`value` as JSON text: the one way the journal writes JSON (CLI output, exports, retrospectives).

    Non-ASCII stays UTF-8, but every character that can steer a terminal is written as
    `\\uXXXX`: C0 controls (json does these), DEL, C1 and the bidi controls, wherever the
    JSON goes. They can only occur inside strings, where the escape decodes to the same
    character, so the text stays lossless.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    return JSON_STEERING.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_MARKDOWN_SPECIAL = Pattern(r"([\\`*_\[\]<>|#~&])")
_LINE_BREAK = Pattern(r"\r\n?|\n")


def markdown_inline(text: str) -> str:
    """One line of user text (a title, tag, goal or mentor name) that cannot change a Markdown
    document's structure: Markdown's characters are backslash-escaped (a reader shows them
    as typed), a line break becomes a space. Every other character is kept as it is."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))
