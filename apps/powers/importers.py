"""The 权责清单 XLSX import (the province often sends the catalogue as a sheet): the same
columns as the export, every row checked (a missing or unknown legal basis names its
row), nothing saved on any error, and the whole file recorded as one adjustment."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from apps.core.imports import ImportColumn, Importer, ImportFailed, ImportKey, Row, RowError
from apps.documents.selectors import laws_for

from . import services
from .bases import law_names, parse_bases
from .choices import ChangeAction, ItemStatus, PowerKind
from .models import PowerItem

BASES = "法律依据"
DEFAULT_REASON = "Excel导入权责清单"


def _choice(choices, column: str):
    def convert(text: str) -> str:
        for value, label in choices.choices:
            if text in (label, value):
                return value
        raise ValidationError(f"“{text}”不是有效的{column}，应为：{'、'.join(str(label) for label in choices.labels)}。")

    return convert


class PowerItemImporter(Importer):
    model = PowerItem
    reason = DEFAULT_REASON
    keys = (ImportKey("code", "事项编码", lambda values: values.get("code")),)

    def __init__(self, user: Any, *, adjusted_on: datetime.date | None = None, reason: str = "", document: Any = None):
        super().__init__(user)
        self.adjusted_on = adjusted_on or timezone.localdate()
        self.adjustment_reason = reason or DEFAULT_REASON
        self.document = document

    @property
    def title(self) -> str:
        return "权责清单"

    def _unit_example(self) -> str:
        # The user's own bureau, not the demo's (高平市教育局).
        bureau = self.user.bureau if self.user.bureau_id else None
        return bureau.name if bureau is not None else "某某县教育局"

    def columns(self) -> list[ImportColumn]:
        return [
            ImportColumn("事项名称", "name", required=True, example="民办学校办学许可"),
            ImportColumn("事项编码", "code", required=True, example="XK-001"),
            ImportColumn("事项类型", "kind", required=True, example="行政许可", convert=_choice(PowerKind, "事项类型")),
            ImportColumn("所属主项编码", "parent_code", example=""),
            ImportColumn("实施主体", "implementing_unit", required=True, example=self._unit_example()),
            ImportColumn(BASES, "bases_text", required=True, example="《中华人民共和国民办教育促进法》第十八条：条文内容"),
            ImportColumn("责任事项", "responsibilities", required=True, example="受理、审查、决定、送达、事后监管"),
            ImportColumn("追责情形", "accountability", required=True, example="对符合条件的申请不予受理的"),
            ImportColumn("监督电话", "supervision_phone", required=True, example="0356-5221234"),
            ImportColumn("办理流程", "process", example="申请—受理—审查—决定—送达"),
            ImportColumn("状态", "status", example="现行", convert=_choice(ItemStatus, "状态")),
        ]

    def prepare(self, rows: list[Row]) -> None:
        """Laws of every row in one query; parent codes against the file and the catalogue."""

        names: set[str] = set()
        for row in rows:
            names |= law_names(row.texts.get("bases_text", ""))
        laws: dict[str, Any] = {}
        for law in laws_for(self.user).filter(Q(name__in=names) | Q(short_name__in=names)):
            laws[law.name] = law
            if law.short_name:
                laws.setdefault(law.short_name, law)
        for row in rows:
            text = row.values.get("bases_text", "")
            if not text:
                continue  # the required check already named the row
            try:
                row.values["bases"] = parse_bases(text, laws)
            except ValidationError as error:
                row.error(BASES, error.messages[0])
        in_file = {row.values.get("code") for row in rows}
        wanted = {row.values.get("parent_code") for row in rows if row.values.get("parent_code")} - in_file
        known = set(
            PowerItem.objects.for_user(self.user, write=True)
            .filter(code__in=wanted, status=ItemStatus.CURRENT)
            .values_list("code", flat=True)
        )
        for row in rows:
            parent = row.values.get("parent_code")
            if parent and parent not in in_file and parent not in known:
                row.error("所属主项编码", f"主项“{parent}”既不在本文件中，也不在本局现行清单中。")
            if parent and parent == row.values.get("code"):
                row.error("所属主项编码", "主项编码不能是事项自己的编码。")

    def clean_row(self, row: Row) -> None:
        if row.values.get("status") == ItemStatus.CANCELLED and row.existing is None:
            row.error("状态", "清单中没有这个事项，不能取消。")

    def build(self, row: Row) -> services.ItemDraft:
        values = row.values
        if values.get("status") == ItemStatus.CANCELLED:
            return services.ItemDraft(code=values["code"], action=ChangeAction.CANCEL)
        return services.ItemDraft(
            code=values["code"],
            action=ChangeAction.CHANGE,
            values={name: values.get(name, "") for name in services.ITEM_FIELDS},
            bases=values["bases"],
            parent_code=values.get("parent_code", ""),
        )

    def save(self, created: list[Any], updated: list[Any]) -> None:
        try:
            services.adjustment_apply(
                by=self.user,
                adjusted_on=self.adjusted_on,
                reason=self.adjustment_reason,
                document=self.document,
                drafts=[*created, *updated],
            )
        except ValidationError as error:
            raise ImportFailed([RowError(0, "", message) for message in error.messages]) from None
