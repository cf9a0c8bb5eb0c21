"""The searchable pickers (apps/core/widgets.py) as the server renders them: a plain
<select> that works without JS, options that carry their pinyin, the script loaded from
our own files, and the 字典管理 hint when a dictionary list is empty."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from apps.accounts.forms import UserForm
from apps.core.widgets import MultiSelect, SearchableSelect
from apps.documents.forms import DocumentForm
from tests import factories
from tests.documents.conftest import make_law, make_topic

pytestmark = pytest.mark.django_db

HINT_PLAIN = "还没有可选的“主题”，请先在 字典管理 中添加。"


def dictionary_url() -> str:
    return reverse("core:dictionaryitem_list") + "?kind=document_topic"


def test_document_form_uses_the_multi_select_for_laws_and_topics(users):
    form = DocumentForm(user=users["legal_officer"])
    assert type(form.fields["laws"].widget) is MultiSelect
    assert type(form.fields["topics"].widget) is MultiSelect


def test_multi_select_works_without_js_and_options_carry_pinyin(users, bureau):
    make_law("中华人民共和国未成年人保护法")
    make_topic(bureau, "校外培训")
    html = str(DocumentForm(user=users["legal_officer"])["laws"])
    assert 'class="picker" data-picker="multi"' in html
    assert re.search(r'<select name="laws"[^>]* multiple', html)
    assert "按住 Ctrl（Mac 为 Command）可多选。" in html
    option = re.search(r'<option value="\d+" data-search="([^"]+)">中华人民共和国未成年人保护法</option>', html)
    assert option is not None
    assert "weichengnianrenbaohufa" in option.group(1)
    assert "zhrmghgwcnrbhf" in option.group(1)
    # Our own file, no inline script (the CSP allows neither).
    assert '<script src="/static/js/picker.js" defer></script>' in html
    assert "onclick" not in html and "<script>" not in html


def test_chosen_options_are_rendered_selected(users, bureau):
    first, second = make_law("中华人民共和国教育法"), make_law("中华人民共和国教师法")
    form = DocumentForm(user=users["legal_officer"], initial={"laws": [first.pk, second.pk]})
    html = str(form["laws"])
    assert len(re.findall(r"<option [^>]*\bselected\b", html)) == 2


def test_empty_topic_list_links_to_the_dictionary_for_who_may_change_it(users):
    html = str(DocumentForm(user=users["bureau_admin"])["topics"])
    href = dictionary_url()
    assert f'还没有可选的“主题”，请先在 <a href="{href}">字典管理</a> 中添加。' in html
    assert "按住 Ctrl" not in html


def test_empty_topic_list_is_plain_text_for_who_may_not_change_the_dictionary(users):
    assert not users["legal_officer"].has_perm("core.change_dictionaryitem")
    html = str(DocumentForm(user=users["legal_officer"])["topics"])
    assert HINT_PLAIN in html
    assert "<a " not in html


def test_no_hint_when_the_bureau_has_topics(users, bureau):
    make_topic(bureau, "安全稳定")
    html = str(DocumentForm(user=users["bureau_admin"])["topics"])
    assert "还没有可选的" not in html
    assert "安全稳定</option>" in html


def test_topics_of_another_bureau_do_not_count(users, other_bureau):
    make_topic(other_bureau, "别局的主题")
    html = str(DocumentForm(user=users["bureau_admin"])["topics"])
    assert "还没有可选的“主题”" in html
    assert "别局的主题" not in html


def test_document_add_page_shows_the_hint(client_for):
    response = client_for("bureau_admin").get(reverse("documents:document_add"))
    assert response.status_code == 200
    assert f'<a href="{dictionary_url()}">字典管理</a>' in response.content.decode()


def test_user_form_schools_sort_as_people_read_them_and_are_searchable(users, bureau):
    # 高平二中 and 高平六中 come with `users`.
    for name in ("高平十中", "高平三中", "高平一中", "高平七中"):
        factories.make_school(bureau, name=name, kind="high")
    factories.make_school(bureau, name="高平八中", kind="high", status="closed")
    form = UserForm(user=users["bureau_admin"])
    assert type(form.fields["school"].widget) is SearchableSelect
    labels = [label for value, label in form.fields["school"].choices if value != ""]
    numbered = [label for label in labels if re.fullmatch(r"高平.中", label)]
    assert numbered == ["高平一中", "高平二中", "高平三中", "高平六中", "高平七中", "高平十中"]
    html = str(form["school"])
    assert 'data-picker="single"' in html
    assert re.search(r'<option value="\d+" data-search="[^"]*gpez[^"]*">高平二中</option>', html)
    assert "高平八中" not in html  # closed schools are not offered


def test_selects_and_inputs_print_what_djangos_own_templates_print():
    """templates/django/forms/widgets/ print selects and inputs in Python (for speed):
    the same HTML as Django's templates, options, groups, selection and escaping."""

    from pathlib import Path

    import django
    from django import forms
    from django.template import Context, Engine

    django_templates = Path(django.__file__).parent / "forms" / "templates"
    original = Engine(dirs=[str(django_templates)])
    choices = [("", "全部"), ("a&b", '<甲>"'), ("分组", [("1", "一"), ("2", "二")])]
    widgets = [
        (forms.Select(choices=choices, attrs={"class": "form-select", "id": "id_x"}), "a&b"),
        (forms.SelectMultiple(choices=choices, attrs={"required": True, "disabled": False}), ["1", "2"]),
        (forms.NullBooleanSelect(), None),
    ]
    for widget, value in widgets:
        ours = widget.render("name", value)
        context = widget.get_context("name", value, widget.attrs)
        theirs = original.get_template("django/forms/widgets/select.html").render(Context(context))
        assert re.sub(r">\s+<", "><", str(ours)).strip() == re.sub(r">\s+<", "><", theirs).strip()
    inputs = [
        (forms.TextInput(attrs={"class": "form-control", "placeholder": '名称或"简称"'}), "<b>&"),
        (forms.TextInput(), None),
        (forms.DateInput(attrs={"type": "date"}), "2024-05-01"),
        (forms.NumberInput(attrs={"min": 0}), 3),
        (forms.CheckboxInput(), True),
        (forms.HiddenInput(), "x"),
    ]
    for widget, value in inputs:
        ours = widget.render("name", value)
        context = widget.get_context("name", value, widget.attrs)
        theirs = original.get_template(widget.template_name).render(Context(context))
        assert str(ours).strip() == theirs.strip()
    html = str(widgets[0][0].render("name", "a&b"))
    assert '<option value="a&amp;b" selected>&lt;甲&gt;&quot;</option>' in html and '<optgroup label="分组">' in html
