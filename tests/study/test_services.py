"""Writes of 学法: double submits, stale versions, scope, and the hours a person earns."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.study import services
from apps.study.models import Attendance, StudySession
from apps.study.selectors import hours_by_person, person_year
from tests import factories

from .conftest import law, make_item, make_session

VALUES = {"date": datetime.date(2024, 5, 17), "kind": "lecture", "title": "机关大讲堂：民法典", "hours": Decimal("1.5")}


def test_a_double_submitted_form_records_one_session(admin):
    token = uuid.uuid4()
    first = services.session_save(by=admin, values=VALUES, token=token)
    second = services.session_save(by=admin, values=VALUES, token=token)
    assert first.pk == second.pk
    assert StudySession.objects.count() == 1


def test_a_change_based_on_an_older_version_is_refused(admin, session):
    seen = session.version
    services.session_save(by=admin, session=session, values={"title": "甲改的名称"}, version=seen)
    with pytest.raises(ValidationError) as refused:
        services.session_save(by=admin, session=session, values={"title": "乙改的名称"}, version=seen)
    assert refused.value.messages == ["该学法活动已被他人修改（您看到的是旧版本），请重新打开后再保存。"]
    assert StudySession.objects.get(pk=session.pk).title == "甲改的名称"


def test_attendance_based_on_an_older_version_is_refused(admin, session, staff):
    seen = session.version
    services.attendance_set(session=session, by=admin, statuses={staff[2].pk: "present"}, version=seen)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.attendance_set(session=session, by=admin, statuses={staff[2].pk: "absent"}, version=seen)
    assert Attendance.objects.get(session=session, person=staff[2]).status == "present"


def test_another_bureaus_staff_cannot_be_put_on_the_list(admin, session, other_bureau):
    stranger = factories.make_person(factories.make_school(other_bureau))
    with pytest.raises(ValidationError, match="不在本局的名录库中"):
        services.attendance_set(session=session, by=admin, statuses={stranger.pk: "present"}, version=session.version)
    assert not Attendance.objects.filter(person=stranger).exists()


def test_a_city_viewer_and_another_bureau_cannot_write(users, session):
    for role in ("city_viewer", "other_bureau_admin", "inspector", "school_user"):
        with pytest.raises(PermissionDenied):
            services.session_save(by=users[role], session=session, values={"title": "改"}, version=session.version)


def test_another_bureaus_topic_is_refused(admin, other_bureau):
    theirs = make_item(other_bureau, "扫黑除恶")
    with pytest.raises(ValidationError) as refused:
        services.session_save(by=admin, values=VALUES, topics=[theirs])
    assert refused.value.message_dict == {"topics": ["请从本局的“学法主题”中选择。"]}


def test_hours_count_only_sessions_attended_in_the_year(admin, staff):
    a, b, c = staff
    make_session(admin, hours=Decimal("2"), attendees={a: "present", b: "leave"})
    make_session(admin, date=datetime.date(2024, 12, 27), hours=Decimal("1.5"), attendees={a: "present", b: "present"})
    make_session(admin, date=datetime.date(2023, 12, 29), hours=Decimal("4"), attendees={a: "present", c: "present"})
    assert hours_by_person([a.pk, b.pk, c.pk], 2024) == {a.pk: Decimal("3.5"), b.pk: Decimal("1.5"), c.pk: Decimal("0")}
    assert hours_by_person([c.pk], 2023) == {c.pk: Decimal("4")}


def test_moving_a_session_to_another_year_moves_its_hours(admin, session, staff):
    assert hours_by_person([staff[0].pk], 2024)[staff[0].pk] == Decimal("2")
    services.session_save(by=admin, session=session, values={"date": datetime.date(2025, 1, 3)}, version=session.version)
    assert hours_by_person([staff[0].pk], 2024)[staff[0].pk] == Decimal("0")
    assert hours_by_person([staff[0].pk], 2025)[staff[0].pk] == Decimal("2")


def test_a_persons_year_lists_sessions_hours_and_laws_studied(admin, session, staff):
    make_session(admin, date=datetime.date(2024, 6, 7), laws=[law("习近平法治思想学习纲要")], attendees={staff[2]: "present"})
    record = person_year(staff[2], 2024, admin)
    assert [a.session.title for a in record.attendances] == [
        "主题党日：学习反有组织犯罪法",
        "中心组学习：《习近平法治思想学习纲要》",
    ]
    assert (record.hours, record.present, record.leave, record.absent) == (Decimal("2"), 1, 1, 0)
    # Only the laws of the sessions attended: the 反有组织犯罪法 one was a leave.
    assert [law.name for law in record.laws] == ["习近平法治思想学习纲要"]


def test_deleting_a_session_takes_its_attendance(admin, session):
    services.session_delete(session=session, by=admin)
    assert not Attendance.objects.exists()
