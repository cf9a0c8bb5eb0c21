"""Role grants and dictionary edits reach the audit trail like every other write."""

from django.contrib.auth.models import Group
from django.urls import reverse

from apps.accounts.models import UserRoleEvent
from apps.core.models import DictionaryItem


def test_role_change_through_the_form_is_audited(client_for, users):
    target = users["inspector"]
    response = client_for("system_admin").post(
        reverse("accounts:user_edit", args=[target.pk]),
        {"full_name": "执法员", "phone": "", "role": "legal_officer", "is_active": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    events = UserRoleEvent.objects.filter(user_id=target.pk).order_by("pgh_id")
    legal = Group.objects.get(name="legal_officer")
    inspector = Group.objects.get(name="inspector")
    assert [(e.pgh_label, e.group_id) for e in events] == [
        ("insert", inspector.pk),
        ("delete", inspector.pk),
        ("insert", legal.pk),
    ]
    assert events.last().pgh_context.metadata["user"] == users["system_admin"].pk


def test_dictionary_items_are_audited(bureau, users):
    item = DictionaryItem.objects.create(bureau=bureau, kind="document_topic", label="宪法晨读")
    item.label = "宪法晨读活动"
    item.save()
    assert list(DictionaryItem.pgh_event_model.objects.filter(pgh_obj=item).values_list("pgh_label", "label")) == [
        ("insert", "宪法晨读"),
        ("update", "宪法晨读活动"),
    ]
