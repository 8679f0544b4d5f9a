"""WeasyPrint's own rate on this machine for pages of dense tables, as a yardstick for
the audit pack's rendering speed (``benchmarks/run.py`` times the pack itself).

Renders a plain HTML document of one long seven-column table (the shape of the pack's
findings tables) with the pack's stylesheet and fonts, and prints pages per second.

Usage (from the repository)::

    .venv/bin/python benchmarks/weasyprint_baseline.py [--rows 6000]
"""

from __future__ import annotations

import argparse
import time

from weasyprint import HTML

from scrutiny.pack.fetcher import RestrictedURLFetcher, templates_base_url


def dense_table(rows: int) -> str:
    body = "".join(
        f"<tr><td>LAC-REVIEW</td><td>C{n:06d}</td><td>1 Apr 2024</td><td>9 May 2024</td>"
        f"<td class='num'>{n % 90}</td><td>DEV-{n % 40:04d}</td>"
        f"<td>Later reviews no more than 6 months apart (reg 33(2)(c))</td></tr>"
        for n in range(rows)
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>baseline</title>'
        '<link rel="stylesheet" href="pack.css"></head><body><table class="findings">'
        "<thead><tr><th>Rule</th><th>Subject</th><th>Due</th><th>Event</th><th>Days late</th>"
        f"<th>Deviation</th><th>Standard</th></tr></thead><tbody>{body}</tbody></table>"
        "</body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=6_000)
    args = parser.parse_args()
    html = HTML(
        string=dense_table(args.rows),
        base_url=templates_base_url(),
        url_fetcher=RestrictedURLFetcher(),
    )
    started = time.perf_counter()
    document = html.render()
    laid_out = time.perf_counter() - started
    document.write_pdf()
    total = time.perf_counter() - started
    pages = len(document.pages)
    print(
        f"weasyprint_baseline: {args.rows:,} rows, {pages} pages in {total:.1f} s"
        f" (layout {laid_out:.1f} s): {pages / total:.1f} pages/s on one core"
    )


if __name__ == "__main__":
    main()
