"""The seams a new app plugs into, and the rule that keeps the base below the apps.

Fake app modules stand in for an app that does not exist yet; the collection code
under test is the real one.
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError

from apps.accounts.apps import check_role_permissions
from apps.accounts.models import SecurityEventKind, UserSession
from apps.accounts.roles import Role, role_permissions
from apps.core import attention, navigation, seams, security
from apps.core.models import DictionaryItem
from tests.kit import SUBJECTS

APPS = Path(settings.BASE_DIR) / "apps"


def fake_app(name: str, **attributes) -> tuple[SimpleNamespace, ModuleType]:
    module = ModuleType(f"apps.{name}.fake")
    for key, value in attributes.items():
        setattr(module, key, value)
    return SimpleNamespace(name=f"apps.{name}", label=name, verbose_name=name), module


def with_fake(monkeypatch, target, *fakes) -> None:
    """`target.app_modules` yields the real apps' modules, then the fakes."""

    real = seams.app_modules

    def app_modules(module_name: str):
        yield from real(module_name)
        yield from fakes

    monkeypatch.setattr(target, "app_modules", app_modules)


# -- the base imports no app above it -----------------------------------------------------


def imported_modules(folder: Path) -> set[tuple[str, str]]:
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(APPS.parent)), node.module))
            elif isinstance(node, ast.Import):
                found |= {(str(path.relative_to(APPS.parent)), alias.name) for alias in node.names}
    return found


@pytest.mark.parametrize(
    ("layer", "above"),
    [("core", ("apps.registry", "apps.accounts", "apps.documents")), ("registry", ("apps.accounts", "apps.documents"))],
)
def test_a_base_app_imports_no_app_above_it(layer, above):
    offending = sorted((path, module) for path, module in imported_modules(APPS / layer) if module.startswith(above))
    assert offending == []


def test_core_records_security_events_through_the_hook_accounts_registers():
    assert security.DENIED == SecurityEventKind.DENIED
    assert security.PERSONAL_DATA_VIEWED == SecurityEventKind.PERSONAL_DATA_VIEWED
    assert any(getattr(r, "__module__", "") == "apps.accounts.services" for r in security._recorders)


# -- roles and permissions ----------------------------------------------------------------


def test_role_permissions_merge_every_apps_grants():
    merged = role_permissions()
    assert set(merged) == set(Role.values)
    assert merged["legal_officer"]["documents.document"] == ("view", "add", "change")
    assert merged["legal_officer"]["registry.person"] == ("view", "add", "change")
    assert merged["audit_admin"] == {"accounts.auditlog": ("view",), "accounts.securityevent": ("view",)}


def test_a_grant_to_an_unknown_role_is_an_error(monkeypatch):
    with_fake(monkeypatch, seams, fake_app("plans", ROLE_PERMISSIONS={"headmaster": {"plans.plan": ("view",)}}))
    with pytest.raises(ValueError, match="apps.plans.permissions names an unknown role 'headmaster'"):
        role_permissions()


def test_the_system_check_passes_and_names_a_permission_that_does_not_exist(monkeypatch):
    assert check_role_permissions() == []
    with_fake(monkeypatch, seams, fake_app("plans", ROLE_PERMISSIONS={"inspector": {"documents.document": ("publish",)}}))
    errors = check_role_permissions()
    assert [(e.id, e.msg) for e in errors] == [
        ("accounts.E001", "角色权限指向不存在的权限：inspector: documents.document publish")
    ]


@pytest.mark.django_db
def test_groups_are_synced_after_migrate_with_exactly_their_grants():
    from django.contrib.auth.models import Group

    perms = {
        name: {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}
        for name in ("system_admin", "security_admin", "audit_admin")
    }
    # The system administrator also keeps the law catalogue's national entries (issue 12).
    assert perms["system_admin"] == {
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "documents.view_law",
        "documents.add_law",
        "documents.change_law",
        "documents.view_lawmaintainer",
        "documents.add_lawmaintainer",
        "documents.change_lawmaintainer",
        "documents.delete_lawmaintainer",
    }
    assert perms["security_admin"] == {
        "accounts.view_user",
        "accounts.unlock_user",
        "accounts.reset_otp_user",
        "accounts.view_usersession",
        "accounts.delete_usersession",
        "accounts.view_securityevent",
    }
    assert perms["audit_admin"] == {"accounts.view_auditlog", "accounts.view_securityevent"}


def test_the_kits_users_are_every_role_and_the_outsiders(users):
    assert set(users) >= set(SUBJECTS)
    assert {users[role].role for role in Role.values} == set(Role.values)


