"""The notices demo: the 2024 notices all signed for, the open 2025 one, idempotence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.models import User
from apps.documents import demo as documents_demo
from apps.documents.models import Document, DocumentEvent
from apps.notices import demo, reporting
from apps.notices.choices import Progress
from apps.notices.models import Notice, NoticeAddressee
from apps.registry.models import Bureau

pytestmark = pytest.mark.django_db


def test_demo_notices(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    loaded = StringIO()
    call_command("load_demo", stdout=loaded)
    assert "通知：新增 5 件。\n" in loaded.getvalue()
    out = StringIO()
    demo.load(out)
    assert out.getvalue() == "通知：新增 0 件。\n"
    bureau = Bureau.objects.get(region_code="140581")
    copies_2024 = NoticeAddressee.objects.filter(notice__sent_at__year=2024)
    assert copies_2024.exists()
    assert not copies_2024.filter(progress__lt=Progress.ACKNOWLEDGED).exists()
    open_2025 = NoticeAddressee.objects.filter(notice__sent_at__year=2025)
    assert open_2025.get(school__name="高平二中").progress == Progress.ACKNOWLEDGED
    assert open_2025.get(school__name="高平六中").read_at is None
    assert open_2025.get(school__name="高平六中") in NoticeAddressee.objects.overdue()
    facts = {f.key: f.value for f in reporting.facts(bureau, 2024)}
    assert facts["notices.sent.issue"] == 3 and facts["notices.sent.forward"] == 1
    assert facts["notices.acknowledged"] == facts["notices.copies"]
    assert "《中小学校园暴力与学生欺凌防治治理专项行动“十项要求”》" in facts["notices.documents.forward"]

    again = StringIO()
    demo.load(again)
    assert again.getvalue() == "通知：新增 0 件。\n"
    # The notices' own (other apps' notices, e.g. the pledge campaigns', have a purpose).
    assert Notice.objects.filter(purpose="").count() == 5


def test_the_documents_sent_are_the_libraries_written_through_its_service(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    bureau = Bureau.objects.get(region_code="140581")
    titles = {title for title, *_ in documents_demo.DOCUMENTS_2024}
    sent = Document.objects.filter(notices__bureau=bureau, notices__purpose="").distinct()
    # The notices' own documents; the library holds other apps' 2024 documents as well.
    assert set(sent.values_list("title", flat=True)) == set(demo.DOCUMENTS.values()) <= titles
    # document_save filled the search key, and 法规股 wrote them (the audit trail says who).
    assert not sent.filter(search_text="").exists()
    fagui = User.objects.get(username="fagui")
    events = DocumentEvent.objects.filter(pgh_obj__in=sent, pgh_label="insert")
    assert events.count() == 8 and {e.pgh_context.metadata["user"] for e in events} == {fagui.pk}
    assert Document.objects.get(title="中小学防治校园暴力与学生欺凌检查清单").topics.get().label == "校园安全"

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "2024年文件：新增 0 件" in again.getvalue()
    assert Document.objects.filter(bureau=bureau, title__in=titles).count() == len(titles)


def test_notices_demo_says_which_documents_are_missing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=StringIO())
    Notice.objects.all().delete()
    Document.objects.filter(title="加强中小学生欺凌综合治理方案").delete()
    with pytest.raises(CommandError) as missing:
        demo.load(StringIO())
    assert str(missing.value) == ("文件库中找不到通知要下发的文件：加强中小学生欺凌综合治理方案（文件库的演示数据应先载入）。")
