"""The campus rules: a school records only its own events and sees only its own photos;
photos are judged by content and size; one person serves at most two schools; the
retiree rules; the class-hours follow the events; students' names stay with the bureau
and their own school; a double submit saves once; an older version is refused."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.campus import selectors, services
from apps.campus.models import Appointment, Event, EventPhoto
from tests import factories
from tests.conftest import login

from .conftest import TERM, campaign_item, make_appointment, make_entry, make_event, png_upload

pytestmark = pytest.mark.django_db


def _event_form(**values):
    data = {"kind": "reading", "start_on": "2024-12-04", "students": "320", "teachers": "25", "class_hours": "1"}
    data.update(values)
    return data


def test_school_records_its_own_event_whatever_school_it_posts(users, school, other_school):
    client = login(users["school_user"])
    response = client.post(reverse("campus:event_add"), _event_form(school=other_school.pk))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.school == school  # the posted school was never a field of the school's form
    with pytest.raises(ValidationError) as refused:
        services.check_school(users["school_user"], other_school)
    assert refused.value.message_dict == {"school": ["只能为本校填报。"]}


def test_school_cannot_fetch_another_schools_photo_by_url(users, event):
    photo = event.photos.get()
    other = login(users["other_school_user"])
    assert other.get(reverse("campus:photo", args=[photo.pk])).status_code == 404
    assert other.get(reverse("campus:photo_thumb", args=[photo.pk])).status_code == 404
    own = login(users["school_user"]).get(reverse("campus:photo", args=[photo.pk]))
    assert own.status_code == 200 and own["Content-Type"] == "image/png"
    assert b"".join(own.streaming_content).startswith(b"\x89PNG")
    assert login(users["other_bureau_admin"]).get(reverse("campus:photo", args=[photo.pk])).status_code == 404


def test_photo_gets_a_thumbnail_on_upload(event):
    photo = event.photos.get()
    assert (photo.width, photo.height) == (400, 300)
    from apps.campus import images

    thumb = images.inspect(photo.thumbnail.read())  # PNG here, JPEG where Pillow makes it
    assert max(thumb.width, thumb.height) == images.THUMB_SIZE


def test_renamed_document_and_oversized_photo_are_refused(users, settings):
    client = login(users["school_user"])
    fake = SimpleUploadedFile("晨读.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(reverse("campus:event_add"), {**_event_form(), "photos": fake})
    assert response.status_code == 200
    assert "“晨读.jpg”不是有效的图片（按文件内容判断），请上传 JPG 或 PNG 格式的照片。" in response.content.decode()
    assert 'value="320"' in response.content.decode()  # what was typed stays
    settings.CAMPUS_PHOTO_MAX_BYTES = 1000
    response = client.post(reverse("campus:event_add"), {**_event_form(), "photos": png_upload("大照片.png")})
    assert "照片“大照片.png”超过" in response.content.decode()
    assert not Event.objects.exists() and not EventPhoto.objects.exists()


def test_truncated_png_is_refused():
    data = png_upload().read()
    with pytest.raises(Exception, match="truncated|IEND|crc"):
        from apps.campus import images

        images.inspect(data[: len(data) // 2])


def test_person_appointed_to_a_third_school_is_refused(admin, school, other_school, bureau):
    third = factories.make_school(bureau, name="高平三中", kind="high")
    with pytest.raises(ValidationError) as refused:
        make_appointment(admin, [school, other_school, third])
    assert refused.value.message_dict["schools"] == ["一人同时最多在 2 所学校任职，现在选择了 3 所。"]
    make_appointment(admin, [school, other_school])
    with pytest.raises(ValidationError) as refused:
        make_appointment(admin, [third])  # the same person (name and unit), overlapping term
    assert refused.value.message_dict["schools"] == ["王建国在该任期内已在高平二中、高平六中任职，一人同时最多服务 2 所学校。"]
    # After the term, a new one may serve another school.
    later = make_appointment(admin, [third], term_start=datetime.date(2027, 9, 1), term_end=datetime.date(2030, 8, 31))
    assert later.pk


def test_retiree_over_65_is_refused_and_serves_one_term(admin, school):
    with pytest.raises(ValidationError) as refused:
        make_appointment(admin, [school], retired=True, birth_date=datetime.date(1958, 3, 1))
    assert refused.value.message_dict["birth_date"] == ["退休人员聘任时不得超过65周岁（王建国聘任时66周岁）。"]
    with pytest.raises(ValidationError) as refused:
        make_appointment(admin, [school], retired=True)
    assert refused.value.message_dict["birth_date"] == ["退休人员须填写出生日期。"]
    make_appointment(admin, [school], retired=True, birth_date=datetime.date(1962, 3, 1))
    with pytest.raises(ValidationError) as refused:
        make_appointment(admin, [school], retired=True, birth_date=datetime.date(1962, 3, 1),
                         term_start=datetime.date(2027, 9, 1), term_end=datetime.date(2030, 8, 31))  # fmt: skip
    assert refused.value.message_dict["retired"] == ["退休人员只能聘任一届：王建国已于2024年聘任过。"]


def test_appointment_form_shows_the_rule_beside_the_field(admin, school, other_school, bureau):
    third = factories.make_school(bureau, name="高平三中", kind="high")
    response = login(admin).post(
        reverse("campus:appointment_add"),
        {"name": "李立新", "role": "vice_principal", "body": "court", "unit": "高平市人民法院",
         "schools": [school.pk, other_school.pk, third.pk], "term_start": "2024-09-01", "term_end": "2027-08-31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "一人同时最多在 2 所学校任职，现在选择了 3 所。" in response.content.decode()
    assert not Appointment.objects.exists()


def test_class_hours_follow_the_events(users, admin, appointment, school, other_school):
    year = 2024

    def hours():
        return Appointment.objects.annotate(h=selectors.hours_in_year(year)).get(pk=appointment.pk).h

    assert hours() == 0
    first = make_event(users["school_user"], kind="lecture", speaker=appointment, class_hours="1.5",
                       start_on=datetime.date(2024, 9, 10))  # fmt: skip
    make_event(users["other_school_user"], kind="lecture", speaker=appointment, class_hours="2",
               start_on=datetime.date(2024, 10, 10))  # fmt: skip
    make_event(
        users["school_user"], kind="lecture", speaker=appointment, class_hours="3", start_on=datetime.date(2023, 10, 10)
    )  # another year
    assert hours() == Decimal("3.5")
    listed = login(admin).get(reverse("campus:appointment_list") + "?year=2024&short_hours=true")
    assert "王建国" in listed.content.decode()  # 3.5 < 4: flagged
    make_event(users["school_user"], kind="lecture", speaker=appointment, class_hours="1",
               start_on=datetime.date(2024, 11, 1))  # fmt: skip
    assert hours() == Decimal("4.5")
    assert "王建国" not in login(admin).get(reverse("campus:appointment_list") + "?year=2024&short_hours=true").content.decode()
    services.record_delete(by=users["school_user"], instance=first)
    assert hours() == Decimal("3.0")


def test_speaker_must_serve_the_events_school(admin, users, bureau):
    elsewhere = factories.make_school(bureau, name="高平三中", kind="high")
    stranger = make_appointment(admin, [elsewhere], name="赵卫东")
    with pytest.raises(ValidationError) as refused:
        make_event(users["school_user"], kind="lecture", speaker=stranger)
    assert refused.value.message_dict["speaker"] == ["主讲人须是本校的法治副校长（或交通安全辅导员）。"]


def test_student_names_never_reach_anonymous_or_another_school(client_for, bureau, school, users):
    entry = make_entry(bureau, school)
    urls = [
        reverse("campus:entry_list"),
        reverse("campus:entry_list") + "?export=csv",
        reverse("campus:competition", args=[entry.competition_id]),
        reverse("campus:entry", args=[entry.pk]),
        "/",
    ]
    for who in (None, "other_school_user", "city_viewer"):
        client = client_for(who)
        for url in urls:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert "丁晨熙" not in body.decode("utf-8", "replace"), (who, url)
    staff = login(users["bureau_admin"]).get(reverse("campus:competition", args=[entry.competition_id]))
    assert "丁晨熙" in staff.content.decode()
    own = login(users["school_user"]).get(reverse("campus:entry_list"))
    assert "丁晨熙" in own.content.decode()
    city = login(users["city_viewer"]).get(reverse("campus:entry_list"))
    assert "丁**" in city.content.decode()


def test_double_submit_records_one_event(users):
    client = login(users["school_user"])
    form = _event_form(token=str(uuid.uuid4()))
    assert client.post(reverse("campus:event_add"), form).status_code == 302
    assert client.post(reverse("campus:event_add"), form).status_code == 302
    assert Event.objects.count() == 1


def test_save_from_an_older_version_is_refused(users, event):
    client = login(users["school_user"])
    url = reverse("campus:event_edit", args=[event.pk])
    base = _event_form(version=str(event.version), students="400")
    assert client.post(url, base).status_code == 302
    stale = client.post(url, {**base, "students": "999"})
    assert stale.status_code == 200
    assert "该记录已被他人修改（您看到的是旧版本），请重新打开后再修改。" in stale.content.decode()
    event.refresh_from_db()
    assert event.students == 400


def test_city_viewer_is_read_only(users, event):
    city = login(users["city_viewer"])
    assert city.get(event.get_absolute_url()).status_code == 200
    assert city.post(reverse("campus:event_edit", args=[event.pk]), _event_form()).status_code == 403


def test_school_marks_its_item_done_with_evidence(users, bureau, school):
    from .conftest import make_item, make_review

    item = make_item(make_review(bureau, school))
    client = login(users["school_user"])
    url = reverse("campus:rectificationitem_edit", args=[item.pk])
    refused = client.post(url, {"done_on": "2024-07-10", "evidence": "", "version": item.version})
    assert "标记完成时请填写整改情况及佐证。" in refused.content.decode()
    done = client.post(url, {"done_on": "2024-07-10", "evidence": "已补齐档案。", "version": item.version,
                             "finding": "改掉问题", "due_on": "2030-01-01"})  # fmt: skip
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.done_on == datetime.date(2024, 7, 10) and item.finding == "档案不完整"  # the school cannot rewrite it


def test_dashboard_items(users, admin, bureau, school, other_school):
    from .conftest import make_item, make_review

    make_appointment(admin, [school], term_end=datetime.date.today() + datetime.timedelta(days=30),
                     term_start=datetime.date(2024, 9, 1))  # fmt: skip
    make_item(make_review(bureau, school), due_on=datetime.date(2024, 7, 15))
    titles = {item.title: item.count for item in selectors.attention(admin)}
    assert titles["没有在任法治副校长的学校"] == 1  # 高平六中
    assert titles["60天内任期届满的法治副校长/交通安全辅导员"] == 1
    assert titles["逾期未完成的创建整改事项"] == 1
    school_titles = {item.title: item.count for item in selectors.attention(users["school_user"])}
    assert school_titles["逾期未完成的创建整改事项"] == 1
    assert {i.title: i.count for i in selectors.attention(users["other_school_user"])}["逾期未完成的创建整改事项"] == 0
    coverage = login(admin).get(reverse("campus:coverage") + "?missing=true").content.decode()
    assert "高平六中" in coverage and "高平二中" not in coverage


def test_rollup_shows_which_schools_took_part(admin, users, bureau, school, other_school):
    week = campaign_item(bureau)
    make_event(users["school_user"], campaign=week)
    response = login(admin).get(reverse("campus:rollup") + f"?year=2024&campaign={week.pk}&took_part=false")
    body = response.content.decode()
    assert "高平六中" in body and "高平二中" not in body.split("<tbody>")[-1]
    assert "活动 1 次" in body
    csv = login(admin).get(reverse("campus:rollup") + f"?year=2024&campaign={week.pk}&export=csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "高平二中,高中,是,1,300,20" in text and "高平六中,高中,否,0,0,0" in text
    assert TERM
