"""Options shared by several commands, defined once."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ..i18n import LANGS
from ..render import VIEWS
from ..tokenize import TOKENIZERS

MODEL = "Model"
DISPLAY = "Display"
OUTPUT = "Output"


def _choices(name: str, values: tuple[str, ...]) -> type[StrEnum]:
    """An enum of the library's choices, which Typer shows and checks: one list, kept where the rule is."""
    return StrEnum(name, {v: v for v in values})


Tokenizer = _choices("Tokenizer", tuple(TOKENIZERS))


# config.POSITIONAL (less a checkpoint's "learned") and config.MASKS, spelled out: importing config for --help
# would build its Config dataclass on every start (~4 ms). tests/test_choices.py keeps them in step.
class Positional(StrEnum):
    sinusoidal = "sinusoidal"
    none = "none"


class Mask(StrEnum):
    none = "none"
    causal = "causal"


class Dtype(StrEnum):
    float64 = "float64"
    float32 = "float32"


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
AllOpt = Annotated[bool, typer.Option(
    "--all", help="Show every step: the embedding's parts and the whole layer, not only the attention path "
    "(the same as --steps all).", rich_help_panel=DISPLAY)]
HeadsAllOpt = Annotated[bool, typer.Option(
    "--all", help="Show every head's attention row, ranked by how much it changes (without it: the top 3).",
    rich_help_panel=DISPLAY)]
LayerOpt = Annotated[int | None, typer.Option("--layer", help="Show only this layer.", show_default=False,
                                              rich_help_panel=DISPLAY)]
HeadOpt = Annotated[int | None, typer.Option("--head", help="Show only this head.", show_default=False,
                                             rich_help_panel=DISPLAY)]

JsonOpt = Annotated[str | None, typer.Option(
    "--json", help="Write the trace as JSON to FILE ('-' for stdout, and then nothing else goes to stdout).",
    metavar="FILE", show_default=False, rich_help_panel=OUTPUT)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite output files that exist.", rich_help_panel=OUTPUT)]

# --- long inputs: rows shown, quiet output, text from a file -----------------------------------------------
ROWS_DEFAULT = "20"  # attntrace.render.DEFAULT_ROWS (not imported: it would load numpy for --help)
RowsOpt = Annotated[str, typer.Option(
    "--rows", help="Rows shown of each matrix: a taller one shows its first and last rows around a … row "
    "('all': every row; --json and --npz always hold every number).", metavar="N|all", rich_help_panel=DISPLAY)]
TEXT_LIMIT_MIB = 1  # a text file or stdin: more would be far past the trace-size limit anyway
FileOpt = Annotated[str | None, typer.Option(
    "--file", help=f"Read the text from a UTF-8 file (at most {TEXT_LIMIT_MIB} MiB) instead of TEXT.",
    metavar="PATH", show_default=False, rich_help_panel=MODEL)]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="Print nothing on stdout: only write the files asked for (--json, --npz, --svg, --html); "
    "notices and errors still go to stderr.", rich_help_panel=OUTPUT)]

# --- pretrained models -------------------------------------------------------------------------------------
ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="Trace a local Hugging Face checkpoint folder (BERT, DistilBERT, RoBERTa, XLM-RoBERTa, GPT-2, "
    "Llama, Qwen2, Mistral: config.json, model.safetensors, tokenizer.json) instead of the seeded encoder; needs "
    "pip install safetensors tokenizers. Or a built-in model: it-demo, a tiny encoder trained so that \"it\" "
    "attends to the noun it means.", metavar="DIR", show_default=False, rich_help_panel=MODEL)]
DtypeOpt = Annotated[Dtype | None, typer.Option(
    "--dtype", help="With --model: compute in float64 (the default, for fidelity) or float32 (faster on a large "
    "model). The weights may be stored in float32, float16 or bfloat16.", show_default=False,
    rich_help_panel=MODEL)]
NpzOpt = Annotated[str | None, typer.Option(
    "--npz", help="Write the selected steps as a numpy archive to FILE (arrays by step name, plus 'meta': "
    "the JSON header).", metavar="FILE", show_default=False, rich_help_panel=OUTPUT)]

# --- teaching views ---------------------------------------------------------------------------------------


View = _choices("View", VIEWS)
Lang = _choices("Lang", LANGS)


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

PageOpt = Annotated[str | None, typer.Option(
    "--page", help="Also save the interactive page: head, model and neuron views and the step tables, in one "
    "HTML file that works offline.", metavar="FILE", show_default=False, rich_help_panel=OUTPUT)]


def parse_rows(value: str) -> int | None:
    """--rows: a number of rows (at least 2: the first and the last), or 'all' (None: no limit)."""
    if value.strip().lower() == "all":
        return None
    try:
        rows = int(value)
    except ValueError:
        rows = 0
    if rows < 2:
        from ..trace_data import SelectionError

        raise SelectionError("error.rows", value=repr(value))
    return rows


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


VariantOpt = Annotated[str | None, typer.Option(
    "--variant", help="From a homework key.json: the variant of this student id, variant code or file name.",
    metavar="ID", show_default=False)]

