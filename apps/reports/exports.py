"""The report as files: .docx in the official-document layout (GB/T 9704-2012), PDF
(WeasyPrint, from the same HTML as the page) and the figures as XLSX with their sources."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.core.exports import column_width

from .figures import Figure, render_plain

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# GB/T 9704-2012: A4; 天头 37 mm, 订口 28 mm; the type area 156 × 225 mm holds 22 lines
# of 28 characters of 3号 (16 pt) type.
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}
SIZE_TITLE = Pt(22)  # 2号
SIZE_BODY = Pt(16)  # 3号
SIZE_PAGE_NUMBER = Pt(14)  # 4号
LINE_PITCH = Pt(225 / 22 * 72 / 25.4)  # 22 lines in the 225 mm type area: 28.95 pt


def _font(run: Any, name: str, size: Pt, *, bold: bool = False) -> None:
    """Set every font slot of a run: Word falls back to a Latin font for CJK otherwise."""

    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _paragraph(doc: Any, text: str, font: str, size: Pt, *, indent: bool = True, align: Any = None) -> Any:
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size)
    return paragraph


def _page_number_footer(section: Any) -> None:
    """“— 1 —” centred below the type area (GB/T 9704: 4号 semi-bold 宋体 Arabic numerals)."""

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", SIZE_PAGE_NUMBER)
    run = paragraph.add_run()
    _font(run, "宋体", SIZE_PAGE_NUMBER)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _font(paragraph.add_run(" —"), "宋体", SIZE_PAGE_NUMBER)


def report_docx(report: Any, sections: list[dict[str, Any]], figures: dict[str, Figure]) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS["top"])
    section.bottom_margin = Mm(MARGINS["bottom"])
    section.left_margin = Mm(MARGINS["left"])
    section.right_margin = Mm(MARGINS["right"])
    section.footer_distance = Mm(28 - 7)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = SIZE_BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    core = doc.core_properties
    core.title = report.title
    core.author = report.bureau.name

    _paragraph(doc, report.title, TITLE_FONT, SIZE_TITLE, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "", BODY_FONT, SIZE_BODY, indent=False)
    for part in sections:
        if part["title"]:
            font = HEADING_FONTS.get(part["level"], BODY_FONT)
            _paragraph(doc, part["title"], font, SIZE_BODY)
        for text in render_plain(part["text"], figures):
            _paragraph(doc, text, BODY_FONT, SIZE_BODY)
    _page_number_footer(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/report_print.html", context)
    return HTML(string=html).write_pdf()


def figures_xlsx(report: Any, figures: dict[str, Figure], base_url: str) -> bytes:
    """Every figure: label, value, unit, last year, change, its key and the list behind it."""

    book = Workbook()
    sheet = book.active
    sheet.title = "数据来源"
    header = ["数据项", "数值", "单位", "上年", "同比", "数据键", "来源（记录列表）"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [column_width(h) for h in header]
    for figure in figures.values():
        previous = "" if figure.previous is None else Figure(figure.key, "", figure.previous, figure.kind).text
        link = base_url + figure.url if figure.url else ""
        row = [figure.label, figure.text, figure.unit, previous, figure.change, figure.key, link]
        if figure.kind in ("int",):
            row[1] = figure.value
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # openpyxl makes any "=…" string a formula; a text cell is never evaluated.
                cell.data_type = "s"
        if link:
            sheet.cell(sheet.max_row, 7).hyperlink = link
        widths = [max(w, column_width(str(v))) for w, v in zip(widths, row, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
