"""Bad input never makes a 500 (issue 5, hole 6): NUL bytes, 100,000 characters, a
forged page cursor, unicode junk, negative and huge numbers and unknown HTTP methods,
replayed into the query parameters and POST fields of every URL of the project, as a
bureau admin, a school user and anonymous. Each gets a 400, a 405 or a form error."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import UserSession
from apps.core.errors import MALFORMED
from apps.core.models import ImportJob
from apps.documents.models import CleanupCampaign, LawMaintainer
from apps.notices import services
from apps.study import services as study_services
from tests import factories
from tests.admissions.conftest import make_admission, make_year
from tests.campus.conftest import campus_rows
from tests.conftest import login
from tests.documents.conftest import make_document, make_law, make_topic
from tests.notices.conftest import make_notice, pdf_upload
from tests.pledges.conftest import make_campaign, make_meeting
from tests.powers.conftest import make_grade, make_item, make_training
from tests.screening.conftest import screening_rows

pytestmark = pytest.mark.django_db

JUNK = [
    "a\x00b",
    "a" * 100_000,
    "长" * 2_000,
    "!!not-a-cursor==",
    "\u202e\ufffd\U0001f600",
    "-1",
    "99999999999999999999999",
]
# Parameters every list, search and form may read, besides the fields its own page shows.
COMMON = ["q", "after", "before", "page", "export", "next", "pk", "id", "status", "school", "kind", "date", "as_of"]
# Last: these end sessions, delete rows or sign the client out.
LAST = ("logout", "delete", "end", "otp_reset", "unlock")


def _named_patterns(patterns, namespace: str = "", prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("django-admin"):
                continue  # Django's own admin; its sign-in is the portal's (test_security)
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace or namespace
            yield from _named_patterns(pattern.url_patterns, inner or "", prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


URLS = dict(_named_patterns(get_resolver().url_patterns))
NAMES = sorted(URLS, key=lambda name: (name.endswith(LAST) or name.split(":")[-1].startswith(LAST), name))


@pytest.fixture
def rows(users, bureau, school, settings, tmp_path):
    """One real row of every model a URL takes a pk of."""

    settings.MEDIA_ROOT = tmp_path

    person = factories.make_person(school, name="坏输入测试")
    notice = make_notice(users["bureau_admin"], [school], attachments=[pdf_upload("通知附件.pdf")])
    copy = notice.addressees.get()
    services.addressee_acknowledge(addressee=copy, by=users["school_user"])
    reply = services.addressee_reply(
        addressee=copy, by=users["school_user"], text="已自查。", attachments=[pdf_upload()], version=copy.version
    )
    session = UserSession.objects.create(user=users["school_user"], bureau=bureau, session_key="x" * 32)
    campaign = make_campaign(users["bureau_admin"], [school])
    meeting = make_meeting(users["bureau_admin"], decisions=1)
    study_session = study_services.session_save(
        by=users["bureau_admin"], values={"date": "2024-03-01", "kind": "lecture", "title": "机关大讲堂", "hours": "2"}
    )
    bullying = bullying_rows(users, school)
    item = make_item(users["bureau_admin"])
    return screening_rows(users, school) | {
        **bullying,
        "Campaign": campaign,
        "Pledge": campaign.pledges.get(),
        "Meeting": meeting,
        "Decision": meeting.decisions.get(),
        "PowerItem": item,
        "Adjustment": item.changes.get().adjustment,
        "CreditGrade": make_grade(users["bureau_admin"], make_training(bureau)),
        "Admission": make_admission(users["bureau_admin"], school),
        "AdmissionYear": make_year(users["bureau_admin"]),
        "CleanupCampaign": CleanupCampaign.objects.create(
            bureau=bureau,
            title="专项清理",
            scope_from=datetime.date(2021, 1, 1),
            scope_to=datetime.date(2023, 12, 31),
            started_on=datetime.date(2024, 4, 1),
        ),
        "LawMaintainer": LawMaintainer.objects.create(bureau=bureau.parent),
        "Person": person,
        "Entity": school,
        "Bureau": bureau,
        "User": users["school_user"],
        "UserSession": session,
        "Document": make_document(bureau),
        "Law": make_law(),
        "DictionaryItem": make_topic(bureau),
        "Notice": notice,
        "NoticeAddressee": copy,
        "ReplyAttachment": reply.attachments.get(),
        "NoticeAttachment": notice.attachments.get(),
        "StudySession": study_session,
        "ImportJob": ImportJob.objects.create(user=users["school_user"], importer="x", title="教职员工", file_name="a.xlsx"),
        **campus_rows(users, bureau, school),
        **_report_rows(users, bureau),
        **inspection_rows(users, bureau, school),
    }


def _report_rows(users, bureau) -> dict:
    from apps.reports import services as reports

    outline = reports.outlines_for(bureau)[0]
    report = reports.create_report(by=users["legal_officer"], year=2024, outline=outline)
    return {
        "AnnualReport": report,
        "ReportSection": report.sections.first(),
        "Outline": outline,
        "OutlineSection": outline.sections.first(),
    }


def bullying_rows(users, school) -> dict:
    """A row of every 欺凌防治 model a URL takes a pk of (apps/bullying)."""

    from apps.bullying import services as bullying
    from apps.bullying.models import Evidence, Rectification
    from tests.bullying.conftest import fill, make_round, make_version

    admin = users["bureau_admin"]
    version = make_version(admin)
    round_ = make_round(admin, version)
    form = round_.inspections.get(school=school)
    fill(form, users["school_user"])
    check = bullying.spot_check_save(
        by=admin, values={"title": "督查", "planned_on": round_.deadline, "version": version}, schools=[school], team=[]
    )
    visit = bullying.visit_record(
        visit=check.visits.get(), by=admin, visited_on=round_.opened_at.date(), conclusion="rectify", summary="", findings={},
        rectifications=[bullying.RectificationDraft(None, "整改", "甲", round_.deadline)],
    )  # fmt: skip
    training = bullying.training_save(
        by=admin, values={"title": "培训", "held_on": round_.deadline, "organiser": "局", "attendance": 1, "speakers": "甲"},
        audience=[], materials=[pdf_upload("课件.pdf")],
    )  # fmt: skip
    values = {"occurred_on": round_.opened_at.date(), "description": "x", "students": "甲", "status": "handling"}
    incident = bullying.incident_save(by=users["school_user"], values=values, handling=[])
    draft = bullying.checklist_draft(checklist=version.checklist, by=admin)
    return {
        "Checklist": version.checklist,
        "ChecklistItem": draft.items.first(),
        "Round": round_,
        "SelfInspection": form,
        "Evidence": Evidence.objects.filter(answer__inspection=form).first(),
        "SpotCheck": check,
        "SpotCheckVisit": visit,
        "Rectification": Rectification.objects.get(visit=visit),
        "Training": training,
        "TrainingMaterial": training.materials.get(),
        "Incident": incident,
    }


# Pages whose pk is not of their view's model (a notice's receipt table lists its copies).
URL_MODELS = {
    "notices:notice_receipts": "Notice",
    "public:reports:report": "AnnualReport",
    "public:reports:file": "AnnualReport",
    "study:person_year": "Person",
    "inspections:draw_commit": "Task",
    "public:inspections:draw": "Draw",
    "public:inspections:draw_json": "Draw",
    "public:inspections:entity": "Entity",
    "public:inspections:plan": "Plan",
    "public:inspections:result": "Inspection",
}
# Pages that add a record under another one, named by another keyword than pk.
URL_PARENTS = {
    "campus:evaluation_add": ("appointment", "Appointment"),
    "campus:review_add": ("campaign", "CreationCampaign"),
    "campus:rectificationitem_add": ("review", "Review"),
}
# Pages under another row than their own (a plan's new task, an inspector's recusal).
PARENT_KWARGS = {"plan": "Plan", "inspector": "Inspector"}


def url_of(name: str, rows) -> str:
    pattern = URLS[name]
    if name in URL_PARENTS:
        keyword, model = URL_PARENTS[name]
        return reverse(name, kwargs={keyword: rows[model].pk})
    parents = {kw: rows[model].pk for kw, model in PARENT_KWARGS.items() if kw in pattern.pattern.converters}
    if parents:
        return reverse(name, kwargs=parents)
    if "region_code" in pattern.pattern.converters or "region_code" in str(pattern.pattern):
        return reverse(name, kwargs={"region_code": rows["Bureau"].region_code})
    if "pk" not in pattern.pattern.converters:
        return reverse(name)
    model = URL_MODELS.get(name) or pattern.callback.view_class.model.__name__
    kwargs = {"pk": rows[model].pk}
    if "attachment" in pattern.pattern.converters:
        kwargs["attachment"] = rows["NoticeAttachment"].pk
    if "kind" in pattern.pattern.converters:
        kwargs["kind"] = "docx"
    if "material" in pattern.pattern.converters:
        kwargs["material"] = rows["TrainingMaterial"].pk
    return reverse(name, kwargs=kwargs)


def field_names(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', html)) - {"csrfmiddlewaretoken"}


# One case per app and role, walking the app's URLs in order (the ones that sign out or
# delete last): the rows of every app are made once per case, not once per URL.
GROUPS: dict[str, list[str]] = {}
for _name in NAMES:
    GROUPS.setdefault(_name.rsplit(":", 1)[0] if ":" in _name else "", []).append(_name)


def _malformed_failures(client: Client, name: str, url: str) -> list:
    page = client.get(url)
    if page.status_code >= 500:
        return [(url, "GET", page.status_code)]
    failures = []
    names = set(COMMON) | (field_names(page.content.decode()) if page.get("Content-Type", "").startswith("text/html") else set())
    for value in JUNK:
        data = dict.fromkeys(names, value)
        got = client.get(url, data)
        if got.status_code >= 500:
            failures.append((url, "GET", repr(value[:20]), got.status_code))
        if name != "accounts:logout":
            got = client.post(url, data)
            if got.status_code >= 500:
                failures.append((url, "POST", repr(value[:20]), got.status_code))
    for method in ("delete", "put", "patch"):
        got = getattr(client, method)(url)
        if got.status_code != 405:
            failures.append((url, method, got.status_code))
    return failures


@pytest.mark.parametrize("role", ["bureau_admin", "school_user", None])
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_no_url_answers_malformed_input_with_a_5xx(users, rows, group, role):
    failures = []
    for name in GROUPS[group]:
        client = Client() if role is None else login(users[role])
        failures += _malformed_failures(client, name, url_of(name, rows))
    assert not failures, failures


def test_a_nul_byte_in_a_search_gets_the_chinese_400(client_for):
    response = client_for("school_user").get("/registry/entities/autocomplete/", {"q": "高平\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert MALFORMED in html and "Bad Request" not in html


def test_a_nul_byte_in_a_page_cursor_gets_the_chinese_400(client_for):
    for param in ("after", "before"):
        response = client_for("bureau_admin").get("/registry/people/", {param: "\x00"})
        assert response.status_code == 400 and MALFORMED in response.content.decode()


def test_a_nul_byte_in_a_username_gets_the_chinese_400(users):
    response = Client().post("/accounts/login/", {"username": "t_\x00admin", "password": "x"})
    assert response.status_code == 400 and MALFORMED in response.content.decode()


def test_a_100000_character_username_is_a_form_error(users):
    response = Client().post("/accounts/login/", {"username": "a" * 100_000, "password": "x" * 100_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure" not in html
    assert "用户名最长150个字符。" in html and "密码最长128个字符。" in html


def test_delete_on_a_delete_url_is_refused_and_deletes_nothing(client_for, school):
    person = factories.make_person(school, name="不可删")
    response = client_for("bureau_admin").delete(f"/registry/people/{person.pk}/delete/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    person.refresh_from_db()


def inspection_rows(users, bureau, school) -> dict:
    """双随机: an approved task with a revealed draw, its visit, an inspector and a recusal."""

    from apps.inspections import services as inspections
    from apps.inspections.models import CalendarDay, Recusal
    from tests.inspections.conftest import approved_plan_with_task, make_inspector

    admin = users["bureau_admin"]
    codes = [make_inspector(bureau, f"ZF-90{i}") for i in range(3)]
    task = approved_plan_with_task(admin, count=1)
    draw = inspections.draw_commit(task=task, by=admin)
    draw = inspections.draw_reveal(draw=draw, witness_name="监督员", witness_phrase="口令", by=admin)
    return {
        "InspectionItem": task.items.first(),
        "Plan": task.plan,
        "Task": task,
        "Draw": draw,
        "Inspection": draw.inspections.first(),
        "Inspector": codes[0],
        "Recusal": Recusal.objects.create(bureau=bureau, inspector=codes[0], entity=school, kind="other"),
        "CalendarDay": CalendarDay.objects.first(),
    }
