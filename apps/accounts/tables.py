"""Columns of the account, session and log lists (the page and its CSV/XLSX read these).

A cell that is richer on the page than in a spreadsheet (a link, a list of changes) is
a `str` holding the exported text, with `__html__` giving the page's markup (templates
keep `str` subclasses as they are and escape them through `__html__`).
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.html import format_html, format_html_join

from apps.core.tables import Column, Table, as_text

from . import selectors


class LinkCell(str):
    """Text that is a link on the page when the row still exists (`url`), plain in exports."""

    def __new__(cls, text: str, url: str = "") -> LinkCell:
        cell = super().__new__(cls, text)
        cell.url = url
        return cell

    def __html__(self) -> str:
        return format_html('<a href="{}">{}</a>', self.url, str(self)) if self.url else format_html("{}", str(self))


class ChangesCell(str):
    """ "字段：旧 → 新；…" in exports; one line per field, old struck through, on the page."""

    def __new__(cls, changes: tuple[selectors.Change, ...]) -> ChangesCell:
        text = "；".join(f"{c.field}：{c.old} → {c.new}" if c.old else f"{c.field}：{c.new}" for c in changes)
        cell = super().__new__(cls, text)
        cell.changes = changes
        return cell

    def __html__(self) -> str:
        if not self.changes:
            return "—"
        # A new row's values have no "before": shown alone, not as "（无） → value".
        return format_html_join(
            "",
            '<p class="change"><strong>{}</strong>：{}</p>',
            (
                (
                    c.field,
                    format_html("<del>{}</del> → <ins>{}</ins>", c.old, c.new) if c.old else format_html("<ins>{}</ins>", c.new),
                )
                for c in self.changes
            ),
        )


def person_label(user: Any) -> str:
    if user is None:
        return ""
    return f"{user.full_name}（{user.username}）" if user.full_name else user.username


_BROWSERS = (
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/(\d+)")),
    ("360浏览器", re.compile(r"QIHU 360\w*|360SE|360EE")),
    ("QQ浏览器", re.compile(r"QQBrowser/(\d+)")),
    ("微信", re.compile(r"MicroMessenger/(\d+)")),
    ("Firefox", re.compile(r"Firefox/(\d+)")),
    ("Chrome", re.compile(r"Chrome/(\d+)")),
    ("Safari", re.compile(r"Version/(\d+).*Safari/")),
)


def browser_label(user_agent: str) -> str:
    """A short name for a User-Agent ("Chrome 126"), or the start of it when unknown."""

    for name, pattern in _BROWSERS:
        match = pattern.search(user_agent or "")
        if match:
            version = match.group(1) if match.groups() else ""
            return f"{name} {version}".strip()
    return (user_agent or "")[:60]


USER_TABLE = Table(
    columns=[
        Column("username", "用户名"),
        Column("full_name", "姓名"),
        Column("role_label", "角色"),
        Column("bureau.name", "所属教育局", bureau_column=True),
        Column("school.name", "所属学校"),
        Column("phone", "手机号"),
        Column("is_active", "状态", render=lambda u: "启用" if u.is_active else "停用"),
        Column("last_login", "最近登录", render=lambda u: as_text(u.last_login)),
        Column("password_changed_at", "密码修改时间", render=lambda u: as_text(u.password_changed_at)),
    ],
    select_related=("school", "bureau"),
)

# 账号安全 (selectors.account_security's annotations): the states the security
# administrator acts on, no password or role editing (系统管理员's).
ACCOUNT_SECURITY_TABLE = Table(
    columns=[
        Column("username", "用户名"),
        Column("full_name", "姓名"),
        Column("role_label", "角色"),
        Column("school.name", "所属学校"),
        Column("is_active", "状态", render=lambda u: "启用" if u.is_active else "停用"),
        Column("locked", "登录锁定", render=lambda u: "已锁定" if u.locked else "未锁定"),
        Column("otp_bound", "手机验证器", render=lambda u: "已绑定" if u.otp_bound else "未绑定"),
        Column("last_login", "最近登录", render=lambda u: as_text(u.last_login)),
    ],
    select_related=("school",),
)

SESSION_TABLE = Table(
    columns=[
        Column("user", "用户", render=lambda s: person_label(s.user)),
        Column("user.role_label", "角色"),
        Column("ip_address", "来源地址"),
        Column("user_agent", "浏览器", render=lambda s: browser_label(s.user_agent)),
        Column("started_at", "登录时间", render=lambda s: as_text(s.started_at)),
        Column("last_activity", "最后活动", render=lambda s: as_text(s.last_activity)),
    ],
    select_related=("user",),
)


def _context(event: Any, key: str) -> str:
    return str((event.pgh_context or {}).get(key) or "")


AUDIT_TABLE = Table(
    columns=[
        Column("pgh_created_at", "时间", render=lambda e: as_text(e.pgh_created_at)),
        Column("user", "操作人", render=lambda e: person_label(e.user) or "系统"),
        Column("pgh_label", "操作", render=lambda e: selectors.ACTION_LABELS.get(e.pgh_label, e.pgh_label)),
        Column(
            "pgh_obj_id",
            "对象",
            render=lambda e: LinkCell(selectors.event_object_label(e), getattr(e, "object_url", "")),
        ),
        Column("pgh_diff", "变化", render=lambda e: ChangesCell(tuple(selectors.event_changes(e)))),
        Column("url", "请求路径", render=lambda e: _context(e, "url")),
        Column("ip", "来源地址", render=lambda e: _context(e, "ip")),
        Column("reason", "说明", render=lambda e: _context(e, "reason")),
    ],
    select_related=("user",),
)

SECURITY_EVENT_TABLE = Table(
    columns=[
        Column("created_at", "时间", render=lambda e: as_text(e.created_at)),
        Column("kind", "事件"),
        Column("username", "用户名"),
        Column("user", "姓名", render=lambda e: e.user.full_name if e.user else ""),
        Column("ip_address", "来源地址"),
        Column("path", "请求路径"),
        Column("detail", "说明"),
    ],
    select_related=("user",),
)


# 教育局管理 (selectors.bureaus_with_counts annotates the account count).
BUREAU_TABLE = Table(
    columns=[
        Column("name", "名称"),
        Column("region_code", "行政区划代码"),
        Column("parent.name", "上级教育局"),
        Column("account_count", "账号数"),
        Column("created_at", "创建时间", render=lambda b: as_text(b.created_at)),
    ],
    select_related=("parent",),
)
