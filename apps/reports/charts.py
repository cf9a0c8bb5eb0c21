"""Small server-side SVG bar charts of the report (no script, no CDN), each with a text
alternative: the SVG names itself and the same figures follow as a table."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 560, 180
LEFT, BOTTOM, TOP = 8, 34, 18


def bar_chart(series: dict[str, Any], chart_id: str) -> SafeString:
    """`series` as the report keeps it: key, label, unit, url, points [[label, value], …]."""

    points = series["points"]
    if not points:
        return mark_safe("")
    top = max(value for _, value in points) or 1
    slot = (WIDTH - LEFT * 2) / len(points)
    bar = slot * 0.6
    plot = HEIGHT - BOTTOM - TOP
    bars = []
    for index, (label, value) in enumerate(points):
        height = plot * value / top
        x = LEFT + index * slot + (slot - bar) / 2
        y = TOP + plot - height
        bars.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#0d6efd"><title>{}：{}{}</title></rect>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>'
                '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
                f"{x:.1f}", f"{y:.1f}", f"{bar:.1f}", f"{height:.1f}", label, value, series["unit"],
                f"{x + bar / 2:.1f}", f"{y - 3:.1f}", value if value else "",
                f"{x + bar / 2:.1f}", HEIGHT - BOTTOM + 14, label,
            )  # fmt: skip
        )
    total = sum(value for _, value in points)
    summary = "，".join(f"{label}{value}" for label, value in points)
    rows = format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", ((label, value) for label, value in points))
    return format_html(
        '<figure class="report-chart">'
        '<svg role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px">'
        '<title id="{id}-title">{label}</title><desc id="{id}-desc">合计{total}{unit}：{summary}</desc>{bars}</svg>'
        "<figcaption>{label}（合计{total}{unit}）</figcaption>"
        '<details><summary>以表格查看</summary><table class="table table-sm w-auto">'
        '<caption class="visually-hidden">{label}</caption>'
        '<thead><tr><th scope="col">项目</th><th scope="col">{unit_header}</th></tr></thead>'
        "<tbody>{rows}</tbody></table></details>"
        "</figure>",
        id=chart_id, w=WIDTH, h=HEIGHT, label=series["label"], total=total, unit=series["unit"],
        summary=summary, bars=mark_safe("".join(bars)), rows=rows, unit_header=f"数量（{series['unit']}）",
    )  # fmt: skip
