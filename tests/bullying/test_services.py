"""The rules of 欺凌防治's writes: versions freeze, drafts never lose answers, stale and
double submissions, the review and its immutable comments, the 督查's 整改."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, InternalError, transaction
from django.db.utils import DatabaseError

from apps.bullying import services
from apps.bullying.choices import Conclusion, LogKind, Progress
from apps.bullying.models import Answer, ChecklistItem, Evidence, InspectionLog, Rectification, SelfInspection
from apps.notices.models import Notice

from .conftest import fill, in_days, items_of, pdf_upload

pytestmark = pytest.mark.django_db


def test_opening_a_round_gives_each_school_a_form_and_a_notice(round_, school, other_school):
    assert set(round_.inspections.values_list("school__name", flat=True)) == {"高平二中", "高平六中"}
    notice = Notice.objects.get(pk=round_.notice_id)
    assert notice.status == "sent" and notice.purpose == "bullying"
    assert set(notice.addressees.values_list("school__name", flat=True)) == {"高平二中", "高平六中"}


def test_a_round_needs_a_published_version(admin):
    checklist = services.checklist_save(by=admin, values={"title": "草稿清单"})
    draft = checklist.versions.get()
    with pytest.raises(ValidationError) as error:
        services.round_open(by=admin, title="t", version=draft, period="p", year=2024, kinds=["high"], deadline=in_days(3))
    assert error.value.message_dict == {"version": ["只能使用已发布的清单版本。"]}


def test_a_school_user_cannot_open_a_round(users, version):
    with pytest.raises(PermissionDenied):
        services.round_open(
            by=users["school_user"], title="t", version=version, period="p", year=2024, kinds=["high"], deadline=in_days(3)
        )


def test_published_items_are_frozen_in_the_database(version):
    item = version.items.first()
    with pytest.raises(ValidationError, match="该版本已发布"):
        services.item_save(by=version.published_by, version=version, item=item, values={"text": "改了"})
    with pytest.raises(DatabaseError, match="检查清单版本已发布"), transaction.atomic():
        ChecklistItem.objects.filter(pk=item.pk).update(text="改了")


def test_editing_a_checklist_after_submission_leaves_submitted_answers_unchanged(admin, submitted):
    version = submitted.round.version
    before = list(submitted.answers.values_list("item__text", "value"))
    draft = services.checklist_draft(checklist=version.checklist, by=admin)
    assert draft.number == 2 and draft.items.count() == 3
    first = draft.items.order_by("position").first()
    services.item_save(by=admin, version=draft, item=first, values={"text": "成立学生欺凌治理委员会（新表述）。"})
    services.item_save(by=admin, version=draft, values={"section": "三", "text": "新增一项。"})
    services.checklist_publish(version=draft, by=admin)
    submitted.refresh_from_db()
    assert submitted.round.version_id == version.pk
    assert list(submitted.answers.values_list("item__text", "value")) == before
    assert before[0] == ("成立学生欺凌治理委员会。", "符合")


def test_submitting_without_required_evidence_is_refused_and_the_draft_survives(mine, users):
    user = users["school_user"]
    saved = fill(mine, user, evidence=False)
    with pytest.raises(services.Incomplete) as refused:
        services.inspection_submit(inspection=saved, by=user)
    item = items_of(mine)[0]
    assert [m.message for m in refused.value.missing] == ["第1项须上传佐证材料：成立学生欺凌治理委员会。"]
    assert refused.value.missing[0].anchor == f"item-{item.pk}"
    mine.refresh_from_db()
    assert mine.progress == Progress.DRAFT
    assert sorted(mine.answers.values_list("value", flat=True)) == ["3", "无", "符合"]


def test_unanswered_items_are_listed(mine, users):
    user = users["school_user"]
    services.inspection_save(inspection=mine, by=user, answers={}, version=mine.version)
    with pytest.raises(services.Incomplete) as refused:
        services.inspection_submit(inspection=mine, by=user)
    assert len(refused.value.missing) == 3
    assert refused.value.missing[1].message == "第2项未填写：本学期专题教育次数。"


def test_a_save_from_a_stale_second_tab_is_refused_and_the_first_tabs_answers_stay(mine, users):
    user = users["school_user"]
    item = items_of(mine)[0]
    opened = mine.version  # both tabs opened the form at this version
    services.inspection_save(inspection=mine, by=user, answers={item.pk: ("符合", "第一个标签页")}, version=opened)
    with pytest.raises(ValidationError) as refused:
        services.inspection_save(inspection=mine, by=user, answers={item.pk: ("不符合", "第二个标签页")}, version=opened)
    assert refused.value.messages == [services.STALE_FORM]
    assert Answer.objects.get(inspection=mine, item=item).note == "第一个标签页"


def test_a_double_clicked_submit_makes_one_submission(mine, users):
    user = users["school_user"]
    token = uuid.uuid4()
    saved = fill(mine, user, token=token)
    first, done = services.inspection_submit(inspection=saved, by=user, token=token)
    again, done_again = services.inspection_submit(inspection=saved, by=user, token=token)
    # The second request's save step is the same form posted twice: nothing written.
    _, wrote = services.inspection_save(inspection=saved, by=user, answers={}, version=saved.version, token=token)
    assert (done, done_again, wrote) == (True, False, False)
    assert InspectionLog.objects.filter(inspection=mine, kind=LogKind.SUBMITTED).count() == 1


def test_a_number_item_refuses_text(mine, users):
    item = items_of(mine)[1]
    with pytest.raises(ValidationError, match="请填写数字"):
        services.inspection_save(inspection=mine, by=users["school_user"], answers={item.pk: ("三次", "")}, version=mine.version)


def test_another_school_cannot_save_my_form(mine, users):
    with pytest.raises(PermissionDenied):
        services.inspection_save(inspection=mine, by=users["other_school_user"], answers={}, version=mine.version)


def test_review_round_trip_keeps_every_comment_and_answer(admin, submitted, users):
    user = users["school_user"]
    item = items_of(submitted)[0]
    returned = services.inspection_review(
        inspection=submitted, by=admin, comments={item.pk: "请补充成立文件。"}, version=submitted.version
    )
    assert (returned.progress, returned.trip) == (Progress.RECTIFY, 1)
    rectification = Rectification.objects.get(inspection=submitted)
    # Resubmitting needs the 整改 answered.
    with pytest.raises(services.Incomplete) as refused:
        services.inspection_submit(inspection=returned, by=user)
    assert refused.value.missing[0].anchor == f"rect-{rectification.pk}"
    saved, _ = services.inspection_save(
        inspection=returned,
        by=user,
        answers={},
        replies={rectification.pk: "已补充。"},
        reply_evidence={rectification.pk: [pdf_upload("成立文件.pdf")]},
        version=returned.version,
    )
    resubmitted, _ = services.inspection_submit(inspection=saved, by=user)
    assert resubmitted.progress == Progress.SUBMITTED
    passed = services.inspection_review(inspection=resubmitted, by=admin, comments={}, version=resubmitted.version)
    assert passed.progress == Progress.PASSED
    rectification.refresh_from_db()
    assert rectification.answer == "已补充。" and rectification.answered_at and rectification.closed_at
    assert Evidence.objects.filter(rectification=rectification).count() == 1
    kinds = list(InspectionLog.objects.filter(inspection=submitted).values_list("kind", flat=True))
    assert kinds == [LogKind.SUBMITTED, LogKind.RETURNED, LogKind.RESUBMITTED, LogKind.PASSED]


def test_a_review_based_on_an_older_version_is_refused(admin, submitted):
    with pytest.raises(ValidationError) as refused:
        services.inspection_review(inspection=submitted, by=admin, comments={}, version=submitted.version - 1)
    assert refused.value.messages == [services.STALE_REVIEW]


def test_a_school_cannot_review(users, submitted):
    with pytest.raises(PermissionDenied):
        services.inspection_review(inspection=submitted, by=users["school_user"], comments={}, version=submitted.version)


@pytest.mark.parametrize("change", ["comment", "delete", "due_on"])
def test_a_sent_comment_cannot_be_edited_or_deleted_in_the_database(admin, submitted, change):
    item = items_of(submitted)[0]
    services.inspection_review(inspection=submitted, by=admin, comments={item.pk: "请补充。"}, version=submitted.version)
    rows = Rectification.objects.filter(inspection=submitted)
    with pytest.raises((IntegrityError, InternalError, DatabaseError)), transaction.atomic():
        if change == "delete":
            rows.delete()
        elif change == "comment":
            rows.update(comment="改过的意见")
        else:
            rows.update(due_on=in_days(3))
    assert rows.get().comment == "请补充。"


def test_a_form_passed_cannot_be_changed(admin, submitted, users):
    passed = services.inspection_review(inspection=submitted, by=admin, comments={}, version=submitted.version)
    with pytest.raises(ValidationError, match="已审核通过"):
        services.inspection_save(inspection=passed, by=users["school_user"], answers={}, version=passed.version)


def test_spot_check_record_and_rectification(admin, users, version, school, other_school):
    check = services.spot_check_save(
        by=admin,
        values={"title": "督查", "planned_on": in_days(-1), "version": version},
        schools=[school, other_school],
        team=[admin],
    )
    visit = check.visits.get(school=school)
    item = items_of_version(version)[0]
    with pytest.raises(ValidationError):
        services.visit_record(
            visit=visit,
            by=admin,
            visited_on=in_days(-1),
            conclusion=Conclusion.RECTIFY,
            summary="",
            findings={},
            rectifications=[],
        )
    recorded = services.visit_record(
        visit=visit,
        by=admin,
        visited_on=in_days(-1),
        conclusion=Conclusion.RECTIFY,
        summary="举报渠道未公示。",
        findings={item.pk: ("不符合", "未成立")},
        rectifications=[services.RectificationDraft(item.pk, "请成立委员会。", "德育主任", in_days(10))],
    )
    assert recorded.recorded_at is not None
    with pytest.raises(ValidationError, match="不能重复录入"):
        services.visit_record(
            visit=visit, by=admin, visited_on=in_days(-1), conclusion=Conclusion.PASS, summary="", findings={}, rectifications=[]
        )
    rectification = Rectification.objects.get(visit=visit)
    with pytest.raises(ValidationError, match="尚未答复"):
        services.rectification_close(rectification=rectification, by=admin, version=rectification.version)
    answered = services.rectification_answer(
        rectification=rectification, by=users["school_user"], text="已成立。", files=[pdf_upload()], version=rectification.version
    )
    with pytest.raises(PermissionDenied):
        services.rectification_answer(rectification=answered, by=users["other_school_user"], text="x", version=answered.version)
    closed = services.rectification_close(rectification=answered, by=admin, version=answered.version)
    assert closed.closed_at is not None


def items_of_version(version):
    return list(version.items.all())


def test_incident_names_are_encrypted_at_rest(users):
    from apps.bullying.models import Incident

    incident = services.incident_save(
        by=users["school_user"],
        values={"occurred_on": in_days(-3), "description": "推搡", "students": "学生甲", "status": "handling"},
        handling=[],
        real_names="张三",
    )
    stored = Incident.objects.values_list("names_encrypted", flat=True).get(pk=incident.pk)
    assert "张三" not in stored and incident.real_names == "张三"
    with pytest.raises(PermissionDenied):
        services.incident_save(by=users["bureau_admin"], values={}, handling=[])
    kept = services.incident_save(by=users["school_user"], incident=incident, values={"students": "学生甲、学生乙"}, handling=[])
    assert kept.real_names == "张三"


def test_selfinspection_overdue(round_, mine):
    SelfInspection.objects.filter(pk=mine.pk)
    round_.deadline = in_days(-1)
    round_.save()
    assert SelfInspection.objects.overdue().count() == 2
