"""Administration of users and their roles.

E-mail and names are encrypted at rest and cannot be searched: search by username.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from custodiet.core.models import User


@admin.register(User)
class CustodietUserAdmin(UserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("username",)  # the personal fields are encrypted, hence not searchable
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Custodiet", {"fields": ("role", "must_change_password")}))
