"""The summary's charts: SVG drawn by matplotlib, each with a text alternative.

Every chart repeats numbers the pack also gives in a table, so nothing is only in a
picture. Charts are drawn with text as outlines (matplotlib's own DejaVu Sans, never the
machine's fonts) and a fixed SVG id salt, with no date in the file: the same run gives
the same bytes. They reach the page as ``data:`` images, which the pack's fetcher lets
through (see :mod:`scrutiny.pack.fetcher`); nothing in them is fetched.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from scrutiny.pack.sections import DeviationView, RunPoint

# Exceptions only: "compliant" would dwarf them, and the table beside gives it.
CHART_STATUSES = ("breach", "deviation-lapsed", "deviation", "manual", "data-gap", "due-soon")
# Distinguishable for colour-blind readers (Okabe–Ito) and in greyscale by lightness.
COLOURS = {
    "breach": "#a00000",
    "deviation-lapsed": "#d55e00",
    "deviation": "#0072b2",
    "manual": "#cc79a7",
    "data-gap": "#999999",
    "due-soon": "#e69f00",
}
RISK_ORDER = ("very high", "high", "medium", "low", "not assessed")
TREND_RUNS = 12
WIDTH_INCHES = 6.3  # the text block of an A4 page with the pack's margins


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    alt: str  # the text alternative: what the chart shows, with its numbers
    svg: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


def summary_charts(
    domain_counts: Sequence[tuple[str, dict[str, int]]],
    history: Sequence[RunPoint],
    deviations: Sequence[DeviationView],
    labels: dict[str, str],
    domain_title: Any,
) -> list[Chart]:
    """The charts for the summary; one is left out when it would have nothing to show."""
    charts = []
    rows = [(domain_title(d), c) for d, c in domain_counts if any(c[s] for s in CHART_STATUSES)]
    if rows:
        charts.append(_by_domain(rows, labels))
    if len(history) >= 2:
        charts.append(_trend(history[-TREND_RUNS:], labels))
    if deviations:
        charts.append(_deviations(deviations))
    return charts


def _by_domain(rows: Sequence[tuple[str, dict[str, int]]], labels: dict[str, str]) -> Chart:
    names = [name for name, _ in rows][::-1]  # first domain at the top
    with _figure(max(1.6, 0.6 + 0.32 * len(rows))) as (fig, ax):
        left = [0] * len(rows)
        for status in CHART_STATUSES:
            values = [counts[status] for _, counts in rows][::-1]
            if any(values):
                ax.barh(names, values, left=left, color=COLOURS[status], label=labels[status])
                left = [a + b for a, b in zip(left, values, strict=True)]
        ax.set_xlabel("Findings")
        _whole_numbers(ax.xaxis)
        _legend_beside(ax)
        svg = _svg(fig)
    parts = [
        f"{name}: " + ", ".join(f"{labels[s]} {counts[s]:,}" for s in CHART_STATUSES if counts[s])
        for name, counts in rows
    ]
    return Chart(
        "chart-domains",
        "Findings by domain and status",
        "Bar chart of the findings in each domain, by status. " + "; ".join(parts) + ".",
        svg,
    )


def _trend(history: Sequence[RunPoint], labels: dict[str, str]) -> Chart:
    ticks = [f"run {p.id}\n{p.as_of:%d %b %Y}" for p in history]
    shown = [s for s in CHART_STATUSES if any(p.counts.get(s, 0) for p in history)]
    with _figure(2.4) as (fig, ax):
        for status in shown:
            values = [p.counts.get(status, 0) for p in history]
            ax.plot(ticks, values, marker="o", color=COLOURS[status], label=labels[status])
        ax.set_ylabel("Findings")
        ax.set_ylim(bottom=0)
        _whole_numbers(ax.yaxis)
        ax.tick_params(axis="x", labelsize=6)
        if shown:
            _legend_beside(ax)
        svg = _svg(fig)
    parts = [
        f"run {p.id} (as of {p.as_of:%d %b %Y}): "
        + ", ".join(f"{labels[s]} {p.counts.get(s, 0):,}" for s in shown)
        for p in history
    ]
    return Chart(
        "chart-trend",
        f"Findings across the last {len(history)} stored runs of the same scope",
        "Line chart of findings by status across stored runs. " + "; ".join(parts) + ".",
        svg,
    )


def _deviations(deviations: Sequence[DeviationView]) -> Chart:
    bases = Counter(d.legal_basis for d in deviations)
    risks = Counter(d.residual_rating for d in deviations)
    basis_names = sorted(bases, key=lambda b: (-bases[b], b))
    risk_names = [r for r in RISK_ORDER if risks[r]]
    height = max(1.6, 0.9 + 0.28 * max(len(basis_names), len(risk_names)))
    with _figure(height, columns=2) as (fig, axes):
        by_basis, by_risk = axes
        by_basis.barh(basis_names[::-1], [bases[b] for b in basis_names][::-1], color="#0072b2")
        by_basis.set_title("By legal basis", fontsize=8)
        by_risk.barh(risk_names[::-1], [risks[r] for r in risk_names][::-1], color="#d55e00")
        by_risk.set_title("By risk after mitigation", fontsize=8)
        for ax in axes:
            _whole_numbers(ax.xaxis)
        svg = _svg(fig)
    alt = (
        f"Bar charts of the {len(deviations):,} deviations in the register. By legal basis: "
        + ", ".join(f"{b} {bases[b]:,}" for b in basis_names)
        + ". By risk after mitigation: "
        + ", ".join(f"{r} {risks[r]:,}" for r in risk_names)
        + "."
    )
    return Chart("chart-deviations", "Deviations by legal basis and by risk", alt, svg)


@contextmanager
def _figure(height: float, columns: int = 1) -> Iterator[tuple[Any, Any]]:
    import matplotlib as mpl  # imported here: only a pack needs it, and it is slow to load
    from matplotlib.figure import Figure

    style: dict[Any, Any] = {
        "svg.hashsalt": "scrutiny-pack",  # fixed ids, so the same chart gives the same bytes
        "svg.fonttype": "path",  # glyphs as outlines: no font is looked up when rendering
        "font.family": "DejaVu Sans",  # shipped with matplotlib, so every machine agrees
        "font.size": 7,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with mpl.rc_context(style):
        fig = Figure(figsize=(WIDTH_INCHES, height), layout="constrained")
        yield fig, fig.subplots(1, columns)


def _legend_beside(ax: Any) -> None:
    """To the right of the plot, where it can cover no bar or line."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)


def _whole_numbers(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _svg(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
