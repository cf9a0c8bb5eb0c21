"""Every main page passes axe-core with no serious or critical violation (issue 6,
Accessibility: the measurable floor of GB/T 37668 level AA), for each role, at a desktop
width (1366 px), on a phone (390 px) and in 长者模式.

axe-core is vendored (tests/browser/vendor/, see its README) and injected by Playwright;
the context bypasses the portal's CSP for that one test script only.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import RESULTS
from tests.documents.conftest import make_document, make_law

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
MODES = {"desktop": (1366, 900, False), "phone": (390, 844, False), "large_text": (390, 844, True)}


@pytest.fixture
def web(chromium_browser, request):
    """As conftest's `web`, with the CSP bypassed so the test can inject axe-core."""

    context = chromium_browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "_report_call", None)
    if report is not None and report.failed and not page.is_closed():
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        with contextlib.suppress(Exception):
            page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
    context.close()


def test_axe_finds_a_known_violation(web: Page, portal):
    """The check can fail: an image without alt text and an unlabelled input are found."""

    web.goto(portal["url"] + "/")
    web.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x.png><input type=text>')")
    found = serious_violations(web)
    assert any('"image-alt"' in v for v in found) and any('"label"' in v for v in found)


def serious_violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [json.dumps(v, ensure_ascii=False) for v in result]


def pages_for(role: str, portal) -> list[str]:
    erzhong = portal["erzhong"]
    person = erzhong.staff.first()
    # A live-server test starts with the catalogue flushed (see conftest).
    law = make_law("中华人民共和国教育法")
    if role == "anonymous":
        return [
            "/",
            reverse("accounts:login"),
            reverse("public:documents:law_list"),
            reverse("public:documents:law", args=[law.pk]),
        ]
    common = [reverse("core:dashboard"), reverse("registry:entity_list"), reverse("registry:person_list")]
    if role == "school_user":
        return [*common, erzhong.get_absolute_url(), person.get_absolute_url(), reverse("registry:person_edit", args=[person.pk])]
    if role == "city_viewer":
        return [*common, reverse("documents:document_list"), erzhong.get_absolute_url()]
    if role == "system_admin":
        return [reverse("core:dashboard"), reverse("accounts:user_list"), reverse("accounts:user_edit", args=[portal["gp2z"].pk])]
    if role == "security_admin":
        return [reverse("core:dashboard"), reverse("accounts:account_security"), reverse("accounts:session_list")]
    if role == "audit_admin":
        return [reverse("core:dashboard"), reverse("accounts:audit_list"), reverse("accounts:securityevent_list")]
    document = make_document(portal["bureau"])
    return [
        *common,
        reverse("documents:document_list"),
        reverse("documents:law_list"),
        erzhong.get_absolute_url(),
        document.get_absolute_url(),
        law.get_absolute_url(),
        reverse("registry:entity_edit", args=[erzhong.pk]),
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "role", ["bureau_admin", "system_admin", "security_admin", "audit_admin", "school_user", "city_viewer", "anonymous"]
)
def test_main_pages_pass_axe(web: Page, portal, login, role, mode):
    if role == "city_viewer":
        factories.make_user("city_viewer", portal["bureau"].parent, username="jincheng", full_name="晋城查看员")
    if role in ("system_admin", "security_admin", "audit_admin"):
        factories.make_user(role, portal["bureau"], username=role, full_name="系统测试员")
    usernames = {
        "bureau_admin": "admin",
        "school_user": "gp2z",
        "city_viewer": "jincheng",
        "system_admin": "system_admin",
        "security_admin": "security_admin",
        "audit_admin": "audit_admin",
    }
    if role != "anonymous":
        login(usernames[role])
    width, height, large = MODES[mode]
    urls = pages_for(role, portal)
    if large:
        # Switched on as a person does, with the header's button (desktop width: on a
        # phone it sits in the collapsed menu).
        web.goto(portal["url"] + urls[0])
        web.get_by_role("button", name="长者模式").click()
        expect(web.locator("html")).to_have_class(re.compile("large-text"))
    web.set_viewport_size({"width": width, "height": height})
    failures = {}
    for url in urls:
        response = web.goto(portal["url"] + url)
        assert response is not None and response.status == 200, url
        if large:
            expect(web.locator("html")).to_have_class(re.compile("large-text"))
        found = serious_violations(web)
        if found:
            failures[url] = found
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)
