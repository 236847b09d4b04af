"""Encrypted fields: plaintext in Python, tokens in the database, no silent lookups, blind indexes."""

import datetime

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from custodiet.core import crypto
from custodiet.core.fields import Sealed, blind_lookup, sealed_values
from custodiet.core.models import User
from custodiet.core.tests.specimen.models import Specimen

pytestmark = pytest.mark.django_db


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (names are ours)
        return str(cursor.fetchone()[0])


def make_specimen(**extra: object) -> Specimen:
    values = {
        "pseudonym": "P-1",
        "name": "Ivan Sergeyevich Petrov",
        "born_on": datetime.date(1981, 3, 14),
        "registry_number": "RU-77-004512",
        "medical_notes": {"injuries": ["haematoma, left forearm"], "seen_by": "Dr A."},
    }
    values.update(extra)
    return Specimen.objects.create(**values)


def test_every_kind_of_field_round_trips_and_is_stored_sealed() -> None:
    specimen = make_specimen()
    again = Specimen.objects.get(pk=specimen.pk)
    assert again.name == "Ivan Sergeyevich Petrov"
    assert again.born_on == datetime.date(1981, 3, 14)
    assert again.registry_number == "RU-77-004512"
    assert again.medical_notes == {"injuries": ["haematoma, left forearm"], "seen_by": "Dr A."}
    for column, plaintext in [
        ("name", "Petrov"),
        ("born_on", "1981"),
        ("registry_number", "004512"),
        ("medical_notes", "haematoma"),
    ]:
        stored = raw("specimen_specimen", column, specimen.pk)
        assert stored.startswith("enc1:") and plaintext not in stored


def test_empty_and_missing_values() -> None:
    specimen = make_specimen(name="", born_on=None, registry_number="", medical_notes={})
    again = Specimen.objects.get(pk=specimen.pk)
    assert (again.name, again.born_on, again.registry_number, again.medical_notes) == ("", None, "", {})
    assert again.registry_number_index is None
    assert Specimen.objects.filter(born_on__isnull=True).count() == 1


def test_lookups_on_encrypted_fields_are_refused_not_silently_empty() -> None:
    make_specimen()
    for lookup in ({"name": "Ivan Sergeyevich Petrov"}, {"name__icontains": "Ivan"}, {"born_on__year": 1981}):
        with pytest.raises(FieldError, match="encrypted"):
            list(Specimen.objects.filter(**lookup))


def test_a_blind_index_finds_exact_values_only() -> None:
    wanted = make_specimen()
    make_specimen(pseudonym="P-2", registry_number="RU-77-004513")
    found = Specimen.objects.filter(
        registry_number_index__in=blind_lookup(Specimen, "registry_number_index", " ru-77-004512 ")
    )
    assert list(found) == [wanted]
    wanted.registry_number = "RU-77-999999"
    wanted.save()
    assert not Specimen.objects.filter(
        registry_number_index__in=blind_lookup(Specimen, "registry_number_index", "RU-77-004512")
    ).exists()


def test_a_ciphertext_moved_to_another_column_or_table_does_not_open() -> None:
    specimen = make_specimen()
    name_token = raw("specimen_specimen", "name", specimen.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE specimen_specimen SET registry_number = %s WHERE id = %s", [name_token, specimen.pk]
        )
    with pytest.raises(crypto.Tampered, match=r"specimen_specimen\.registry_number"):
        Specimen.objects.get(pk=specimen.pk)


def test_sealed_mode_reads_and_writes_tokens_untouched() -> None:
    specimen = make_specimen()
    token = raw("specimen_specimen", "name", specimen.pk)
    with sealed_values():
        copy = Specimen.objects.get(pk=specimen.pk)
        assert isinstance(copy.name, Sealed) and copy.name == token
        copy.pk = None
        copy.save()
    assert raw("specimen_specimen", "name", copy.pk) == token
    assert Specimen.objects.get(pk=copy.pk).name == "Ivan Sergeyevich Petrov"


def test_a_users_personal_fields_are_encrypted_and_the_username_is_not() -> None:
    user = User.objects.create_user(
        username="m.delegate-07",
        email="olga.smirnova@example.org",
        first_name="Olga",
        last_name="Smirnova",
        password="a-long-test-password",
    )
    for column in ("email", "first_name", "last_name"):
        assert raw("core_user", column, user.pk).startswith("enc1:")
    assert raw("core_user", "username", user.pk) == "m.delegate-07"
    again = User.objects.get(username="m.delegate-07")
    assert (again.email, again.get_full_name()) == ("olga.smirnova@example.org", "Olga Smirnova")


def test_the_admin_lists_and_searches_users_with_encrypted_fields_read_only(client: object) -> None:
    admin = User.objects.create_user(
        username="root", email="root@example.org", password="x" * 20, role="administrator", is_staff=True
    )
    User.objects.create_user(username="m.delegate-07", email="olga@example.org", password="x" * 20)
    client.force_login(admin)  # type: ignore[attr-defined]
    listing = client.get("/admin/core/user/?q=delegate")  # type: ignore[attr-defined]
    assert listing.status_code == 200 and "olga@example.org" in listing.content.decode()
    change = f"/admin/core/user/{admin.pk}/change/"
    assert client.get(change).status_code == 200  # type: ignore[attr-defined]
    assert client.post(change, {"username": "root", "role": "secretariat"}).status_code == 403  # type: ignore[attr-defined]
    superuser = User.objects.create_superuser(username="su", email="su@example.org", password="x" * 20)
    client.force_login(superuser)  # type: ignore[attr-defined]
    assert client.get("/admin/core/user/").status_code == 403  # type: ignore[attr-defined]  # not an administrator
