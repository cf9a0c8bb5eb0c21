"""The 欺凌防治 report facts on a made-up bureau and year (figures unlike the demo's), each
count's URL listing exactly its rows."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.bullying import reporting, services
from apps.bullying.choices import Conclusion, Progress
from apps.bullying.models import SelfInspection
from apps.core.reporting import facts_for
from apps.documents.choices import DocumentKind
from apps.documents.models import Document
from tests import factories
from tests.conftest import login
from tests.notices.conftest import make_notice
from tests.reporting_helpers import assert_fact_urls

from .conftest import make_version

YEAR = 2022


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def made_up(db):
    bureau = factories.make_bureau(name="虚构县教育局", region_code="149901")
    admin = factories.make_user("bureau_admin", bureau)
    schools = [factories.make_school(bureau, name=f"虚构中学{i}", kind="middle") for i in range(4)]
    sets = Document.objects.create(bureau=bureau, title="虚构检查清单", kind=DocumentKind.LIST, issuer="虚构县教育局",
                                   issued_on=datetime.date(YEAR, 3, 1))  # fmt: skip
    forwarded = Document.objects.create(bureau=bureau, title="上级十项要求", kind=DocumentKind.NOTICE, issuer="省教育厅",
                                        issued_on=datetime.date(YEAR, 2, 1))  # fmt: skip
    Document.objects.create(
        bureau=bureau, title="无关文件", kind=DocumentKind.PLAN, issuer="虚构县教育局", issued_on=datetime.date(YEAR, 1, 1)
    )
    version = make_version(admin)
    version.checklist.document = sets
    version.checklist.save()
    version.checklist.related_documents.set([forwarded])
    import django.utils.timezone as tz

    in_year = tz.make_aware(datetime.datetime(YEAR, 4, 1, 9))
    from apps.notices.models import Notice

    sent = [
        make_notice(admin, schools, kind="issue", documents=[sets], reply_required=False, deadline=None),
        make_notice(admin, schools, kind="forward", documents=[forwarded], reply_required=False, deadline=None),
    ]
    Notice.objects.filter(pk__in=[n.pk for n in sent]).update(sent_at=in_year)

    def open_round(year, title):
        return services.round_open(by=admin, title=title, version=version, period=f"{year}年春季学期", year=year,
                                   kinds=["middle"], deadline=datetime.date(year, 6, 1), notify=False)  # fmt: skip

    spring, autumn = open_round(YEAR, "春季自查"), open_round(YEAR, "秋季自查")
    autumn.period = f"{YEAR}年秋季学期"
    autumn.save()
    open_round(YEAR + 1, "次年自查")
    forms = list(spring.inspections.order_by("id")) + list(autumn.inspections.order_by("id"))
    states = [Progress.PASSED, Progress.PASSED, Progress.SUBMITTED, Progress.NOT_STARTED,
              Progress.PASSED, Progress.RECTIFY, Progress.DRAFT, Progress.NOT_STARTED]  # fmt: skip
    for inspection, state in zip(forms, states, strict=True):
        SelfInspection.objects.filter(pk=inspection.pk).update(progress=state)

    def check(day, chosen):
        return services.spot_check_save(by=admin, values={"title": f"督查{day}", "planned_on": day, "version": version},
                                        schools=chosen, team=[admin])  # fmt: skip

    first = check(datetime.date(YEAR, 5, 10), schools[:3])
    visits = list(first.visits.order_by("id"))
    item = version.items.first()
    services.visit_record(visit=visits[0], by=admin, visited_on=datetime.date(YEAR, 5, 10), conclusion=Conclusion.PASS,
                          summary="", findings={}, rectifications=[])  # fmt: skip
    services.visit_record(
        visit=visits[1], by=admin, visited_on=datetime.date(YEAR, 5, 10), conclusion=Conclusion.RECTIFY, summary="",
        findings={item.pk: ("不符合", "")},
        rectifications=[services.RectificationDraft(item.pk, "整改一", "甲", datetime.date(YEAR, 6, 1)),
                        services.RectificationDraft(None, "整改二", "乙", datetime.date(YEAR, 6, 1))],
    )  # fmt: skip
    later = check(datetime.date(YEAR + 1, 3, 1), schools[:1])
    services.visit_record(visit=later.visits.get(), by=admin, visited_on=datetime.date(YEAR + 1, 3, 1),
                          conclusion=Conclusion.PASS, summary="", findings={}, rectifications=[])  # fmt: skip
    audience = factories_audience(bureau)
    for day, n in ((datetime.date(YEAR, 4, 20), 120), (datetime.date(YEAR, 9, 1), 80), (datetime.date(YEAR - 1, 9, 1), 999)):
        services.training_save(
            by=admin,
            values={"title": "虚构培训", "held_on": day, "venue": schools[0], "organiser": "虚构县教育局", "attendance": n,
                    "speakers": "李四，虚构师范大学，教授"},
            audience=audience,
        )  # fmt: skip
    return bureau, admin


def factories_audience(bureau):
    from apps.bullying.dictionary import TRAINING_AUDIENCE
    from apps.core.models import DictionaryItem

    return [DictionaryItem.objects.create(bureau=bureau, kind=TRAINING_AUDIENCE, label=label) for label in ("校长", "班主任")]


def test_facts_on_a_made_up_bureau_and_year(made_up):
    bureau, admin = made_up
    facts = {fact.key: fact.value for fact in reporting.facts(bureau, YEAR)}
    assert facts == {
        "bullying.documents.issue": ["《虚构检查清单》"],
        "bullying.documents.forward": ["《上级十项要求》"],
        "bullying.rounds": 2,
        "bullying.rounds.periods": [f"{YEAR}年春季学期", f"{YEAR}年秋季学期"],
        "bullying.forms": 8,
        "bullying.forms.done": 4,
        "bullying.forms.passed": 3,
        "bullying.forms.rate": Decimal("50.0"),
        "bullying.forms.schools": Decimal(4),
        "bullying.spot_checks": 1,
        "bullying.spot_checks.methods": ["四不两直"],
        "bullying.spot_checks.schools": 2,
        "bullying.spot_checks.rectify": 1,
        "bullying.spot_checks.rectifications": 2,
        "bullying.trainings": 2,
        "bullying.trainings.attendance": Decimal(200),
        "bullying.trainings.details": [
            "4月20日，虚构县教育局在虚构中学0召开虚构培训，对校长、班主任共120人进行了培训，主讲：虚构师范大学教授李四",
            "9月1日，虚构县教育局在虚构中学0召开虚构培训，对校长、班主任共80人进行了培训，主讲：虚构师范大学教授李四",
        ],
    }


def test_every_count_links_to_a_list_of_exactly_its_rows(made_up):
    bureau, admin = made_up
    assert_fact_urls(login(admin), reporting.facts(bureau, YEAR))


def test_the_report_seam_collects_them(made_up):
    bureau, _ = made_up
    assert "bullying.trainings" in {fact.key for fact in facts_for(bureau, YEAR)}
