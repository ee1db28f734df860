"""attntrace explain / show / schema."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import app, check_writable, distinct_outputs, notice, usage_error, write_stream, write_text
from .options import (
    ROWS_DEFAULT,
    AllOpt,
    DFFOpt,
    DModelOpt,
    DtypeOpt,
    FileOpt,
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
    PageOpt,
    Positional,
    PositionalOpt,
    PrecisionOpt,
    QuietOpt,
    RowsOpt,
    SeedOpt,
    StepOpt,
    StepsOpt,
    SvgOpt,
    Tokenizer,
    TokenizerOpt,
    VariantOpt,
    View,
    ViewOpt,
    parse_rows,
    split_steps,
)


def make_display(command: str, view: View, focus, step, svg, html, layer, head, rows: str, quiet: bool):
    """The Display of explain or show, with --rows read (a bad value is a usage error)."""
    from .present import Display

    try:
        max_rows = parse_rows(rows)
    except ValueError as e:
        usage_error(str(e), command)
    return Display(view.value, focus, step, svg, html, command, layer=layer, head=head, rows=max_rows, quiet=quiet)


def select(trace, steps, layer, head, command: str):
    from ..trace_data import SelectionError

    try:
        return trace.select(split_steps(steps), layer, head)
    except SelectionError as e:
        usage_error(str(e.for_cli()), command)
    except ValueError as e:
        usage_error(str(e), command)


def every_step(steps: list[str] | None, all_: bool) -> list[str] | None:
    """--all, or --steps all: every step (a glob matching them all); else --steps as given."""
    return ["*"] if all_ or [s.strip() for s in steps or []] == ["all"] else steps


def first_screen(trace, steps, layer, head, view: str, display, checkpoint: bool = False) -> object:
    """What the terminal shows when the user chose no step (`path.default_steps`): a checkpoint's attention
    weights, with a notice saying how to see more, or else the attention path, the display learning how
    many steps were left out for its closing note. Returns None to show `trace` itself."""
    from ..path import default_steps

    names = default_steps(trace.names, trace.config.n_layers, checkpoint=checkpoint, steps=steps, layer=layer,
                          head=head, view=view)
    if names is None:
        return None
    shown = trace.select(names)
    if checkpoint:
        from ..i18n import t

        notice(t("model.default_view", shown=len(shown.steps), total=len(trace.steps)))
    else:
        display.path_total = len(trace.names)
    return shown


def emit(trace, precision: int, json_: str | None, npz: str | None = None, display=None, shown=None,
         page: tuple | None = None) -> None:
    """Print the rendered trace to stdout and/or write its JSON; `--json -` keeps stdout for the JSON.
    `display` (cli/present.py) chooses the view, --focus, --step and the --svg/--html pictures; `page` is
    (--page FILE, the trace the page shows), written with the other files."""
    from ..i18n import t
    from ..io.finite import not_finite

    bad = not_finite(trace)  # NaN or inf: what each output may hold is the library's rule (io/finite.py)
    if bad is not None:
        from .common import fail

        for output, option, path in (("json", "--json", json_), ("npz", "--npz", npz),
                                     ("page", "--page", page[0] if page is not None else None)):
            if path is not None and not bad.allows(output):  # before any file is written
                fail(t("error.unwritable", path=path, option=option, reason=str(bad.error())))
        notice(str(bad.notice()))
    if npz is not None:
        from .model import write_npz

        write_npz(npz, trace)
    if json_ is not None:
        from ..io.json import write

        write_stream(json_, lambda f: write(trace, f))  # step by step: a big trace is never one string
        if json_ != "-":
            notice(t("notice.wrote", what=t("notice.trace"), path=json_))
    if page is not None:
        from .page import write_page

        write_page(*page, precision)
    from .present import Display, show_pages

    display = display or Display()
    if json_ != "-" or display.records:
        show_pages(display.pages(shown or trace, precision), display, quiet=json_ == "-")  # shown: see model.py


@app.command()
def explain(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(
        help="The sentence to trace, Chinese, English or mixed ('-' reads it from stdin).", metavar="TEXT",
        show_default=False)] = None,
    file: FileOpt = None,
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
    steps: StepsOpt = None,
    all_: AllOpt = False,
    layer: LayerOpt = None,
    head: HeadOpt = None,
    view: ViewOpt = View.steps,
    rows: RowsOpt = ROWS_DEFAULT,
    focus: FocusOpt = None,
    step: StepOpt = False,
    lang: LangOpt = None,
    json_: JsonOpt = None,
    npz: NpzOpt = None,
    svg: SvgOpt = None,
    html: HtmlOpt = None,
    page: PageOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Tokenize TEXT, run a small seeded Transformer encoder and show every number it computes.

    With --model DIR, run a pretrained checkpoint instead (BERT, DistilBERT, RoBERTa, XLM-RoBERTa, GPT-2, Llama,
    Qwen2 or Mistral: its own tokens, weights and sizes); --model it-demo runs the built-in model trained so that
    "it" attends to the noun it means.

    Example:  attntrace explain "今天晚上吃河马" --steps "*.weights"

    Example:  attntrace explain "今天晚上吃河马" --focus 今天 --lang zh

    Example:  attntrace explain --file paragraph.txt --quiet --json paragraph.json

    Example:  attntrace explain "The animal didn't cross the street because it was too tired." --page view.html
    """
    from .present import start

    start(lang)

    display = make_display("explain", view, focus, step, svg, html, layer, head, rows, quiet)
    distinct_outputs("explain", json_=json_, npz=npz, svg=svg, html=html, page=page)
    if json_ is not None:
        check_writable(json_, force)
    display.check(force)
    from .model import check_npz
    from .page import check_page, page_trace
    from .tracing import input_text, trace_text

    check_npz(npz, force)
    check_page(page, force, "explain")
    text = input_text(text, file, "explain")
    result = trace_text(ctx, text, "explain", model, dtype=dtype, tokenizer=tokenizer, d_model=d_model, heads=heads,
                        layers=layers, d_ff=d_ff, seed=seed, positional=positional, mask=mask)
    steps = every_step(steps, all_)
    chosen = select(result, steps, layer, head, "explain")
    paged = (page, page_trace(chosen, steps, layer, head)) if page is not None else None
    from ..models.builtin import is_builtin

    checkpoint = model is not None and not is_builtin(model)
    drawn = not quiet or display.records or not checkpoint  # a checkpoint's notice says what is drawn
    shown = first_screen(chosen, steps, layer, head, view.value, display, checkpoint) if drawn else None
    display.source = result
    emit(chosen, precision, json_, npz, display, shown=shown, page=paged)


