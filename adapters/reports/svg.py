"""matplotlib figures as inline SVG text: glyphs drawn as paths, no font, script or style from elsewhere."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

if TYPE_CHECKING:
    from collections.abc import Callable

_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)
WIDTH, HEIGHT = 7.0, 3.2


def svg_plot(draw: Callable[[Any], None], width: float = WIDTH, height: float = HEIGHT) -> str:
    """Call `draw(axes)` on a new figure and return the figure as an <svg> element."""
    with plt.rc_context({"svg.fonttype": "path", "svg.hashsalt": "stakewise", "font.size": 9}):
        figure, axes = plt.subplots(figsize=(width, height))
        try:
            draw(axes)
            figure.tight_layout()
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        finally:
            plt.close(figure)
    return _PROLOGUE.sub("", buffer.getvalue(), count=1)


def page(title: str, body: str) -> str:
    """A whole HTML page; its only style is the inline <style> below."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 24px; color: #1b1f24; background: #ffffff; }}
h1 {{ font-size: 22px; }} h2 {{ font-size: 17px; margin-top: 28px; }}
dl.figures {{ display: grid; grid-template-columns: repeat(4, minmax(150px, 1fr)); gap: 8px 18px; }}
dl.figures div {{ background: #eef3f8; padding: 8px 10px; border-radius: 4px; }}
dt {{ font-size: 12px; color: #4b5563; }} dd {{ margin: 0; font-size: 18px; font-weight: bold; }}
table {{ border-collapse: collapse; font-size: 13px; }}
th, td {{ border: 1px solid #c9d2dc; padding: 4px 8px; text-align: right; }}
th {{ background: #eef3f8; }} .plots svg {{ max-width: 100%; height: auto; }}
p.note {{ color: #4b5563; font-size: 13px; max-width: 900px; }}
</style></head>
<body>
{body}
</body></html>
"""
