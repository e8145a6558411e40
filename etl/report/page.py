"""The report as one self-contained HTML page: inline CSS and inline SVG, no script, no link
to anything outside the page, nothing that changes from one run to the next."""

from __future__ import annotations

from html import escape

import matplotlib

from etl import __version__
from etl.report.figures import to_svg
from etl.report.queries import Totals
from etl.report.sections import Plot, Table

STYLE = """
body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em;
       color: #222; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ddd; }
figure { margin: 0.5em 0; } figure svg { max-width: 100%; height: auto; }
.guide { color: #333; } .note { color: #555; font-size: 0.9em; }
.empty-state { padding: 1.5em; background: #f6f6f6; border: 1px dashed #bbb; color: #555; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f0f0f0; }
summary { cursor: pointer; color: #1f4e79; }
code { background: #f3f3f3; padding: 0 0.2em; }
"""


def _inline_code(text: str) -> str:
    """Escaped text with `backticked` words as <code>.

    >>> _inline_code("run `pmdw load` <now>")
    'run <code>pmdw load</code> &lt;now&gt;'
    """
    parts = escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def table_html(table: Table, table_id: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "\n".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    return (f'<table id="{table_id}" class="numbers">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>")


def plot_html(plot: Plot) -> str:
    if plot.figure is None:
        drawing = f'<p class="empty-state">{_inline_code(plot.empty_message)}</p>'
    else:
        svg = to_svg(plot.figure, salt=plot.plot_id)
        drawing = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(plot.heading)}" ', 1)
    numbers = (table_html(plot.table, plot.table_id) if plot.table.rows
               else f'<p id="{plot.table_id}" class="empty-state">No numbers to show.</p>')
    return f"""<section id="section-{plot.plot_id.removeprefix('plot-')}">
<h2>{escape(plot.heading)}</h2>
<p class="guide">{_inline_code(plot.guide)}</p>
<figure id="{plot.plot_id}" class="plot" data-empty="{'true' if plot.figure is None else 'false'}">
{drawing}
</figure>
<p class="note">{_inline_code(plot.note)}</p>
<details><summary>The numbers behind the plot</summary>
{numbers}
</details>
</section>"""


def _summary(totals: Totals, source: str) -> str:
    return (f"<p>Warehouse <code>{escape(source)}</code>: {totals.filings} filing document(s), "
            f"{totals.managers} manager(s), {totals.account_rows} other-accounts row(s), "
            f"{totals.ownership_rows} ownership row(s); parser {escape(totals.parser_version or '-')}.</p>")


def page_html(plots: tuple[Plot, ...], totals: Totals, source: str) -> str:
    contents = "\n".join(f'<li><a href="#{p.plot_id}">{escape(p.heading)}</a></li>' for p in plots)
    body = "\n\n".join(plot_html(p) for p in plots)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>pmdw warehouse report</title>
<style>{STYLE}</style>
</head>
<body>
<h1>pmdw warehouse report</h1>
{_summary(totals, source)}
<nav><ul>
{contents}
</ul></nav>

{body}

<footer class="note"><p>Made by pmdw {escape(__version__)} (<code>pmdw report</code>); plots drawn by
matplotlib {escape(matplotlib.__version__)} as inline SVG. The page needs no network and no script.</p></footer>
</body>
</html>
"""