@app.command()
def show(
    file: Annotated[str, typer.Argument(help="A trace saved with --json ('-' reads stdin).", metavar="FILE")],
    precision: PrecisionOpt = 3,
    steps: StepsOpt = None,
    all_: AllOpt = False,
    layer: LayerOpt = None,
    head: HeadOpt = None,
    view: ViewOpt = View.steps,
    rows: RowsOpt = ROWS_DEFAULT,
    focus: FocusOpt = None,
    step: StepOpt = False,
    lang: LangOpt = None,
    svg: SvgOpt = None,
    html: HtmlOpt = None,
    page: PageOpt = None,
    force: ForceOpt = False,
    quiet: QuietOpt = False,
    variant: VariantOpt = None,
    json_: JsonOpt = None,
    npz: NpzOpt = None,
) -> None:
    """Show a saved trace as explain would; --json and --npz write the steps shown (a homework variant too).

    Example:  attntrace explain "Attention is all you need" --json t.json && attntrace show t.json --layer 0

    Example:  attntrace show t.json --page view.html

    Example:  attntrace show hw1/key.json --variant s001 --json s001.json
    """
    from .present import start

    start(lang)
    from .model import check_npz, read_trace
    from .page import check_page, page_trace

    display = make_display("show", view, focus, step, svg, html, layer, head, rows, quiet)
    distinct_outputs("show", json_=json_, npz=npz, svg=svg, html=html, page=page)
    if json_ is not None:
        check_writable(json_, force)
    display.check(force)
    check_npz(npz, force)
    check_page(page, force, "show")

    trace = read_trace(file, variant)  # JSON, an archive written with --npz, or a variant of a homework key
    display.source = trace
    steps = every_step(steps, all_)
    chosen = select(trace, steps, layer, head, "show")
    paged = (page, page_trace(chosen, steps, layer, head)) if page is not None else None
    emit(chosen, precision, json_, npz, display=display,
         shown=first_screen(chosen, steps, layer, head, view.value, display), page=paged)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the trace format.

    Example:  attntrace schema > trace.schema.json
    """
    from importlib.resources import files

    write_text("-", files("attntrace").joinpath("trace.schema.json").read_text(encoding="utf-8"))
