"""A section's first draft: its template's Chinese sentences fed by its figures. The
templates live in templates/reports/sections/; they write figures as markers."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

from .figures import Figure, matching

SECTION_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "reports" / "sections"

# Plain text out: the text is escaped when it is shown, not when it is drafted.
_engine = Engine(
    dirs=[str(SECTION_TEMPLATES)],
    autoescape=False,
    libraries={"report_drafting": "apps.reports.templatetags.report_drafting"},
    builtins=["apps.reports.templatetags.report_drafting"],
)


def template_names() -> list[str]:
    return sorted(p.stem for p in SECTION_TEMPLATES.glob("*.txt"))


def draft(template: str, prefixes: list[str], figures: dict[str, Figure], year: int, bureau_name: str) -> str:
    """The section's text drafted from its template, or "" for a section written by hand."""

    if not template:
        return ""
    own = matching(figures, prefixes)
    context = Context({"figures": figures, "own": own, "year": year, "next_year": year + 1, "bureau": bureau_name})
    text = _engine.get_template(f"{template}.txt").render(context)
    # Templates are laid out for reading; a paragraph is a non-empty line.
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def drafted_values(prefixes: list[str], figures: dict[str, Figure]) -> dict[str, object]:
    """The figures a draft was written from, to tell later whether they changed."""

    return {f.key: f.value for f in matching(figures, prefixes)}
