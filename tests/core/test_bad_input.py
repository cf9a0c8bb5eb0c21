"""Bad input never makes a 500 (issue 5, hole 6): NUL bytes, 100,000 characters, a
forged page cursor, unicode junk, negative and huge numbers and unknown HTTP methods,
replayed into the query parameters and POST fields of every URL of the project, as a
bureau admin, a school user and anonymous. Each gets a 400, a 405 or a form error."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import UserSession
from apps.core.errors import MALFORMED
from apps.core.models import ImportJob
from apps.notices import services
from tests import factories
from tests.conftest import login
from tests.documents.conftest import make_document, make_law, make_topic
from tests.notices.conftest import make_notice, pdf_upload

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
    return {
        "Person": person,
        "Entity": school,
        "User": users["school_user"],
        "UserSession": session,
        "Document": make_document(bureau),
        "Law": make_law(),
        "DictionaryItem": make_topic(bureau),
        "Notice": notice,
        "NoticeAddressee": copy,
        "ReplyAttachment": reply.attachments.get(),
        "NoticeAttachment": notice.attachments.get(),
        "ImportJob": ImportJob.objects.create(user=users["school_user"], importer="x", title="教职员工", file_name="a.xlsx"),
        **inspection_rows(users, bureau, school),
    }


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


# Pages whose pk is not of their view's model (a notice's receipt table lists its copies).
URL_MODELS = {
    "notices:notice_receipts": "Notice",
    "inspections:draw_commit": "Task",
    "public:inspections:draw": "Draw",
    "public:inspections:draw_json": "Draw",
    "public:inspections:entity": "Entity",
    "public:inspections:plan": "Plan",
    "public:inspections:result": "Inspection",
}
# Pages under another row than their own (a plan's new task, an inspector's recusal).
PARENT_KWARGS = {"plan": "Plan", "inspector": "Inspector"}


def url_of(name: str, rows) -> str:
    pattern = URLS[name]
    parents = {kw: rows[model].pk for kw, model in PARENT_KWARGS.items() if kw in pattern.pattern.converters}
    if parents:
        return reverse(name, kwargs=parents)
    if "pk" not in pattern.pattern.converters:
        return reverse(name)
    model = URL_MODELS.get(name) or pattern.callback.view_class.model.__name__
    kwargs = {"pk": rows[model].pk}
    if "attachment" in pattern.pattern.converters:
        kwargs["attachment"] = rows["NoticeAttachment"].pk
    return reverse(name, kwargs=kwargs)


def field_names(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"', html)) - {"csrfmiddlewaretoken"}


@pytest.mark.parametrize("role", ["bureau_admin", "school_user", None])
@pytest.mark.parametrize("name", NAMES)
def test_no_url_answers_malformed_input_with_a_5xx(users, rows, name, role):
    url = url_of(name, rows)
    client = Client() if role is None else login(users[role])
    page = client.get(url)
    assert page.status_code < 500, (url, page.status_code)
    names = set(COMMON) | (field_names(page.content.decode()) if page.get("Content-Type", "").startswith("text/html") else set())
    for value in JUNK:
        data = dict.fromkeys(names, value)
        got = client.get(url, data)
        assert got.status_code < 500, (url, "GET", repr(value[:20]), got.status_code)
        if name != "accounts:logout":
            got = client.post(url, data)
            assert got.status_code < 500, (url, "POST", repr(value[:20]), got.status_code)
    for method in ("delete", "put", "patch"):
        got = getattr(client, method)(url)
        assert got.status_code == 405, (url, method, got.status_code)


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
