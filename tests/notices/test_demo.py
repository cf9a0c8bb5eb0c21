"""The notices demo: the 2024 notices all signed for, the open 2025 one, idempotence."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

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
    assert Notice.objects.count() == 5
