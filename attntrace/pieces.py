"""A model's tokenizer pieces as a person reads them: for the screen only; traces keep the model's own pieces.

Byte-level BPE (GPT-2, Qwen2, Llama 3) writes each byte as a printable stand-in, so a space is `Ġ` and
the three UTF-8 bytes of 是 come out as `æĺ¯`, possibly split over two pieces. SentencePiece (Llama 2,
XLM-R) writes a space as `▁` and, with byte fallback, a byte as `<0xE6>`. `readable` turns each piece back
into text:

* a space is shown as `␣`, so a piece's leading space stays visible (`␣the`);
* the bytes of a character are joined where a piece holds the whole character (`æĺ¯` -> `是`);
* a piece holding part of a character shows that character marked with which part of how many pieces
  (`是(1/2)`, `是(2/2)`), so nothing is shown twice as if whole;
* bytes that are no UTF-8 at all are shown as `\\xNN`; control characters as escapes (attntrace.visible).

WordPiece (BERT) pieces and the seeded tokenizers' words are text already and are left as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .visible import visible

SPACE = "␣"
_BYTE_PIECE = re.compile(r"^<0x([0-9A-Fa-f]{2})>$")  # SentencePiece's byte fallback


def _byte_table() -> dict[str, int]:
    """GPT-2's byte -> printable character table, inverted: printable bytes stand for themselves, the other
    68 (controls, space, DEL, NBSP, soft hyphen…) are shifted to U+0100 onwards in byte order."""
    printable = [*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)]
    chars = {b: chr(b) for b in printable}
    shifted = 0
    for b in range(256):
        if b not in chars:
            chars[b] = chr(0x100 + shifted)
            shifted += 1
    return {c: b for b, c in chars.items()}


_BYTES = _byte_table()


def _piece_bytes(piece: str, style: str) -> bytes | None:
    """The bytes a piece stands for, or None when it is not one of the style's pieces (a special token)."""
    if style == "bytelevel":
        return bytes(_BYTES[c] for c in piece) if all(c in _BYTES for c in piece) else None
    m = _BYTE_PIECE.match(piece)
    return bytes([int(m.group(1), 16)]) if m else piece.replace("▁", " ").encode("utf-8", "surrogatepass")


def _style(tokens: list[str]) -> str | None:
    if any("▁" in t or _BYTE_PIECE.match(t) for t in tokens):
        return "sentencepiece"
    if any(c in _BYTES and ord(c) >= 0x100 for t in tokens for c in t) or all(
            all(c in _BYTES for c in t) for t in tokens):
        return "bytelevel"
    return None


def _chars(data: bytes) -> list[tuple[int, int, str]]:
    """(start, end, text) of each UTF-8 character in `data`; a byte that starts or continues no valid
    character is its own entry, written \\xNN."""
    out, i = [], 0
    while i < len(data):
        b = data[i]
        size = 1 if b < 0x80 else 2 if 0xC2 <= b < 0xE0 else 3 if 0xE0 <= b < 0xF0 else 4 if 0xF0 <= b < 0xF5 else 0
        if size:
            try:
                out.append((i, i + size, data[i:i + size].decode("utf-8")))
                i += size
                continue
            except UnicodeDecodeError:
                pass
        out.append((i, i + 1, f"\\x{b:02x}"))
        i += 1
    return out


def readable(tokens: list[str], tokenizer: str = "bpe") -> list[str]:
    """Each token as text to show (see the module docstring); as given for word-level tokenizers."""
    if tokenizer not in ("bpe", "sentencepiece"):
        return list(tokens)
    return list(_readable(tuple(tokens)))


@lru_cache(maxsize=16)  # every table of a trace labels its rows with the same tokens
def _readable(tokens: tuple[str, ...]) -> tuple[str, ...]:
    style = _style(list(tokens))
    if style is None:
        return tuple(visible(t) for t in tokens)
    spans, data = [], bytearray()
    for tok in tokens:
        raw = _piece_bytes(tok, style)
        spans.append(None if raw is None else (len(data), len(data) + len(raw)))
        data += raw or b""
    chars = _chars(bytes(data))  # in byte order, as the spans are
    owners: dict[int, list[int]] = {}  # a character's index -> the tokens holding a part of it
    c = 0
    pieces: list[list[tuple[int, bool]]] = []  # per token: (character index, whole in this token)
    for index, span in enumerate(spans):
        mine: list[tuple[int, bool]] = []
        if span is not None and span[0] < span[1]:
            s, e = span
            while c < len(chars) and chars[c][1] <= s:
                c += 1
            k = c
            while k < len(chars) and chars[k][0] < e:
                cs, ce, _ = chars[k]
                whole = cs >= s and ce <= e
                if not whole:
                    owners.setdefault(k, []).append(index)
                mine.append((k, whole))
                k += 1
        pieces.append(mine)
    shown = []
    for index, (tok, mine) in enumerate(zip(tokens, pieces, strict=True)):
        if not mine:
            shown.append(visible(tok))
            continue
        parts = []
        for k, whole in mine:
            text = chars[k][2]
            text = SPACE if text == " " else visible(text)
            if whole:
                parts.append(text)
            else:  # the character is spread over several pieces: say which part this is
                holders = owners[k]
                parts.append(f"{text}({holders.index(index) + 1}/{len(holders)})")
        shown.append("".join(parts))
    return tuple(shown)
