"""The templated sentences it-demo is trained and measured on, and its vocabulary.

A sentence has an animal (A), a place (P), the pronoun ("it" / "它") and an adjective (J) after it.
An adjective from ANIMAL_ADJ ("tired", "累") makes the pronoun mean the animal; one from PLACE_ADJ
("wide", "宽") makes it mean the place. The frames put the animal first or second, so the position of a
noun does not give the answer away.

Held-out pairs: every (noun, adjective) pair is assigned to "train" or "held" by a hash of the seed and
the pair (HELD_SHARE of them held). A training sentence has both of its pairs, (A, J) and (P, J), in
"train"; a held-out sentence has both in "held". So no held-out sentence's noun meets its adjective in
training, although every noun and every adjective is seen there with others.

This module imports only numpy and attntrace (to check that the package's tokenizer splits every
sentence exactly as the template does); the training script and benchmarks/bench_it_demo.py use it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import numpy as np

VERSION = 1
HELD_SHARE = 0.25

WORDS = {
    "en": {
        "pronoun": "it",
        "animals": [
            "animal", "dog", "cat", "horse", "cow", "fox", "rabbit", "chicken", "duck", "goat", "sheep", "pig",
            "mouse", "deer", "bear", "turtle", "donkey", "puppy", "kitten", "wolf", "lamb", "squirrel", "frog",
            "hedgehog",
        ],
        "places": [
            "street", "road", "river", "bridge", "field", "square", "highway", "valley", "stream", "lane", "avenue",
            "path", "trail", "canal", "yard", "park", "railway", "hill", "desert", "meadow",
        ],
        "animal_adj": [
            "tired", "hungry", "scared", "sleepy", "weak", "sick", "lazy", "afraid", "nervous", "exhausted",
            "frightened", "thirsty",
        ],
        "place_adj": [
            "wide", "long", "busy", "crowded", "steep", "deep", "muddy", "icy", "slippery", "flooded", "noisy",
            "far",
        ],
        # the templates, as tokens: {A} animal, {P} place, {J} adjective
        "frames": [
            "the {A} didn't cross the {P} because it was too {J} .",
            "the {A} did not walk across the {P} because it was too {J} .",
            "the {A} stayed away from the {P} because it was too {J} .",
            "the {P} was not crossed by the {A} because it was too {J} .",
            "the {A} avoided the {P} since it was so {J} .",
            "the {A} could not get over the {P} , as it was very {J} .",
            "the {A} stopped in front of the {P} because it was really {J} .",
        ],
    },
    "zh": {
        "pronoun": "它",
        "animals": [
            "动物", "小狗", "小猫", "狐狸", "兔子", "小鸡", "鸭子", "山羊", "绵羊", "小猪",
            "老鼠", "鹿", "熊", "乌龟", "驴", "狼", "松鼠", "青蛙", "刺猬", "小羊", "猴子",
            "大象", "老虎", "狮子",
        ],
        "places": [
            "马路", "街道", "河", "桥", "田野", "广场", "公路", "山谷", "小溪", "小巷",
            "大街", "小路", "运河", "院子", "公园", "铁路", "山坡", "沙漠", "草地", "河流",
        ],
        "animal_adj": [
            "累", "饿", "困", "害怕", "虚弱", "胆小", "疲惫", "紧张", "懒", "渴", "慢",
            "小心",
        ],
        "place_adj": [
            "宽", "长", "拥挤", "陡", "深", "泥泞", "滑", "远", "繁忙", "吵", "宽阔",
            "湍急",
        ],
        "frames": [
            "{A} 没有 过 {P} ， 因为 它 太 {J} 了 。",
            "{A} 没有 穿过 {P} ， 因为 它 太 {J} 了 。",
            "{A} 不想 过 {P} ， 因为 它 太 {J} 了 。",
            "{P} 没有 被 {A} 穿过 ， 因为 它 太 {J} 了 。",
            "{A} 停 在 {P} 前面 ， 因为 它 太 {J} 了 。",
            "{A} 绕开 了 {P} ， 因为 它 非常 {J} 。",
            "{A} 过 不了 {P} ， 因为 它 实在 太 {J} 了 。",
        ],
    },
}
LANGS = tuple(WORDS)


@dataclass(frozen=True)
class Example:
    lang: str
    text: str
    tokens: tuple[str, ...]
    pronoun: int  # token positions
    referent: int
    other: int  # the noun the pronoun does not mean
    animal: str
    place: str
    adjective: str


@cache
def vocabulary() -> tuple[str, ...]:
    """[UNK], then every word of the templates and word lists, in a fixed order."""
    from attntrace.models.builtin import UNK

    vocab = [UNK]
    for lang in LANGS:
        w = WORDS[lang]
        words = [tok for f in w["frames"] for tok in f.split() if not tok.startswith("{")]
        for word in words + w["animals"] + w["places"] + w["animal_adj"] + w["place_adj"]:
            if word not in vocab:
                vocab.append(word)
    return tuple(vocab)


@cache
def _index() -> dict[str, int]:
    return {w: i for i, w in enumerate(vocabulary())}


def split_of(seed: int, noun: str, adjective: str) -> str:
    """'held' for HELD_SHARE of the (noun, adjective) pairs, chosen by a hash of the seed and the pair."""
    digest = hashlib.sha256(f"{seed}\0{noun}\0{adjective}".encode()).digest()
    return "held" if int.from_bytes(digest[:8], "little") / 2**64 < HELD_SHARE else "train"


def render(lang: str, frame: str, animal: str, place: str, adjective: str) -> tuple[str, list[str]]:
    """The sentence as a person writes it, and its tokens as the template has them."""
    tokens = frame.format(A=animal, P=place, J=adjective).split()
    if lang == "zh":
        return "".join(tokens), tokens
    text = " ".join(tokens).replace(" .", ".").replace(" ,", ",")
    return text[0].upper() + text[1:], tokens


def make(lang: str, frame: str, animal: str, place: str, adjective: str) -> Example:
    from attntrace.models.builtin import vocab_tokens

    w = WORDS[lang]
    text, tokens = render(lang, frame, animal, place, adjective)
    seen, unknown = vocab_tokens(text, _index())
    if seen != tokens or unknown:  # the package must see exactly the template's words
        raise AssertionError(f"{text!r}: attntrace gives {seen}, the template {tokens}")
    means_animal = adjective in w["animal_adj"]
    a, p = tokens.index(animal), tokens.index(place)
    return Example(lang, text, tuple(tokens), tokens.index(w["pronoun"]), a if means_animal else p,
                   p if means_animal else a, animal, place, adjective)


def examples(split: str, lang: str, count: int, seed: int) -> list[Example]:
    """`count` distinct sentences of one language whose (noun, adjective) pairs are all in `split`.

    Drawn with numpy.random.default_rng([seed, split, language]) so that the training and held-out sets
    and the two languages are independent streams of one seed."""
    w = WORDS[lang]
    rng = np.random.default_rng([seed, ("train", "held").index(split), LANGS.index(lang)])
    adjectives = w["animal_adj"] + w["place_adj"]
    out: dict[tuple, Example] = {}
    tries = 0
    while len(out) < count:
        tries += 1
        if tries > 200 * count:
            raise ValueError(f"cannot draw {count} distinct {split} sentences in {lang}")
        key = (int(rng.integers(len(w["frames"]))), str(rng.choice(w["animals"])), str(rng.choice(w["places"])),
               str(rng.choice(adjectives)))
        _, animal, place, adjective = key
        if key in out or split_of(seed, animal, adjective) != split or split_of(seed, place, adjective) != split:
            continue
        out[key] = make(lang, w["frames"][key[0]], animal, place, adjective)
    return list(out.values())


def famous() -> list[Example]:
    """The seed article's sentences, in both languages (whatever split their pairs fall in)."""
    return [make(lang, WORDS[lang]["frames"][0], WORDS[lang]["animals"][0], WORDS[lang]["places"][0], adj)
            for lang, adjs in (("en", ("tired", "wide")), ("zh", ("累", "宽"))) for adj in adjs]
