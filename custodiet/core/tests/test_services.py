"""The service kit: validate and save with its audit entry, who may act on a record, the acting user, aware
moments."""

from datetime import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from custodiet.core.access import acting_user
from custodiet.core.audit import audit_verify
from custodiet.core.errors import DomainError
from custodiet.core.models import AuditEntry, Role, User
from custodiet.core.services import aware, ensure_may_act, save_and_audit, validated_save

pytestmark = pytest.mark.django_db


def new_account(username: str) -> User:
    account = User(username=username, role=Role.PUBLIC)
    account.set_unusable_password()
    return account


def test_save_and_audit_saves_the_record_and_writes_its_entry(make_user: Any) -> None:
    admin = make_user("administrator", username="admin")
    before = AuditEntry.objects.count()
    account = save_and_audit(new_account("m.delegate-07"), by=admin, verb="account.create", detail={"n": 1})
    assert account.pk is not None and User.objects.filter(username="m.delegate-07").exists()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1 and entry is not None
    assert (entry.verb, entry.actor_label, entry.actor_id) == ("account.create", "admin", admin.pk)
    assert (entry.target_type, entry.target_id, entry.detail) == ("core.user", str(account.pk), {"n": 1})
    assert audit_verify() == []


def test_related_records_are_set_once_the_record_is_saved() -> None:
    from django.contrib.auth.models import Group

    readers, writers = Group.objects.create(name="readers"), Group.objects.create(name="writers")
    account = save_and_audit(
        new_account("m.delegate-08"), by=None, verb="x", related={"groups": [readers, writers]}
    )
    assert set(User.objects.get(pk=account.pk).groups.all()) == {readers, writers}
    with pytest.raises(DomainError):  # refused: nothing set, no entry
        save_and_audit(new_account(""), by=None, verb="y", related={"groups": [readers]})
    assert not AuditEntry.objects.filter(verb="y").exists() and readers.user_set.count() == 1


def test_a_record_that_breaks_a_rule_is_refused_whole(make_user: Any) -> None:
    admin = make_user("administrator", username="admin")
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="username"):
        save_and_audit(new_account("admin"), by=admin, verb="account.create")  # taken
    with pytest.raises(DomainError):
        save_and_audit(new_account(""), by=admin, verb="account.create")  # blank
    assert AuditEntry.objects.count() == before and User.objects.count() == 1


def test_fields_left_out_of_validation_are_passed_to_full_clean() -> None:
    account = new_account("x")
    account.password = ""  # blank: refused unless excluded from the validation
    with pytest.raises(DomainError):
        validated_save(account)
    save_and_audit(account, by=None, verb="account.create", exclude=["password"])
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None and (entry.actor_label, entry.actor_id, entry.detail) == ("system", None, {})


def test_who_may_act_is_the_selectors_answer(make_user: Any) -> None:
    admin, other = make_user("administrator", username="admin"), make_user("analyst", username="other")
    active = User.objects.filter(is_active=True)
    ensure_may_act(active, admin, "refused")  # among them: nothing said
    other.is_active = False
    other.save(update_fields=["is_active"])
    with pytest.raises(DomainError) as refused:
        ensure_may_act(active, other, "You may not act on this account.")
    assert str(refused.value) == "You may not act on this account."


def test_the_acting_user_is_a_signed_in_user_or_no_one(make_user: Any) -> None:
    admin = make_user("administrator", username="admin")
    assert acting_user(admin) == admin
    assert acting_user(AnonymousUser()) is None
    assert acting_user(None) is None


def test_aware_gives_a_naive_moment_the_current_time_zone() -> None:
    naive = datetime(2026, 11, 22, 9, 30)
    moment = aware(naive)
    assert timezone.is_aware(moment) and timezone.make_naive(moment) == naive
    assert aware(moment) is moment
