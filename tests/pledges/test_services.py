"""The campaign's and the pledge's rules: launched as a notice, signed once by its own
school, returned by the bureau and signed again; double submits make one record, a
stale version is refused with a clear message; meetings and their decisions."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.notices.choices import NoticeKind, Progress
from apps.notices.models import Notice, NoticeAddressee
from apps.pledges import services
from apps.pledges.choices import PledgeStatus
from apps.pledges.models import Campaign, Decision, Meeting, Pledge
from tests import factories
from tests.conftest import login

from .conftest import JPEG_BYTES, PDF_BYTES, in_days, make_campaign, meeting_kind, scan_upload, sign


def test_launch_makes_a_pending_pledge_per_school_and_sends_the_notice(campaign, school, other_school, users):
    assert set(campaign.pledges.values_list("school__name", "status")) == {
        ("高平二中", PledgeStatus.PENDING),
        ("高平六中", PledgeStatus.PENDING),
    }
    notice = campaign.notice
    assert notice.status == "sent" and notice.purpose == "pledges" and notice.kind == NoticeKind.NOTICE
    assert notice.deadline == campaign.deadline
    assert set(notice.documents.values_list("title", flat=True)) == {
        f"{campaign.year}年度学校安全综治法治工作目标责任承诺书",
        f"{campaign.year}年全市学校安全稳定法治工作要点",
    }
    # The school finds it in its inbox like any notice.
    inbox = reverse("notices:inbox")
    html = login(users["school_user"]).get(inbox).content.decode()
    assert f"关于签订《{campaign.year}年度学校安全综治法治工作目标责任承诺书》的通知" in html


def test_a_second_campaign_of_the_same_year_is_refused(campaign, admin, school):
    with pytest.raises(ValidationError) as refused:
        make_campaign(admin, [school], year=campaign.year)
    assert refused.value.message_dict["year"] == [f"{campaign.year}年度的承诺书签订已经发起，不能重复发起。"]
    assert Campaign.objects.count() == 1


def test_the_same_launch_posted_twice_makes_one_campaign(admin, school):
    token = uuid.uuid4()
    first = make_campaign(admin, [school], token=token)
    again = make_campaign(admin, [school], token=token)
    assert first.pk == again.pk
    assert Campaign.objects.count() == 1 and Pledge.objects.count() == 1
    assert Notice.objects.filter(purpose="pledges").count() == 1


def test_a_school_of_another_bureau_cannot_be_picked(admin, school, other_bureau):
    stranger = factories.make_school(other_bureau, name="阳城一中")
    with pytest.raises(ValidationError) as refused:
        make_campaign(admin, [school, stranger])
    assert refused.value.message_dict["schools"] == ["只能选择本局的学校。"]
    assert not Campaign.objects.exists()


def test_a_school_or_the_city_cannot_launch(users, school):
    for role in ("school_user", "city_viewer", "inspector"):
        with pytest.raises(PermissionDenied):
            make_campaign(users[role], [school])


def test_the_school_signs_its_own_pledge_and_the_notice_is_signed_for(pledge, users):
    signed = sign(pledge, users["school_user"], signer="李校长", scan=scan_upload("扫描.jpg", JPEG_BYTES))
    assert signed.status == PledgeStatus.SIGNED and signed.signer == "李校长"
    assert signed.scan.name.endswith(".jpg") and signed.signed_by == users["school_user"]
    copy = NoticeAddressee.objects.get(notice=pledge.campaign.notice, school=pledge.school)
    assert copy.progress == Progress.ACKNOWLEDGED


def test_gp2z_signing_gp6zs_pledge_gets_404_and_changes_nothing(client_for, other_pledge, users):
    url = reverse("pledges:pledge_sign", args=[other_pledge.pk])
    response = client_for("school_user").post(
        url, {"signer": "李校长", "signed_on": timezone.localdate().isoformat(), "scan": scan_upload(), "version": 1}
    )
    assert response.status_code == 404
    assert client_for("school_user").get(reverse("pledges:pledge", args=[other_pledge.pk])).status_code == 404
    other_pledge.refresh_from_db()
    assert other_pledge.status == PledgeStatus.PENDING
    # And through the service itself.
    with pytest.raises(PermissionDenied):
        sign(other_pledge, users["school_user"])


def test_a_signed_pledge_cannot_be_changed_by_the_school(client_for, signed, users):
    with pytest.raises(ValidationError) as refused:
        sign(signed, users["school_user"], signer="另一人", version=signed.version)
    assert refused.value.messages == [services.ALREADY_SIGNED]
    client = client_for("school_user")
    page = client.get(reverse("pledges:pledge_sign", args=[signed.pk]), follow=True)
    assert services.ALREADY_SIGNED in page.content.decode()
    response = client.post(
        reverse("pledges:pledge_sign", args=[signed.pk]),
        {"signer": "另一人", "signed_on": timezone.localdate().isoformat(), "scan": scan_upload(), "version": signed.version},
    )
    assert response.status_code == 200 and services.ALREADY_SIGNED in response.content.decode()
    signed.refresh_from_db()
    assert signed.signer == "张三"
    detail = client.get(reverse("pledges:pledge", args=[signed.pk])).content.decode()
    assert "签订承诺书</a>" not in detail


def test_returned_pledge_goes_back_to_the_school_to_sign_again(signed, admin, users, client_for):
    returned = services.pledge_return(pledge=signed, by=admin, reason="扫描件未加盖公章", version=signed.version)
    assert returned.status == PledgeStatus.RETURNED and returned.return_reason == "扫描件未加盖公章"
    html = client_for("school_user").get(reverse("pledges:pledge", args=[returned.pk])).content.decode()
    assert "教育局已退回本承诺书：扫描件未加盖公章" in html and "重新签订</a>" in html
    again = sign(returned, users["school_user"], signer="李校长")
    assert again.status == PledgeStatus.SIGNED and again.signer == "李校长"


def test_the_school_cannot_return_and_a_pending_pledge_cannot_be_returned(pledge, signed, users, admin, other_pledge):
    with pytest.raises(PermissionDenied):
        services.pledge_return(pledge=signed, by=users["school_user"], reason="想改", version=signed.version)
    with pytest.raises(ValidationError) as refused:
        services.pledge_return(pledge=other_pledge, by=admin, reason="未签", version=other_pledge.version)
    assert refused.value.messages == ["只有已签订的承诺书可以退回。"]


def test_a_signing_based_on_an_older_version_is_refused(signed, admin, users):
    """The school opened the form, the bureau returned the pledge meanwhile (version
    moved on), then the school returned once more... the school's old form is stale."""

    stale = signed.version
    returned = services.pledge_return(pledge=signed, by=admin, reason="扫描件不清晰", version=stale)
    with pytest.raises(ValidationError) as refused:
        sign(returned, users["school_user"], version=stale)
    assert refused.value.messages == [services.STALE_PLEDGE]
    # The bureau's return based on an old version is refused the same way.
    with pytest.raises(ValidationError) as twice:
        services.pledge_return(pledge=returned, by=admin, reason="再退", version=stale)
    assert twice.value.messages == [services.STALE_PLEDGE]


