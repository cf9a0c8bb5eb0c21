"""Builders and fixtures of the study tests: the bureau's offices (机关) with staff,
学法 topics and organisers, and sessions recorded through the services."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from apps.core.models import DictionaryItem
from apps.documents.models import Law
from apps.registry.choices import EntityKind
from apps.study import services
from apps.study.dictionary import STUDY_ORGANISER, STUDY_TOPIC
from apps.study.models import StudySession
from tests import factories


def make_offices(bureau, name: str = "测试局机关"):
    return factories.make_school(bureau, name=name, kind=EntityKind.OTHER)


def make_item(bureau, label: str, kind: str = STUDY_TOPIC) -> DictionaryItem:
    return DictionaryItem.objects.get_or_create(bureau=bureau, kind=kind, label=label)[0]


def law(name: str) -> Law:
    return Law.objects.get(name=name)


def make_session(by, *, topics=(), laws=(), attendees: dict | None = None, **values: Any) -> StudySession:
    fields: dict[str, Any] = {
        "date": datetime.date(2024, 3, 1),
        "kind": "central_group",
        "title": "中心组学习：《习近平法治思想学习纲要》",
        "hours": Decimal("2"),
        "mode": "onsite",
    }
    fields.update(values)
    session = services.session_save(by=by, values=fields, topics=topics, laws=laws)
    if attendees:
        session = services.attendance_set(
            session=session, by=by, statuses={p.pk: s for p, s in attendees.items()}, version=session.version
        )
    return session


def xlsx_upload(rows: list[list[Any]], header=("姓名", "工作单位", "身份证号", "出席情况", "备注")) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "签到表.xlsx", buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def offices(bureau):
    return make_offices(bureau)


@pytest.fixture
def staff(offices):
    """Three of the bureau's own staff: 王局长, 李法规, 赵执法."""

    return [factories.make_person(offices, name=name, category="admin") for name in ("王局长", "李法规", "赵执法")]


@pytest.fixture
def anti_gang(bureau):
    return make_item(bureau, "扫黑除恶")


@pytest.fixture
def organiser(bureau):
    return make_item(bureau, "局党组", STUDY_ORGANISER)


@pytest.fixture
def session(admin, staff, anti_gang, organiser):
    """A 主题党日 on 反有组织犯罪法 (扫黑除恶): two present, one on leave."""

    return make_session(
        admin,
        kind="party_day",
        title="主题党日：学习反有组织犯罪法",
        organiser=organiser,
        topics=[anti_gang],
        laws=[law("中华人民共和国反有组织犯罪法")],
        attendees={staff[0]: "present", staff[1]: "present", staff[2]: "leave"},
    )
