"""Reading an attntrace page back in Python, as the page's script does, and driving it in Chromium.

`read_page` takes the data and the numbers out of the HTML; `texts` turns one packed array into the texts
the page shows (the decimal point placed in the whole number), written here from the format's description,
not with attntrace's code. `browser` is the Chromium the browser tests drive: Debian's, through Playwright.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil

import numpy as np
import pytest

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
INSTALL = ("the browser tests need Chromium and Playwright: apt-get install chromium, and "
           "pip install -e \".[test]\" (never `playwright install`: it downloads another browser)")


def read_page(html: str) -> tuple[dict, bytes]:
    data = re.search(r'<script type="application/json" id="attntrace-data">(.*?)</script>', html, re.S)
    numbers = re.search(r'<script type="application/octet-stream" id="attntrace-numbers">(.*?)</script>', html, re.S)
    assert data and numbers, "the page has no data or numbers element"
    return json.loads(data.group(1)), gzip.decompress(base64.b64decode(numbers.group(1)))


def texts(entry: dict, numbers: bytes, precision: int) -> list[str]:
    """The texts of one packed array, in order."""
    dtype = {"b": np.uint8, "i2": "<i2", "i4": "<i4"}[entry["t"]]
    values = np.frombuffer(numbers, dtype=dtype, count=entry["n"], offset=entry["o"])
    out = []
    for i, v in enumerate(values.tolist()):
        if str(i) in entry["x"]:
            out.append(entry["x"][str(i)])
        elif entry["t"] == "b":
            out.append("✓" if v else "·")
        elif precision == 0:
            out.append(str(v))
        else:
            digits = str(abs(v)).rjust(precision + 1, "0")
            out.append(("-" if v < 0 else "") + digits[:-precision] + "." + digits[-precision:])
    return out


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_or_skip(playwright_module):
    """A headless Chromium; without one, skip outside CI (saying how to install it) and fail in CI."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI=true but Chromium is not installed (.ci/run installs it with apt-get): " + INSTALL)
        pytest.skip(INSTALL)
    return playwright_module.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
