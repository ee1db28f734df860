"""attntrace explain / show / schema."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app, check_writable, distinct_outputs, notice, usage_error, write_text
from .options import (
    DFFOpt,
    DModelOpt,
    Dtype,
    DtypeOpt,
    FocusOpt,
    ForceOpt,
    HeadOpt,
    HeadsOpt,
    HtmlOpt,
    JsonOpt,
    LangOpt,
    LayerOpt,
    LayersOpt,
    Mask,
    MaskOpt,
    ModelOpt,
    NpzOpt,
    Positional,
    PositionalOpt,
    PrecisionOpt,
    QuietOpt,
    SeedOpt,
    StepOpt,
    StepsOpt,
    SvgOpt,
    Tokenizer,
    TokenizerOpt,
    View,
    ViewOpt,
    split_steps,
)


def select(trace, steps, layer, head, command: str):
    try:
        return trace.select(split_steps(steps), layer, head)
    except ValueError as e:
        usage_error(str(e), command)


def emit(trace, precision: int, json_: str | None, npz: str | None = None, display=None, shown=None,
         quiet: bool = False) -> None:
    """Print the rendered trace to stdout and/or write its JSON; `--json -` keeps stdout for the JSON.
    `display` (cli/present.py) chooses the view, --focus, --step and the --svg/--html pictures."""
    from ..i18n import t

    # NaN or inf (an overflow, e.g. from huge weights): shown as they are, but not saved, since both file
    # formats refuse them on reading. Checked before any file is written, so no half of the output is left.
    bad = trace.first_nonfinite()
    if bad is not None and (json_ is not None or npz is not None):
        from ..export import UnwritableTraceError
        from .app import fail

        path, option = (json_, "--json") if json_ is not None else (npz, "--npz")
        fail(t("error.unwritable", path=path, option=option,
               reason=str(UnwritableTraceError("trace.write_nan", name=bad))))
    if bad is not None:
        notice(t("notice.not_finite", name=bad))
    if npz is not None:
        from .model import write_npz

        write_npz(npz, trace)
    if json_ is not None:
        write_text(json_, trace.to_json())
        if json_ != "-":
            notice(t("notice.wrote", what=t("notice.trace"), path=json_))
    from .present import Display, show_pages

    display = display or Display()
    if quiet and not display.records:
        return
    if json_ != "-" or display.records:
        show_pages(display.pages(shown or trace, precision), display, quiet=json_ == "-" or quiet)  # shown: model.py


@app.command()
def explain(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The sentence to trace, Chinese, English or mixed.", metavar="TEXT")],
    model: ModelOpt = None,
    dtype: DtypeOpt = Dtype.float64,
    tokenizer: TokenizerOpt = Tokenizer.default,
    d_model: DModelOpt = 4,
    heads: HeadsOpt = 1,
    layers: LayersOpt = 1,
    d_ff: DFFOpt = None,
    seed: SeedOpt = 0,
    positional: PositionalOpt = Positional.sinusoidal,
    mask: MaskOpt = Mask.none,
    precision: PrecisionOpt = 3,
    steps: StepsOpt = None,
    layer: LayerOpt = None,
    head: HeadOpt = None,
    view: ViewOpt = View.steps,
    focus: FocusOpt = None,
    step: StepOpt = False,
    lang: LangOpt = None,
    json_: JsonOpt = None,
    npz: NpzOpt = None,
    svg: SvgOpt = None,
    html: HtmlOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Tokenize TEXT, run a small seeded Transformer encoder and show every number it computes.

    With --model DIR, run a pretrained checkpoint instead (BERT, GPT-2, Llama, Qwen2, Mistral: its own tokens,
    weights and sizes).

    Example:  attntrace explain "今天晚上吃河马" --steps "*.weights"

    Example:  attntrace explain "今天晚上吃河马" --focus 今天 --lang zh
    """
    from .present import Display, start

    start(lang)

    display = Display(view.value, focus, step, svg, html, "explain", layer=layer, head=head)
    distinct_outputs("explain", json_=json_, npz=npz, svg=svg, html=html)
    if json_ is not None:
        check_writable(json_, force)
    display.check(force)
    from .model import check_npz, default_view
    from .tracing import trace_text

    check_npz(npz, force)
    if dtype != Dtype.float64 and model is None:
        from ..i18n import t
        from .app import usage_error

        usage_error(t("model.dtype_needs_model"), "explain")
    result = trace_text(ctx, text, "explain", model, tokenizer=tokenizer, d_model=d_model, heads=heads,
                        layers=layers, d_ff=d_ff, seed=seed, positional=positional, mask=mask, dtype=dtype.value)
    chosen = select(result, steps, layer, head, "explain")
    shown = default_view(chosen, steps, layer, head, view.value) if model is not None and not quiet else None
    display.source = result
    emit(chosen, precision, json_, npz, display, shown=shown, quiet=quiet)


@app.command()
def show(
    file: Annotated[str, typer.Argument(help="A trace saved with --json ('-' reads stdin).", metavar="FILE")],
    precision: PrecisionOpt = 3,
    steps: StepsOpt = None,
    layer: LayerOpt = None,
    head: HeadOpt = None,
    view: ViewOpt = View.steps,
    focus: FocusOpt = None,
    step: StepOpt = False,
    lang: LangOpt = None,
    svg: SvgOpt = None,
    html: HtmlOpt = None,
    force: ForceOpt = False,
) -> None:
    """Show a saved trace as explain would.

    Example:  attntrace explain "Attention is all you need" --json t.json && attntrace show t.json --layer 0
    """
    from .present import Display, start

    start(lang)
    from .model import read_trace

    display = Display(view.value, focus, step, svg, html, "show", layer=layer, head=head)
    display.check(force)

    trace = read_trace(file)  # JSON, or an archive written with --npz (#6)
    display.source = trace
    emit(select(trace, steps, layer, head, "show"), precision, None, display=display)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the trace format.

    Example:  attntrace schema > trace.schema.json
    """
    from importlib.resources import files

    write_text("-", files("attntrace").joinpath("trace.schema.json").read_text(encoding="utf-8"))
