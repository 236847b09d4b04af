"""The demo administrator's one-time password, and the forced change at first login."""

from io import StringIO

import pytest
from django.core.management import call_command

from custodiet.core.models import User


@pytest.mark.django_db
class TestOneTimePassword:
    def test_demo_admin_prints_a_password_that_must_be_changed(self, client) -> None:
        out = StringIO()
        call_command("demo_admin", stdout=out)
        password = out.getvalue().split("one-time password: ")[1].split()[0]
        admin = User.objects.get(username="admin")
        assert admin.role == "administrator" and admin.must_change_password
        assert client.login(username="admin", password=password)
        response = client.get("/treaties/states/")
        assert response.status_code == 302 and response["Location"] == "/accounts/password/"
        new = "a-brand-new-passphrase-2026"
        client.post(
            "/accounts/password/", {"old_password": password, "new_password1": new, "new_password2": new}
        )
        admin.refresh_from_db()
        assert not admin.must_change_password
        assert client.get("/treaties/states/").status_code == 200

    def test_run_again_it_leaves_a_chosen_password_alone(self) -> None:
        User.objects.create_user(username="admin", password="chosen-by-the-admin-1", role="administrator")
        out = StringIO()
        call_command("demo_admin", stdout=out)
        assert "left unchanged" in out.getvalue()
        assert User.objects.get(username="admin").check_password("chosen-by-the-admin-1")
