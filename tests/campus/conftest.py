"""Builders and fixtures of the campus tests. Uploads go to a per-test MEDIA_ROOT."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.campus import images, services
from apps.campus.dictionary import CAMPAIGN, EVENT_THEME
from apps.campus.models import Appointment, Competition, CreationCampaign, Entry, Event, RectificationItem, Review
from apps.core.models import DictionaryItem

TERM = (datetime.date(2024, 9, 1), datetime.date(2027, 8, 31))


def png_upload(name: str = "晨读.png", size: tuple[int, int] = (400, 300), seed: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, images.generated_photo(*size, seed), content_type="image/png")


def campaign_item(bureau, label: str = "宪法宣传周") -> DictionaryItem:
    item, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=CAMPAIGN, label=label)
    return item


def theme_item(bureau, label: str = "防校园欺凌") -> DictionaryItem:
    item, _ = DictionaryItem.objects.get_or_create(bureau=bureau, kind=EVENT_THEME, label=label)
    return item


def make_appointment(by, schools, **values: Any) -> Appointment:
    fields: dict[str, Any] = {
        "name": "王建国",
        "role": "vice_principal",
        "body": "police",
        "unit": "高平市公安局北城派出所",
        "post": "副所长",
        "term_start": TERM[0],
        "term_end": TERM[1],
    }
    fields.update(values)
    return services.appointment_save(by=by, values=fields, schools=schools)


def make_event(by, school=None, *, photos=(), themes=(), **values: Any) -> Event:
    fields: dict[str, Any] = {"kind": "reading", "start_on": datetime.date(2024, 12, 4), "students": 300, "teachers": 20}
    if school is not None:
        fields["school"] = school
    fields.update(values)
    return services.event_save(by=by, values=fields, themes=themes, photos=photos)


def make_review(bureau, school, **values: Any) -> Review:
    campaign, _ = CreationCampaign.objects.get_or_create(bureau=bureau, school=school, defaults={"start_year": 2023})
    fields = {"reviewed_on": datetime.date(2024, 5, 16), "body": "晋城市关工委", "findings": "肯定", "guidance": "完善档案"}
    fields.update(values)
    return Review.objects.create(bureau=bureau, campaign=campaign, **fields)


def make_item(review, **values: Any) -> RectificationItem:
    fields = {"finding": "档案不完整", "owner": "德育主任", "due_on": datetime.date(2024, 7, 15)}
    fields.update(values)
    return RectificationItem.objects.create(bureau=review.bureau, review=review, school=review.campaign.school, **fields)


def make_entry(bureau, school, **values: Any) -> Entry:
    competition, _ = Competition.objects.get_or_create(
        bureau=bureau,
        name="山西省学生“学宪法 讲宪法”法治素养竞赛",
        defaults={"level": "province", "stage": "final", "held_on": datetime.date(2024, 11, 23)},
    )
    fields = {"student_name": "丁晨熙", "group": "high", "represented": "晋城市", "rank": 3, "prize": "second"}
    fields.update(values)
    return Entry.objects.create(bureau=bureau, competition=competition, school=school, **fields)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users):
    return users["bureau_admin"]


@pytest.fixture
def appointment(admin, school, other_school):
    return make_appointment(admin, [school, other_school])


@pytest.fixture
def event(users, appointment):
    """高平二中's 宪法晨读 with one photo, its 法治副校长 speaking."""

    return make_event(users["school_user"], photos=[png_upload()], speaker=appointment, class_hours="2")


def campus_rows(users, bureau, school) -> dict[str, Any]:
    """One row of every campus model a URL takes a pk of (tests/core/test_bad_input.py)."""

    from apps.campus.models import AppointmentBatch, CampusSchool

    admin = users["bureau_admin"]
    appointment = make_appointment(admin, [school], name="坏输入测试")
    event = make_event(users["school_user"], photos=[png_upload()])
    review = make_review(bureau, school)
    entry = make_entry(bureau, school)
    return {
        "Appointment": appointment,
        "AppointmentBatch": AppointmentBatch.objects.create(bureau=bureau, name="批次", appointed_on="2024-08-28"),
        "Event": event,
        "EventPhoto": event.photos.get(),
        "CampusSchool": CampusSchool.objects.get(pk=school.pk),
        "Competition": entry.competition,
        "Entry": entry,
        "CreationCampaign": review.campaign,
        "Review": review,
        "RectificationItem": make_item(review),
    }
