"""Recording a study session in a real browser: 法规股 enters a 机关大讲堂 on the 民法典,
records who came from the bureau's offices, and the person's yearly page adds it up."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from apps.core.models import DictionaryItem
from apps.registry.choices import EntityKind
from apps.study.models import Attendance, StudySession
from tests import factories


def test_recording_a_session_with_attendance(web: Page, portal, login):
    bureau = portal["bureau"]
    offices = factories.make_school(bureau, name="高平市教育局机关", kind=EntityKind.OTHER)
    wang, li, zhao = (factories.make_person(offices, name=n, category="admin") for n in ("王建国", "李晓红", "赵建军"))
    DictionaryItem.objects.create(bureau=bureau, kind="study_topic", label="民法典")

    login("admin")
    nav = web.get_by_role("navigation", name="主导航")
    nav.get_by_role("button", name="学法").click()
    nav.get_by_role("link", name="学法活动").click()
    expect(web.get_by_role("heading", name="学法活动", level=1)).to_be_visible()
    web.get_by_role("link", name="新建").click()
    web.get_by_label("日期").fill("2024-05-17")
    web.get_by_label("形式").select_option(label="机关大讲堂")
    web.get_by_label("名称").fill("教育局机关大讲堂：《中华人民共和国民法典》专题讲座")
    web.get_by_label("学时").fill("2")
    web.get_by_role("checkbox", name="民法典", exact=True).check()
    web.get_by_role("checkbox", name="中华人民共和国民法典", exact=True).check()
    web.get_by_role("button", name="保存").click()
    expect(web.get_by_role("heading", name="教育局机关大讲堂：《中华人民共和国民法典》专题讲座")).to_be_visible()
    expect(web.get_by_role("status").first).to_contain_text("已新建学法活动")
    session = StudySession.objects.get()
    assert [law.name for law in session.laws.all()] == ["中华人民共和国民法典"]

    web.get_by_role("link", name="登记出席").click()
    expect(web.get_by_role("heading", name=re.compile("登记出席"))).to_be_visible()
    web.get_by_label("王建国的出席情况").select_option(label="出席")
    web.get_by_label("李晓红的出席情况").select_option(label="出席")
    web.get_by_label("赵建军的出席情况").select_option(label="请假")
    web.get_by_label("赵建军的备注").fill("外出执法检查")
    web.get_by_role("button", name="保存出席情况").click()
    expect(web.get_by_role("status").first).to_contain_text("已保存出席情况：出席 2 人。")
    table = web.get_by_role("table", name="出席情况")
    expect(table.get_by_role("row").filter(has_text="赵建军")).to_contain_text("外出执法检查")
    assert dict(Attendance.objects.values_list("person__name", "status")) == {
        "王建国": "present",
        "李晓红": "present",
        "赵建军": "leave",
    }

    table.get_by_role("link", name="李晓红").click()
    expect(web.get_by_test_id("year-total")).to_have_text("2024年参加学法活动 1 次，累计 2.0 学时；请假 0 次，缺席 0 次。")
    expect(web.get_by_text("《中华人民共和国民法典》", exact=True)).to_be_visible()
    assert {wang.pk, li.pk, zhao.pk} == set(Attendance.objects.values_list("person_id", flat=True))