# -- navigation ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_menu_groups_merge_by_label_and_show_only_permitted_items(users):
    def labels(user) -> dict[str, list[str]]:
        return {group.label: [item.label for item in group.items] for group in navigation.menu_for(user)}

    assert labels(users["system_admin"]) == {"系统管理": ["用户管理"], "文件库": ["法律法规库", "法规库维护单位"]}
    assert labels(users["security_admin"])["系统管理"] == ["账号安全", "在线用户", "登录与安全日志"]
    assert labels(users["audit_admin"]) == {"系统管理": ["审计日志", "登录与安全日志"]}
    assert "用户管理" not in labels(users["bureau_admin"]).get("系统管理", [])
    assert labels(users["bureau_admin"])["系统管理"] == ["字典管理", "本局门户设置"]


# -- attention and key figures ------------------------------------------------------------


def test_attention_and_key_figures_are_collected_in_app_order(monkeypatch):
    item = attention.AttentionItem
    first = fake_app(
        "plans",
        attention=lambda user: [item("待签收", 2, "/plans/"), item("无事", 0, "/plans/")],
        key_figures=lambda user: [attention.KeyFigure("计划", 3, "项")],
    )
    second = fake_app("visits", attention=lambda user: [item("待整改", 0, "/visits/")])
    monkeypatch.setattr(attention, "app_modules", lambda name: iter([first, second]))
    panels = attention.attention_for(object())
    assert [(p.app_label, [i.title for i in p.items]) for p in panels] == [("plans", ["待签收"])]
    assert attention.key_figures_for(object()) == [attention.KeyFigure("计划", 3, "项")]


# -- dictionary kinds ---------------------------------------------------------------------


def test_dictionary_kinds_come_from_the_apps():
    kinds = seams.dictionary_kinds()
    # The base apps' lists first, then each domain app's, in app order.
    assert kinds[:2] == [("document_topic", "文件主题"), ("issuing_body", "发文机关")]
    declared = [value for _, module in seams.app_modules("dictionary") for value, _ in getattr(module, "KINDS", ())]
    assert [value for value, _ in kinds] == declared
    assert ("meeting_kind", "会议类型") in kinds and ("study_topic", "学法主题") in kinds


def test_a_kind_declared_twice_is_an_error(monkeypatch):
    with_fake(monkeypatch, seams, fake_app("plans", KINDS=[("document_topic", "主题")]))
    with pytest.raises(ValueError, match="'document_topic' is already declared by apps.documents"):
        seams.dictionary_kinds()


@pytest.mark.django_db
def test_an_item_of_an_undeclared_kind_is_refused(bureau, monkeypatch):
    item = DictionaryItem(bureau=bureau, kind="event_theme", label="宪法宣传周")
    with pytest.raises(ValidationError) as refused:
        item.full_clean()
    assert refused.value.message_dict == {"kind": ["字典类型“event_theme”不存在。"]}
    # An app that declares it needs no core change.
    with_fake(monkeypatch, seams, fake_app("campus", KINDS=[("event_theme", "活动主题")]))
    item.full_clean()
    assert item.get_kind_display() == "活动主题"


# -- demo data ----------------------------------------------------------------------------


def test_demo_parts_load_in_installed_apps_order():
    loaders = [config.name for config, module in seams.app_modules("demo")]
    # The bases first; the annual report, which reads every other app's records, last.
    assert loaders[:4] == ["apps.registry", "apps.accounts", "apps.documents", "apps.notices"]
    assert loaders[-1] == "apps.reports"
    order = [config.name for config in django_apps.get_app_configs()]
    assert loaders == sorted(loaders, key=order.index)
    assert not (APPS / "registry" / "management").exists()


# -- for_user: school users and the two kinds of school_lookups ---------------------------


@pytest.mark.django_db
def test_for_user_none_shows_the_bureaus_rows_and_empty_shows_none(users, bureau, other_bureau):

    ours = DictionaryItem.objects.create(bureau=bureau, kind="document_topic", label="依法治校")
    DictionaryItem.objects.create(bureau=other_bureau, kind="document_topic", label="阳城")
    UserSession.objects.create(user=users["legal_officer"], bureau=bureau, session_key="k1")
    school_user = users["school_user"]
    # DictionaryItem.school_lookups = None: a school user reads its bureau's reference data.
    assert list(DictionaryItem.objects.for_user(school_user)) == [ours]
    # UserSession.school_lookups = (): a school user sees none at all.
    assert not UserSession.objects.for_user(school_user).exists()
    assert UserSession.objects.for_user(users["security_admin"]).count() == 1
    # Anonymous and inactive users see nothing.
    from django.contrib.auth.models import AnonymousUser

    assert not DictionaryItem.objects.for_user(AnonymousUser()).exists()
    users["legal_officer"].is_active = False
    assert not DictionaryItem.objects.for_user(users["legal_officer"]).exists()
