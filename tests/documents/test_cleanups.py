"""专项清理: a decision per document in scope, publication only when all are decided,
statuses applied, public results lists; the report's facts on a made-up bureau."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.documents import reporting, services
from apps.documents.choices import CleanupStatus, DocumentStatus
from apps.documents.models import CleanupCampaign
from tests import factories
from tests.conftest import login
from tests.kit import assert_statuses, statuses
from tests.reporting_helpers import assert_fact_urls

from .conftest import make_document

pytestmark = pytest.mark.django_db

D = datetime.date


def campaign_of(user, **overrides):
    fields = {
        "title": "妨碍统一市场和公平竞争的政策措施清理",
        "basis_title": "关于开展妨碍统一市场和公平竞争政策措施清理工作的通知",
        "basis_number": "高市竞争联办发[2024]2号",
        "scope_from": D(2021, 1, 1),
        "scope_to": D(2023, 12, 31),
        "started_on": D(2024, 4, 15),
    }
    fields.update(overrides)
    return services.cleanup_save(campaign=CleanupCampaign(**fields), by=user)


def decide(campaign, document, user, decision):
    return services.cleanup_decide(
        campaign=campaign,
        document=document,
        by=user,
        decision=decision,
        reviewer="法规股",
        reason="理由",
        decided_on=D(2024, 5, 1),
    )


@pytest.fixture
def scoped(users, bureau):
    officer = users["legal_officer"]
    docs = {
        "keep": make_document(bureau, title="继续有效的规定", kind="normative", issued_on=D(2021, 3, 1)),
        "fix": make_document(bureau, title="需修改的办法", kind="normative", issued_on=D(2022, 3, 1)),
        "drop": make_document(bureau, title="废止的规定", kind="normative", issued_on=D(2022, 6, 1)),
        "old": make_document(bureau, title="失效的方案", kind="plan", issued_on=D(2023, 5, 1)),
    }
    make_document(bureau, title="范围外的文件", issued_on=D(2024, 1, 5))
    return officer, docs, campaign_of(officer)


def test_the_number_is_written_with_the_official_brackets(scoped):
    assert scoped[2].basis_number == "高市竞争联办发〔2024〕2号"


def test_publication_needs_a_decision_on_every_document_and_applies_them(client_for, scoped):
    officer, docs, campaign = scoped
    decide(campaign, docs["keep"], officer, "continue")
    with pytest.raises(ValidationError) as refused:
        services.cleanup_publish(campaign=campaign, by=officer, published_on=D(2024, 6, 28))
    assert refused.value.messages == ["还有 3 件清理范围内的文件没有清理意见，全部审查后才能公布结果。"]
    decide(campaign, docs["fix"], officer, "revise")
    decide(campaign, docs["drop"], officer, "repeal")
    decide(campaign, docs["old"], officer, "invalidate")
    response = client_for("legal_officer").post(reverse("documents:cleanup_publish", args=[campaign.pk]), follow=True)
    assert "已公布清理结果。" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CleanupStatus.PUBLISHED
    for key, status in (("keep", "valid"), ("fix", "valid"), ("drop", "repealed"), ("old", "expired")):
        docs[key].refresh_from_db()
        assert docs[key].status == status, key
    with pytest.raises(ValidationError):
        decide(campaign, docs["keep"], officer, "repeal")  # published: no more changes


def test_a_document_outside_the_scope_is_refused(client_for, scoped, bureau):
    officer, docs, campaign = scoped
    outside = make_document(bureau, title="2024年的文件", issued_on=D(2024, 2, 1))
    data = {"document": outside.pk, "decision": "repeal", "reviewer": "王", "reason": "理由", "decided_on": "2024-05-01"}
    response = client_for("legal_officer").post(reverse("documents:cleanup_decide", args=[campaign.pk]), data)
    assert "document" in response.context["form"].errors  # not even offered
    assert not campaign.decisions.exists()


def test_results_lists_are_public_once_published(client, scoped):
    officer, docs, campaign = scoped
    url = reverse("public:documents:cleanup", args=[campaign.pk])
    assert client.get(url).status_code == 404  # not yet published
    for key, decision in (("keep", "continue"), ("fix", "revise"), ("drop", "repeal"), ("old", "invalidate")):
        decide(campaign, docs[key], officer, decision)
    services.cleanup_publish(campaign=campaign, by=officer, published_on=D(2024, 6, 28))
    html = client.get(url).content.decode()
    assert "继续有效的文件目录（1 件）" in html and "继续有效的规定" in html
    assert "废止的文件目录（1 件）" in html and "宣布失效的文件目录（1 件）" in html
    assert campaign.title in client.get(reverse("public:documents:cleanup_list")).content.decode()


def test_cleanup_pages_matrix(client_for, scoped):
    campaign = scoped[2]
    admins = {"system_admin": 403, "security_admin": 403, "audit_admin": 403}
    assert_statuses(client_for, reverse("documents:cleanup_list"), statuses(200, **admins))
    assert_statuses(client_for, reverse("documents:cleanup", args=[campaign.pk]), statuses(200, other_bureau_admin=404, **admins))
    assert_statuses(
        client_for,
        reverse("documents:cleanup_decide", args=[campaign.pk]),
        statuses(403, bureau_admin=200, legal_officer=200, other_bureau_admin=404),
    )


def test_facts_on_a_made_up_bureau_and_year():
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149901")
    admin = factories.make_user("bureau_admin", bureau)
    year = 2023
    make_document(bureau, title="虚构监管办法一", kind="measures", issued_on=D(year, 3, 1))
    make_document(bureau, title="虚构监管办法二", kind="measures", issued_on=D(year, 8, 1))
    make_document(bureau, title="草拟中的办法", kind="measures", issued_on=D(year, 9, 1), status=DocumentStatus.DRAFT)
    make_document(bureau, title="上一年的办法", kind="measures", issued_on=D(year - 1, 9, 1))
    make_document(bureau, title="虚构规范性文件", kind="normative", issued_on=D(year, 4, 1))
    a = make_document(bureau, title="旧规定甲", kind="normative", issued_on=D(2019, 1, 1))
    b = make_document(bureau, title="旧规定乙", kind="normative", issued_on=D(2020, 1, 1))
    campaign = campaign_of(admin, scope_from=D(2019, 1, 1), scope_to=D(2020, 12, 31), started_on=D(year, 5, 1))
    decide(campaign, a, admin, "continue")
    decide(campaign, b, admin, "repeal")
    facts = reporting.facts(bureau, year)
    assert {f.key: f.value for f in facts} == {
        "documents.measures": 2,
        "documents.measures.titles": ["《虚构监管办法一》", "《虚构监管办法二》"],
        "documents.normative": 1,
        "documents.cleanups": 1,
        "documents.cleanups.basis": ["《关于开展妨碍统一市场和公平竞争政策措施清理工作的通知》（高市竞争联办发〔2024〕2号）"],
        "documents.cleanups.scope": ["2019年1月1日至2020年12月31日制定的文件"],
        "documents.cleanups.reviewed": 2,
        "documents.cleanups.continue": 1,
        "documents.cleanups.revise": 0,
        "documents.cleanups.repeal": 1,
        "documents.cleanups.invalidate": 0,
    }
    assert_fact_urls(login(admin), facts)


def test_cleanup_list_and_page_query_counts_do_not_grow(client_for, users, bureau, django_assert_max_num_queries):
    officer = users["legal_officer"]
    client = client_for("legal_officer")
    campaign = campaign_of(officer)
    for i in range(2):
        decide(campaign, make_document(bureau, kind="normative", issued_on=D(2022, 1, 1 + i)), officer, "continue")
        campaign_of(officer, title=f"清理{i}")
    pages = [reverse("documents:cleanup_list"), reverse("documents:cleanup", args=[campaign.pk])]
    counts = {}
    for url in pages:
        client.get(url)
        with django_assert_max_num_queries(40) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    for i in range(15):
        decide(campaign, make_document(bureau, kind="normative", issued_on=D(2022, 2, 1 + i)), officer, "repeal")
        campaign_of(officer, title=f"更多清理{i}")
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_a_double_posted_decision_is_one_decision(client_for, scoped):
    _, docs, campaign = scoped
    url = reverse("documents:cleanup_decide", args=[campaign.pk])
    data = {
        "document": docs["drop"].pk,
        "decision": "repeal",
        "reviewer": "法规股",
        "reason": "上位法已修改",
        "decided_on": "2024-05-01",
    }
    client = client_for("legal_officer")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert list(campaign.decisions.values_list("document__title", "decision")) == [("废止的规定", "repeal")]