def test_a_double_clicked_signing_saves_once(pledge, users):
    token = uuid.uuid4()
    first = sign(pledge, users["school_user"], token=token)
    second = sign(pledge, users["school_user"], token=token, version=pledge.version)
    assert first.pk == second.pk and second.version == first.version == 2


def test_bad_input_is_named_next_to_the_field_and_kept(client_for, pledge):
    client = client_for("school_user")
    url = reverse("pledges:pledge_sign", args=[pledge.pk])
    response = client.post(
        url,
        {
            "signer": "李校长",
            "signed_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "scan": scan_upload("承诺书.pdf", b"just text, not a scan"),
            "version": pledge.version,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "签订日期不能晚于今天。" in html
    assert "“承诺书.pdf”：扫描件类型不支持，仅支持 PDF、JPG、PNG 文件。" in html
    assert 'value="李校长"' in html
    empty = client.post(url, {"version": pledge.version}).content.decode()
    assert "请填写“签订人”。" in empty and "请选择“签字盖章扫描件”。" in empty
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PENDING


def test_the_bureau_uploads_a_scan_sent_on_paper(pledge, users):
    signed = sign(pledge, users["legal_officer"])
    assert signed.status == PledgeStatus.SIGNED and signed.signed_by == users["legal_officer"]
    # Not the school: the notice's copy keeps its own state.
    copy = NoticeAddressee.objects.get(notice=pledge.campaign.notice, school=pledge.school)
    assert copy.progress < Progress.ACKNOWLEDGED


def test_the_campaign_form_names_the_wrong_fields_and_keeps_input(client_for, school, bureau):
    response = client_for("bureau_admin").post(
        reverse("pledges:campaign_add"),
        {"year": "1999", "title": "2024年度承诺书签订", "deadline": "2020-01-01", "audience": "picked"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“年度”请填写 2000 到 2100 之间的年份。" in html
    assert "签订截止日期不能早于今天。" in html
    assert "请选择“承诺书文本”。" in html
    assert "请至少选择一所签订学校。" in html
    assert 'value="2024年度承诺书签订"' in html
    assert not Campaign.objects.exists()


def test_launch_through_the_page_by_kind_and_double_posted(client_for, school, other_school, bureau):
    from tests.documents.conftest import make_document

    factories.make_school(bureau, name="高平市第一小学", kind="primary")
    text = make_document(bureau, title="承诺书文本")
    guidance = make_document(bureau, title="工作要点")
    client = client_for("bureau_admin")
    data = {
        "year": "2031",
        "title": "2031年度承诺书签订",
        "pledge_document": text.pk,
        "documents": [guidance.pk],
        "deadline": in_days(10).isoformat(),
        "audience": "kinds",
        "kinds": ["high"],
        "token": str(uuid.uuid4()),
    }
    first = client.post(reverse("pledges:campaign_add"), data)
    second = client.post(reverse("pledges:campaign_add"), data)
    campaign = Campaign.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == campaign.get_absolute_url()
    assert sorted(campaign.pledges.values_list("school__name", flat=True)) == ["高平二中", "高平六中"]


def test_campaign_page_shows_unsigned_first_by_kind_and_exports(client_for, admin, bureau, school, other_school, users):
    primary = factories.make_school(bureau, name="高平市第一小学", kind="primary")
    campaign = make_campaign(admin, [school, other_school, primary])
    sign(campaign.pledges.get(school=school), users["school_user"])
    client = client_for("bureau_admin")
    response = client.get(campaign.get_absolute_url())
    html = response.content.decode()
    assert "共 3 所学校：已签订 1，未签订 2。" in html
    kinds = response.context["summary"]["kinds"]
    assert [(k["label"], k["signed"], k["unsigned"]) for k in kinds] == [("高中", 1, 1), ("小学", 0, 1)]
    names = [obj.school.name for obj, _ in response.context["rows"]]
    assert names[-1] == "高平二中"  # signed last
    export = b"".join(client.get(campaign.get_absolute_url() + "?export=csv").streaming_content).decode("utf-8-sig")
    lines = export.strip().splitlines()
    assert lines[0].startswith("学校,学校类型,状态") and lines[-1].startswith("高平二中,高中,已签订")
    only_high = client.get(campaign.get_absolute_url(), {"kind": "high", "status": "unsigned"})
    assert [obj.school.name for obj, _ in only_high.context["rows"]] == ["高平六中"]


def test_dashboard_items_for_the_bureau_and_the_school(client_for, admin, school, other_school, users):
    campaign = make_campaign(admin, [school, other_school], deadline=in_days(3))
    bureau_html = client_for("bureau_admin").get(reverse("core:dashboard")).content.decode()
    assert "逾期未签订承诺书的学校" not in bureau_html
    school_html = client_for("school_user").get(reverse("core:dashboard")).content.decode()
    assert "待签订的目标责任承诺书" in school_html
    Campaign.objects.filter(pk=campaign.pk).update(deadline=in_days(-1))
    sign(campaign.pledges.get(school=school), users["school_user"])
    bureau = client_for("bureau_admin").get(reverse("core:dashboard"))
    items = {i.title: i for panel in bureau.context["panels"] for i in panel.items}
    assert items["逾期未签订承诺书的学校"].count == 1
    listed = client_for("bureau_admin").get(items["逾期未签订承诺书的学校"].url)
    assert [obj.school.name for obj, _ in listed.context["rows"]] == ["高平六中"]
    school_items = {
        i.title for panel in client_for("school_user").get(reverse("core:dashboard")).context["panels"] for i in panel.items
    }
    assert "待签订的目标责任承诺书" not in school_items
    six = {
        i.title: i.count
        for panel in client_for("other_school_user").get(reverse("core:dashboard")).context["panels"]
        for i in panel.items
    }
    assert six["待签订的目标责任承诺书"] == 1


# -- meetings --------------------------------------------------------------------------


def test_meeting_with_attendees_minutes_and_decisions_ticked_off(client_for, admin, bureau, school):
    kind = meeting_kind(bureau)
    office = factories.make_school(bureau, name="高平市教育局机关", kind="other")
    staff = factories.make_person(office, name="王股长")
    client = client_for("bureau_admin")
    response = client.post(
        reverse("pledges:meeting_add"),
        {
            "held_on": "2024-03-12",
            "kind": kind.pk,
            "topic": "部署2024年学校安全稳定法治工作",
            "host": "局长",
            "people": [staff.pk],
            "units": [school.pk],
            "minutes": SimpleUploadedFile("纪要.pdf", PDF_BYTES, content_type="application/pdf"),
            "token": str(uuid.uuid4()),
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert list(meeting.people.all()) == [staff] and list(meeting.units.all()) == [school]
    assert client.get(reverse("pledges:meeting_minutes", args=[meeting.pk])).status_code == 200
    client.post(
        reverse("pledges:decision_add", args=[meeting.pk]),
        {"text": "各校开展安全隐患排查", "owner": "安全股", "due_on": "2024-03-26", "token": str(uuid.uuid4())},
    )
    decision = meeting.decisions.get()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "各校开展安全隐患排查" in page and "逾期未办结" in page
    client.post(reverse("pledges:decision_done", args=[decision.pk]))
    decision.refresh_from_db()
    assert decision.done_on == timezone.localdate() and decision.done_by == admin
    # A second click changes nothing.
    assert services.decision_done(decision=decision, by=admin) is False


def test_a_decision_due_before_the_meeting_is_refused_next_to_the_field(client_for, meeting):
    response = client_for("bureau_admin").post(
        reverse("pledges:decision_add", args=[meeting.pk]),
        {"text": "整改", "owner": "安全股", "due_on": (meeting.held_on - datetime.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "完成时限不能早于会议日期。" in response.content.decode()
    assert meeting.decisions.count() == 2


def test_a_double_clicked_meeting_and_decision_save_once(admin, bureau):
    token = uuid.uuid4()
    values = {"held_on": datetime.date(2024, 5, 14), "kind": meeting_kind(bureau), "topic": "防溺水"}
    first = services.meeting_save(by=admin, values=values, token=token)
    second = services.meeting_save(by=admin, values=values, token=token)
    assert first.pk == second.pk and Meeting.objects.count() == 1
    decision_token = uuid.uuid4()
    for _ in range(2):
        services.decision_add(
            meeting=first, by=admin, text="排查", owner="安全股", due_on=datetime.date(2024, 5, 30), token=decision_token
        )
    assert Decision.objects.count() == 1


def test_a_meeting_saved_from_an_older_version_is_refused(client_for, meeting, users):
    stale = meeting.version
    services.meeting_save(by=users["legal_officer"], meeting=meeting, values={"topic": "改过的议题"}, version=stale)
    response = client_for("bureau_admin").post(
        reverse("pledges:meeting_edit", args=[meeting.pk]),
        {
            "held_on": meeting.held_on.isoformat(),
            "kind": meeting.kind_id,
            "topic": "我的议题",
            "version": stale,
        },
    )
    assert response.status_code == 200
    assert services.STALE_MEETING in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.topic == "改过的议题"


def test_overdue_decisions_are_a_dashboard_item(client_for, meeting, admin):
    response = client_for("bureau_admin").get(reverse("core:dashboard"))
    items = {i.title: i for panel in response.context["panels"] for i in panel.items}
    assert items["逾期未办结的例会决定事项"].count == 2
    services.decision_done(decision=meeting.decisions.first(), by=admin)
    listed = client_for("bureau_admin").get(items["逾期未办结的例会决定事项"].url)
    assert len(listed.context["rows"]) == 1
    # The city reads but has no such item; the inspector neither.
    for role in ("city_viewer", "inspector"):
        titles = {i.title for p in client_for(role).get(reverse("core:dashboard")).context["panels"] for i in p.items}
        assert "逾期未办结的例会决定事项" not in titles


def test_meeting_of_another_bureau_cannot_be_changed_through_the_service(meeting, users):
    with pytest.raises(PermissionDenied):
        services.meeting_save(by=users["other_bureau_admin"], meeting=meeting, values={"topic": "x"})
    with pytest.raises(PermissionDenied):
        services.decision_done(decision=meeting.decisions.first(), by=users["city_viewer"])
