"""Text -> tokens.

The default tokenizer segments runs of Chinese characters into words with rjieba (今天晚上吃河马 ->
今天 / 晚上 / 吃 / 河马), keeps Latin-script words and numbers whole ("didn't" and "3.14" are one token
each), makes every other visible character (punctuation, ASCII or full-width, and emoji) a token of its
own, and drops whitespace and invisible characters (controls, zero-width spaces). rjieba is imported only
when the text holds Chinese.
"""

from __future__ import annotations

import unicodedata

from .i18n import Message


class TextTypeError(Message, TypeError):
    """The text is not a str (a number, bytes, a list...)."""


class EmptyTextError(Message, ValueError):
    """The text has no tokens (empty or whitespace only)."""


class InvalidTextError(Message, ValueError):
    """Text that is not valid Unicode: it holds a lone surrogate, which is how Python keeps bytes that were
    not UTF-8 (a command-line argument in another encoding)."""


class TokenizerError(Message, ValueError):
    """An unknown tokenizer name."""


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= cp <= 0x4DBF  # Extension A
        or 0xF900 <= cp <= 0xFAFF  # Compatibility Ideographs
        or 0x20000 <= cp <= 0x3FFFF  # Extensions B and later
        or cp == 0x3007  # 〇
    )


def _is_word(ch: str) -> bool:
    return ch.isalnum() and not _is_han(ch)


def _glues(ch: str) -> bool:
    """Characters that belong to the character before them: combining marks, emoji modifiers."""
    cp = ord(ch)
    return (
        unicodedata.category(ch).startswith("M")
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0x1F3FB <= cp <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag characters (flag sequences)
    )


def _is_regional(ch: str) -> bool:
    """Regional indicator letters; two of them make one flag emoji."""
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


_APOSTROPHES = "'’"
_ZWJ = "\u200d"
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner: they shape letters inside Indic and Arabic words


def _is_invisible(ch: str) -> bool:
    """Control characters (\x01, \x7f) and format characters (zero-width space U+200B, word joiner, soft
    hyphen, BOM, bidi marks): a token of them alone would print as nothing, so they separate like whitespace.
    A ZWJ inside an emoji sequence, a joiner inside a word and tag characters after an emoji stay where
    they are: the loops below take them before this test sees them."""
    return unicodedata.category(ch) in ("Cc", "Cf")


def _segment_chinese(run: str) -> list[str]:
    import rjieba  # lazily: it costs ~0.1 s and only Chinese text needs it

    return [w for w in rjieba.cut(run) if w.strip()]


def tokenize_default(text: str) -> list[str]:
    tokens: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or _is_invisible(ch):
            i += 1
        elif _is_han(ch):
            j = i
            while j < n and _is_han(text[j]):
                j += 1
            tokens.extend(_segment_chinese(text[i:j]))
            i = j
        elif _is_word(ch):
            j = i + 1
            while j < n:
                if _is_word(text[j]) or _glues(text[j]):
                    j += 1
                elif (  # didn't, rock'n'roll; 3.14, 1,000; a joiner that shapes letters (Devanagari ksha)
                    j + 1 < n
                    and _is_word(text[j + 1])
                    and (
                        text[j] in _APOSTROPHES
                        or text[j] in _JOINERS
                        or (text[j] in ".," and text[j - 1].isdigit() and text[j + 1].isdigit())
                    )
                ):
                    j += 2
                else:
                    break
            tokens.append(text[i:j])
            i = j
        else:  # punctuation, symbols, emoji: one token each, with their modifiers and ZWJ sequences
            j = i + 2 if _is_regional(ch) and i + 1 < n and _is_regional(text[i + 1]) else i + 1  # a flag: 🇨🇳
            while j < n:
                if _glues(text[j]):
                    j += 1
                elif text[j] == _ZWJ and j + 1 < n and not (text[j + 1].isspace() or _is_invisible(text[j + 1])):
                    j += 2
                else:
                    break
            tokens.append(text[i:j])
            i = j
    return tokens


def tokenize_char(text: str) -> list[str]:
    return [ch for ch in text if not (ch.isspace() or _is_invisible(ch))]


def _separates(ch: str) -> bool:
    """For the space tokenizer: whitespace, and the invisible characters the other tokenizers drop, except
    joiners and tag characters, which belong to the emoji or word the user wrote around them."""
    return ch.isspace() or (_is_invisible(ch) and ch not in _JOINERS and not 0xE0020 <= ord(ch) <= 0xE007F)


def tokenize_space(text: str) -> list[str]:
    """Split on whitespace only, as the user segmented the text; control characters (ESC, NUL) and other
    invisible ones separate like whitespace, as in the default tokenizer, so no token holds them."""
    cleaned = "".join(" " if _separates(ch) else ch for ch in text) if not text.isprintable() else text
    return [tok for tok in cleaned.split() if not all(_is_invisible(ch) for ch in tok)]


TOKENIZERS = {"default": tokenize_default, "char": tokenize_char, "space": tokenize_space}


def tokenize(text: str, tokenizer: str = "default") -> list[str]:
    """Split `text` into tokens with the named tokenizer ("default", "char" or "space")."""
    if not isinstance(text, str):
        raise TextTypeError("error.text_type", type=type(text).__name__)
    if tokenizer not in TOKENIZERS:
        raise TokenizerError("error.tokenizer", value=repr(tokenizer), allowed=", ".join(TOKENIZERS))
    bad = next((i for i, ch in enumerate(text) if 0xD800 <= ord(ch) <= 0xDFFF), None)
    if bad is not None:
        raise InvalidTextError("error.text_not_unicode", position=bad)
    tokens = TOKENIZERS[tokenizer](text)
    if not tokens:
        raise EmptyTextError("error.empty_text")
    return tokens
