"""The verifiable draw (DESIGN.md, 双随机): a known seed gives a known result, the
verifier accepts real draws and rejects tampered ones, recusal and load limits hold,
too few inspectors stop it, a revealed draw is never redone, the server seed stays on
the server until the reveal, and the ranking is uniform."""

from __future__ import annotations

import datetime
import hashlib
import importlib.util
import json
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from apps.inspections import drawing, services
from apps.inspections.choices import DrawStatus
from apps.inspections.models import Draw, Inspection, Recusal
from tests.conftest import login

from .conftest import approved_plan_with_task, make_inspector

pytestmark = pytest.mark.django_db

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "verify_draw.py"


def load_verifier():
    spec = importlib.util.spec_from_file_location("verify_draw", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verifier = load_verifier()


def h(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the rules on a known seed -------------------------------------------------------

SERVER_SEED = "0" * 64
PHRASE = "二〇二四年五月六日"


def test_a_known_seed_gives_the_result_computed_by_hand():
    seed = h(SERVER_SEED + ":" + PHRASE)
    assert seed == drawing.seed_of(SERVER_SEED, PHRASE)
    entities, inspectors = ["A", "B", "C", "D"], ["X1", "X2", "X3"]
    # By hand: the entity hashes, ascending.
    entity_hash = {e: h(f"{seed}:entity:{e}") for e in entities}
    ranked = sorted(entities, key=entity_hash.get)
    expected = []
    load = dict.fromkeys(inspectors, 0)
    for entity in ranked[:2]:
        # X3 is recused from every entity.
        eligible = [c for c in inspectors if c != "X3" and load[c] < 5]
        chosen = sorted(eligible, key=lambda c: h(f"{seed}:{entity}:{c}"))[:2]
        for c in chosen:
            load[c] += 1
        expected.append({"entity": entity, "inspectors": chosen})
    result = drawing.draw(
        seed=seed,
        entities=entities,
        inspectors=inspectors,
        recusals=[("X3", e) for e in entities],
        k=2,
        m=2,
        load_limit=5,
    )
    assert result == expected
    # And the literal values, so a change to the rules cannot pass unnoticed.
    assert seed == "08a00a8ee3bb4f68ee93c015a83ce137f08aa0137b9e248063cb16e00f92dd89"
    assert result == [{"entity": "C", "inspectors": ["X1", "X2"]}, {"entity": "A", "inspectors": ["X1", "X2"]}]


def test_the_literal_result_of_one_fixed_seed():
    """Fixed inputs, fixed output: computed once from the rules above and written down."""

    seed = h("f" * 64 + ":见证")
    result = drawing.draw(
        seed=seed, entities=["E1", "E2", "E3"], inspectors=["I1", "I2", "I3", "I4"], recusals=[], k=3, m=2, load_limit=2
    )
    # I4 ranks first for E2 and E3 and then reaches its load limit of 2: E1 gets others.
    assert result == [
        {"entity": "E2", "inspectors": ["I4", "I3"]},
        {"entity": "E3", "inspectors": ["I2", "I4"]},
        {"entity": "E1", "inspectors": ["I1", "I2"]},
    ]


def test_canonical_list_form_and_hash():
    assert drawing.canonical(["高平二中", "A", "b"]) == '["A","b","高平二中"]'
    assert drawing.sha256(drawing.canonical(["A"])) == h('["A"]')


def test_load_limit_and_recusal_hold_over_many_seeds():
    entities = [f"E{i:02d}" for i in range(12)]
    inspectors = [f"I{i}" for i in range(8)]
    recusals = [("I0", "E00"), ("I1", "E00"), ("I2", "E05"), ("I3", "E07")]
    for n in range(300):
        result = drawing.draw(
            seed=h(str(n)), entities=entities, inspectors=inspectors, recusals=recusals, k=10, m=2, load_limit=3
        )
        load = Counter(code for row in result for code in row["inspectors"])
        assert max(load.values()) <= 3
        for row in result:
            assert len(set(row["inspectors"])) == 2
            for code in row["inspectors"]:
                assert (code, row["entity"]) not in recusals


def test_fewer_than_two_eligible_inspectors_stops_the_draw_naming_the_entity():
    with pytest.raises(drawing.DrawError, match="“高平二中”只有 1 名符合条件的执法人员（需要 2 名），抽取已停止"):
        drawing.draw(
            seed=h("x"),
            entities=["S1"],
            inspectors=["I1", "I2"],
            recusals=[("I2", "S1")],
            k=1,
            m=2,
            load_limit=3,
            names={"S1": "高平二中"},
        )


def test_the_ranking_is_uniform_over_many_seeds():
    """Each of 10 candidates is drawn (k=3) about equally often over 6,000 seeds:
    chi-square with 9 degrees of freedom below 27.88 (p = 0.001)."""

    entities = [f"E{i}" for i in range(10)]
    seen = Counter()
    runs = 6000
    for n in range(runs):
        seen.update(drawing.rank_entities(h(f"seed-{n}"), entities)[:3])
    expected = runs * 3 / len(entities)
    chi2 = sum((seen[e] - expected) ** 2 / expected for e in entities)
    assert chi2 < 27.88, (chi2, seen)
    # and first place too
    first = Counter(drawing.rank_entities(h(f"first-{n}"), entities)[0] for n in range(runs))
    expected = runs / len(entities)
    assert sum((first[e] - expected) ** 2 / expected for e in entities) < 27.88


# -- the service and the verifier ----------------------------------------------------


def test_a_real_draw_passes_the_verifier_and_tampering_fails_it(revealed):
    data = json.loads(json.dumps(revealed.public_json()))
    assert verifier.verify(data) == []

    changed_list = {**data, "entities": [*data["entities"], "99999999999999999X"]}
    assert any("entities_sha256" in p for p in verifier.verify(changed_list))

    changed_seed = {**data, "server_seed": "1" * 64}
    assert any("承诺值不符" in p for p in verifier.verify(changed_seed))

    changed_phrase = {**data, "witness_phrase": "另一句口令"}
    assert any("种子不符" in p for p in verifier.verify(changed_phrase))

    swapped = json.loads(json.dumps(data["result"]))
    swapped[0]["inspectors"] = list(reversed(swapped[0]["inspectors"]))
    assert any("结果第 1 行不符" in p for p in verifier.verify({**data, "result": swapped}))


def test_the_verifier_script_runs_on_a_file_with_the_standard_library_only(revealed, tmp_path):
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(revealed.public_json(), ensure_ascii=False), encoding="utf-8")
    # -I: isolated mode, no site-packages, no project on the path.
    done = subprocess.run([sys.executable, "-I", str(SCRIPT), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "核验通过" in done.stdout
    data = revealed.public_json()
    data["witness_phrase"] += "!"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-I", str(SCRIPT), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "核验不通过" in done.stdout


def test_the_verifier_accepts_the_downloaded_json(revealed, client):
    response = client.get(reverse("public:inspections:draw_json", args=[revealed.pk]))
    assert response.status_code == 200
    assert verifier.verify(json.loads(response.content)) == []


def test_the_reveal_makes_one_visit_per_drawn_entity_with_its_inspectors(revealed):
    visits = Inspection.objects.filter(draws=revealed)
    assert visits.count() == revealed.k == 2
    for row in revealed.result:
        visit = visits.get(entity__credit_code=row["entity"])
        assert sorted(visit.inspectors.values_list("code", flat=True)) == sorted(row["inspectors"])


def test_a_second_draw_after_the_reveal_is_refused(revealed, task, admin):
    with pytest.raises(ValidationError, match="已经揭晓，不能重新抽取"):
        services.draw_commit(task=task, by=admin)
    with pytest.raises(ValidationError, match="已经揭晓，不能重新抽取"):
        services.draw_reveal(draw=revealed, witness_name="另一人", witness_phrase="再抽一次", by=admin)
    assert Draw.objects.filter(task=task).count() == 1


def test_pressing_commit_twice_gives_the_same_draw(task, admin):
    first = services.draw_commit(task=task, by=admin)
    second = services.draw_commit(task=task, by=admin)
    assert first.pk == second.pk
    assert first.server_seed == second.server_seed


@pytest.mark.django_db(transaction=True)
def test_two_people_pressing_at_once_get_one_draw(users, school, other_school):
    from apps.inspections.models import Task

    admin = users["bureau_admin"]
    legal = users["legal_officer"]
    for code in ("ZF-101", "ZF-102", "ZF-103"):
        make_inspector(admin.bureau, code)
    task = approved_plan_with_task(admin, count=2)
    barrier = threading.Barrier(2)
    got, errors = [], []

    def press(user):
        try:
            barrier.wait(timeout=10)
            got.append(services.draw_commit(task=Task.objects.get(pk=task.pk), by=user).pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(u,)) for u in (admin, legal)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len(set(got)) == 1
    assert Draw.objects.filter(task_id=task.pk).count() == 1


def test_too_few_valid_credentials_stop_the_commit(admin, school):
    make_inspector(admin.bureau, "ZF-201")
    # valid only until the window starts: not eligible
    make_inspector(admin.bureau, "ZF-202", valid_to="2024-05-07")
    task = approved_plan_with_task(admin)
    with pytest.raises(ValidationError, match="执法证在检查期间有效的执法人员只有 1 名，少于每个对象需要的 2 名"):
        services.draw_commit(task=task, by=admin)


def test_recusals_leave_too_few_and_the_reveal_stops_with_a_clear_error(admin, school, other_school, inspectors):
    for entity in (school, other_school):
        for inspector in inspectors[:2]:
            Recusal.objects.create(bureau=admin.bureau, inspector=inspector, entity=entity, kind="former")
    task = approved_plan_with_task(admin, count=1)
    draw = services.draw_commit(task=task, by=admin)
    codes = sorted([school.credit_code, other_school.credit_code])
    assert draw.recusals == sorted([[i, e] for i in ("ZF-001", "ZF-002") for e in codes])
    with pytest.raises(ValidationError, match="只有 1 名符合条件的执法人员（需要 2 名），抽取已停止"):
        services.draw_reveal(draw=draw, witness_name="监督员", witness_phrase="口令", by=admin)
    assert not Draw.objects.get(pk=draw.pk).is_revealed
    assert not Inspection.objects.exists()


def test_a_plan_not_yet_approved_cannot_be_drawn(admin, inspectors, school):
    from .conftest import make_plan, make_task

    task = make_task(make_plan(admin.bureau))
    with pytest.raises(ValidationError, match="尚未批准"):
        services.draw_commit(task=task, by=admin)


def test_an_entity_inspected_under_the_same_item_this_year_is_left_out(revealed, task, admin):
    from .conftest import make_task

    again = make_task(task.plan, items=task.items.all(), name="同一事项的第二个任务")
    assert services.entities_in_scope(again).count() == 0


def test_void_needs_a_reason_shows_it_and_allows_a_new_draw(revealed, task, admin, client):
    with pytest.raises(ValidationError):
        services.draw_void(draw=revealed, reason=" ", by=admin)
    services.draw_void(draw=revealed, reason="候选清单漏列一所学校", by=admin)
    page = client.get(reverse("public:inspections:draw", args=[revealed.pk])).content.decode()
    assert "作废原因：候选清单漏列一所学校" in page
    assert not Inspection.objects.exists()
    event = revealed.events.order_by("-pgh_id").first()
    assert event.void_reason == "候选清单漏列一所学校" and event.status == DrawStatus.VOID
    fresh = services.draw_commit(task=task, by=admin)
    assert fresh.pk != revealed.pk


def test_a_draw_with_results_cannot_be_voided(revealed, admin):
    visit = Inspection.objects.filter(draws=revealed).first()
    services.inspection_record(
        inspection=visit,
        by=admin,
        values={"inspected_on": datetime.date(2024, 5, 9), "contents": "查看", "result": "no_problem"},
        version=visit.version,
    )
    with pytest.raises(ValidationError, match="已有检查结果，不能作废"):
        services.draw_void(draw=revealed, reason="错误", by=admin)


# -- the server seed stays on the server ---------------------------------------------


def test_the_server_seed_is_absent_from_every_response_before_the_reveal(committed, client_for, client, users):
    seed = committed.server_seed
    assert len(seed) == 64
    staff_pages = [
        reverse("inspections:draw", args=[committed.pk]),
        reverse("inspections:task", args=[committed.task_id]),
        reverse("inspections:draw_list"),
        reverse("inspections:draw_list") + "?export=csv",
        reverse("inspections:draw_list") + "?export=xlsx",
        reverse("inspections:draw_reveal", args=[committed.pk]),
        reverse("accounts:audit_list"),
        reverse("accounts:audit_list") + "?export=csv",
    ]
    public_pages = [
        reverse("public:inspections:draw", args=[committed.pk]),
        reverse("public:inspections:draw_json", args=[committed.pk]),
        reverse("public:inspections:plan", args=[committed.task.plan_id]),
    ]
    for role in ("bureau_admin", "legal_officer", "inspector", "city_viewer", "audit_admin"):
        c = client_for(role)
        for url in staff_pages:
            response = c.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert seed.encode() not in body, (role, url)
    for url in public_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert seed.encode() not in response.content, url
    assert committed.commitment in client.get(public_pages[0]).content.decode()
    json_data = json.loads(client.get(public_pages[1]).content)
    assert json_data["server_seed"] is None and json_data["result"] == []
    # Nor in the audit trail: the event table has no such column, and no row holds it.
    from apps.inspections.models import DrawEvent

    assert "server_seed" not in {f.name for f in DrawEvent._meta.fields}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM inspections_drawevent WHERE row_to_json(inspections_drawevent)::text LIKE %s", [f"%{seed}%"]
        )
        assert cursor.fetchone()[0] == 0


def test_after_the_reveal_the_seed_is_public(revealed, client):
    page = client.get(reverse("public:inspections:draw", args=[revealed.pk])).content.decode()
    assert revealed.server_seed in page and revealed.seed in page and "测试口令" in page


def test_staff_pages_of_a_draw_open(revealed):
    assert login(revealed.committed_by).get(reverse("inspections:draw", args=[revealed.pk])).status_code == 200
