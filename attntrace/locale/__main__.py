"""python -m attntrace.locale: rebuild the compiled catalogues (click.mo) from their .po files."""

from . import build

for path in build():
    print(f"wrote {path}")
