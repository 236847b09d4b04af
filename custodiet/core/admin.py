"""The Django admin site, reduced to reading accounts: every change goes through the people pages.

Branded "Custodiet administration". Accounts are shown read-only (no adding,
changing, deleting or setting passwords here): the people pages
(custodiet.core.people) enforce the separation of duties and write the audit
trail, which the admin's own log would not. The models that would show or change
someone else's second factor (django-otp's TOTP and backup-code devices, whose
config and QR-code pages show the secret) and Django's groups (capabilities come
from roles, custodiet.core.access) are not registered: their pages answer 404.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from custodiet.core.models import Role, User

admin.site.site_header = "Custodiet administration"
admin.site.site_title = "Custodiet administration"
admin.site.index_title = "Records kept by the system (accounts are managed on the People pages)"

for model in (Group, TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class CustodietUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Accounts, read-only: who they are, their role and status. E-mail and names are encrypted at rest and
    cannot be searched: search by username."""

    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username",)  # the personal fields are encrypted, hence not searchable
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("role", "is_active", "must_change_password")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = (
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "must_change_password",
        "last_login",
        "date_joined",
    )

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and getattr(request.user, "role", None) == Role.ADMINISTRATOR)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
