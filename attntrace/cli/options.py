"""Options shared by several commands, defined once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

MODEL = "Model"
DISPLAY = "Display"
OUTPUT = "Output"


class Tokenizer(StrEnum):
    default = "default"
    char = "char"
    space = "space"


class Positional(StrEnum):
    sinusoidal = "sinusoidal"
    none = "none"


class Mask(StrEnum):
    none = "none"
    causal = "causal"


TokenizerOpt = Annotated[Tokenizer, typer.Option(
    "--tokenizer", help="default: words (Chinese segmented with rjieba); char: one token per character; "
    "space: split on whitespace only, for your own segmentation.", rich_help_panel=MODEL)]
DModelOpt = Annotated[int, typer.Option("--d-model", help="Width of the token vectors.", rich_help_panel=MODEL)]
HeadsOpt = Annotated[int, typer.Option("--heads", help="Attention heads; must divide --d-model.",
                                       rich_help_panel=MODEL)]
LayersOpt = Annotated[int, typer.Option("--layers", help="Encoder layers.", rich_help_panel=MODEL)]
DFFOpt = Annotated[int | None, typer.Option("--d-ff", help="Feed-forward width [default: 2 × d-model].",
                                            show_default=False, rich_help_panel=MODEL)]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed for every weight and embedding.", rich_help_panel=MODEL)]
PositionalOpt = Annotated[Positional, typer.Option("--positional", help="Positional encoding added to X.",
                                                   rich_help_panel=MODEL)]
MaskOpt = Annotated[Mask, typer.Option("--mask", help="causal: each token sees only itself and earlier tokens.",
                                       rich_help_panel=MODEL)]

PrecisionOpt = Annotated[int, typer.Option("--precision", min=0, max=12, help="Decimals shown.",
                                           rich_help_panel=DISPLAY)]
StepsOpt = Annotated[list[str] | None, typer.Option(
    "--steps", help="Show only these steps: names or globs, comma-separated or repeated, "
    "e.g. --steps '*.weights'.", show_default=False, rich_help_panel=DISPLAY)]
LayerOpt = Annotated[int | None, typer.Option("--layer", help="Show only this layer.", show_default=False,
                                              rich_help_panel=DISPLAY)]
HeadOpt = Annotated[int | None, typer.Option("--head", help="Show only this head.", show_default=False,
                                             rich_help_panel=DISPLAY)]

JsonOpt = Annotated[str | None, typer.Option(
    "--json", help="Write the trace as JSON to FILE ('-' for stdout, and then nothing else goes to stdout).",
    metavar="FILE", show_default=False, rich_help_panel=OUTPUT)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite output files that exist.", rich_help_panel=OUTPUT)]

# --- #6 pretrained models --------------------------------------------------------------------------------
ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="Trace a local Hugging Face checkpoint folder (BERT, GPT-2, Llama, Qwen2, Mistral: config.json, "
    "model.safetensors, tokenizer.json or the family's vocabulary files) instead of the seeded encoder; needs "
    "pip install \"attntrace[models]\".", metavar="DIR", show_default=False, rich_help_panel=MODEL)]


class Dtype(StrEnum):
    float64 = "float64"
    float32 = "float32"


DtypeOpt = Annotated[Dtype, typer.Option(
    "--dtype", help="What a decoder checkpoint (--model) is computed in: float64 for fidelity, float32 for speed "
    "on large models.", rich_help_panel=MODEL)]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Compute (and write --json/--npz) but print no tables.", rich_help_panel=OUTPUT)]
NpzOpt = Annotated[str | None, typer.Option(
    "--npz", help="Write the selected steps as a numpy archive to FILE (arrays by step name, plus 'meta': "
    "the JSON header).", metavar="FILE", show_default=False, rich_help_panel=OUTPUT)]

# --- #5 teaching views -------------------------------------------------------------------------------------


class View(StrEnum):
    steps = "steps"
    heads = "heads"
    model = "model"


class Lang(StrEnum):
    en = "en"
    zh = "zh"


ViewOpt = Annotated[View, typer.Option(
    "--view", help="steps: every step's tables; heads: heatmaps of the weights of all heads of a layer side by "
    "side; model: every layer × head as small shaded grids.", rich_help_panel=DISPLAY)]
FocusOpt = Annotated[str | None, typer.Option(
    "--focus", help="Write out the arithmetic of attention for one query token: its text, text@position, or its "
    "position (--layer and --head choose where).", metavar="TOKEN", show_default=False, rich_help_panel=DISPLAY)]
StepOpt = Annotated[bool, typer.Option(
    "--step", help="Pause after each step (Enter: next, q: stop); ignored when input is not a terminal.",
    rich_help_panel=DISPLAY)]
LangOpt = Annotated[Lang | None, typer.Option(
    "--lang", help="Language of headings, captions and messages [default: from the locale, else en].",
    show_default=False, rich_help_panel=DISPLAY)]
SvgOpt = Annotated[str | None, typer.Option(
    "--svg", help="Also save exactly what is printed as an SVG picture.", metavar="FILE", show_default=False,
    rich_help_panel=OUTPUT)]
HtmlOpt = Annotated[str | None, typer.Option(
    "--html", help="Also save exactly what is printed as an HTML page.", metavar="FILE", show_default=False,
    rich_help_panel=OUTPUT)]


def split_steps(steps: list[str] | None) -> list[str] | None:
    """--steps 'a,b' --steps c -> ['a', 'b', 'c']. Given but naming nothing (--steps ',') is a ValueError,
    not "no filter": the user asked for a selection."""
    if not steps:
        return None
    names = [p.strip() for s in steps for p in s.split(",") if p.strip()]
    if not names:
        from ..trace_data import SelectionError

        raise SelectionError("error.select.steps_empty", value=repr(",".join(steps)))
    return names
