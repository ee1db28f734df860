"""attntrace compare: one token in two sentences."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import app, usage_error
from .options import (
    DFFOpt,
    DModelOpt,
    DtypeOpt,
    ForceOpt,
    HeadOpt,
    HeadsAllOpt,
    HeadsOpt,
    HtmlOpt,
    LangOpt,
    LayerOpt,
    LayersOpt,
    Mask,
    MaskOpt,
    ModelOpt,
    Positional,
    PositionalOpt,
    PrecisionOpt,
    QuietOpt,
    SeedOpt,
    StepOpt,
    SvgOpt,
    Tokenizer,
    TokenizerOpt,
)


@app.command()
def compare(
    ctx: typer.Context,
    s1: Annotated[str, typer.Argument(help="The first sentence.", metavar="S1")],
    s2: Annotated[str, typer.Argument(help="The second sentence.", metavar="S2")],
    token: Annotated[str, typer.Option(
        "--token", help="The token to follow: its text (once in each sentence), text@position, or a position.",
        metavar="TOKEN")],
    model: ModelOpt = None,
    dtype: DtypeOpt = None,
    tokenizer: TokenizerOpt = Tokenizer.default,
    d_model: DModelOpt = 4,
    heads: HeadsOpt = 1,
    layers: LayersOpt = 1,
    d_ff: DFFOpt = None,
    seed: SeedOpt = 0,
    positional: PositionalOpt = Positional.sinusoidal,
    mask: MaskOpt = Mask.none,
    precision: PrecisionOpt = 3,
    layer: LayerOpt = None,
    head: HeadOpt = None,
    all_: HeadsAllOpt = False,
    step: StepOpt = False,
    lang: LangOpt = None,
    svg: SvgOpt = None,
    html: HtmlOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Follow one token through two sentences: the same input vector, a different attention row, a different
    output, and the cosine similarity of the two outputs.

    Example:  attntrace compare "The animal didn't cross the street because it was too tired." "The animal
    didn't cross the street because it was too wide." --token it
    """
    from .present import Display, show_pages, start

    start(lang)
    display = Display(step=step, svg=svg, html=html, command="compare", quiet=quiet)
    display.check(force)
    from .tracing import trace_text

    options = dict(tokenizer=tokenizer, d_model=d_model, heads=heads, layers=layers, d_ff=d_ff, seed=seed,
                   positional=positional, mask=mask)
    if model is not None:
        from .model import load_checkpoint

        model = load_checkpoint(model, dtype)  # once for both sentences
    a, b = (trace_text(ctx, s, "compare", model, dtype=dtype, **options) for s in (s1, s2))

    from ..labels import TokenChoiceError
    from ..render.compare import TOP_HEADS, compare_pages
    from ..teach.compare import CompareError
    from ..teach.compare import compare as run_compare

    try:
        result = run_compare(a, b, token, layer, head)
    except (TokenChoiceError, CompareError) as e:
        usage_error(str(e), "compare")
    ranked = layer is None and head is None  # every head: the most changed first
    top = (len(result.ranking) if all_ else TOP_HEADS) if ranked else None
    show_pages(compare_pages(result, precision, top), display)
