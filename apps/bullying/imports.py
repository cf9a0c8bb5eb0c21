"""Checklist items from an .xlsx into a draft version, on the core importer: every row
checked first (rows named), all or nothing. Items are matched by their 序号 within the
draft, so a corrected sheet can be imported again."""

from __future__ import annotations

from typing import Any

from apps.core.imports import ImportColumn, Importer, ImportKey, Row

from .choices import AnswerType
from .models import ChecklistItem, ChecklistVersion

YES = {"是": True, "否": False, "": False, "需要": True, "不需要": False}


def _answer_type(text: str) -> str:
    labels = {
        "符合/不符合/不适用": AnswerType.COMPLIANCE,
        "符合": AnswerType.COMPLIANCE,
        "数字": AnswerType.NUMBER,
        "文字": AnswerType.TEXT,
    }
    if text in labels:
        return labels[text]
    if text in AnswerType.values:
        return text
    raise ValueError(f"“{text}”不是有效的答案类型，应为：符合/不符合/不适用、数字、文字。")


def _yes_no(text: str) -> bool:
    if text in YES:
        return YES[text]
    raise ValueError(f"“{text}”请填写“是”或“否”。")


def _position(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError("序号请填写正整数。") from None
    if value < 1 or value > 9999:
        raise ValueError("序号请填写 1 到 9999 之间的整数。")
    return value


def item_columns(user: Any) -> list[ImportColumn]:
    return ChecklistItemImporter(user).columns()


class ChecklistItemImporter(Importer):
    model = ChecklistItem
    reason = "Excel导入检查项"
    # Set by the view to the checklist's draft version.
    version: ChecklistVersion | None = None
    keys = (ImportKey("position", "序号", lambda v: v.get("position")),)
    update_fields = ("section", "text", "answer_type", "evidence_required", "guidance")

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn("序号", "position", required=True, example="1", convert=_position),
            ImportColumn("部分", "section", required=True, example="一、组织领导"),
            ImportColumn("检查内容", "text", required=True, example="成立学生欺凌治理委员会，明确职责分工。"),
            ImportColumn("答案类型", "answer_type", example="符合/不符合/不适用", convert=_answer_type),
            ImportColumn("须附佐证材料", "evidence_required", example="是", convert=_yes_no),
            ImportColumn("填报说明", "guidance", example="上传成立文件。"),
        ]

    def prepare(self, rows: list[Row]) -> None:
        for row in rows:
            row.values.setdefault("answer_type", AnswerType.COMPLIANCE)
            row.values.setdefault("evidence_required", False)

    def existing_rows(self, queryset):
        return queryset.filter(version=self.version)

    def build(self, row: Row) -> ChecklistItem:
        obj = row.existing or ChecklistItem(bureau_id=self.version.bureau_id, version=self.version)
        for name, value in row.values.items():
            setattr(obj, name, value)
        return obj

    def save(self, created, updated) -> None:
        ChecklistItem.objects.bulk_create(created)
        if updated:
            ChecklistItem.objects.bulk_update(updated, [*self.update_fields, "updated_at"])
