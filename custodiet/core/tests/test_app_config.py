"""The shared app configuration: what each app does once its models are ready is done, once."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_save

import custodiet.core
from custodiet.core.app_config import CustodietAppConfig
from custodiet.core.people.parts import account_parts
from custodiet.ops.jobs import REGISTRY
from custodiet.ops.scheduled import AUDIT_HEAD, BACKUP
from custodiet.testimony.models import Allegation

CALLS: list[str] = []


def record_call() -> None:
    CALLS.append("called")


def test_every_custodiet_app_uses_the_shared_configuration() -> None:
    ours = [
        config
        for config in apps.get_app_configs()
        if config.name.startswith("custodiet.") and ".tests." not in config.name
    ]
    assert len(ours) >= 10
    assert [config.name for config in ours if not isinstance(config, CustodietAppConfig)] == []
    assert {config.default_auto_field for config in ours} == {"django.db.models.BigAutoField"}


def test_ready_imports_the_modules_then_calls_the_functions() -> None:
    class Probe(CustodietAppConfig):
        name = "custodiet.core"
        label = "probe"
        ready_imports = ("custodiet.core.tests.test_app_config",)
        ready_calls = ("custodiet.core.tests.test_app_config.record_call",) * 2

    CALLS.clear()
    Probe("custodiet.core", custodiet.core).ready()
    assert CALLS == ["called", "called"]


def test_what_the_apps_declare_is_in_place_at_start_up() -> None:
    assert {"body", "state"} <= {part.key for part in account_parts()}  # visits', reports' parts
    assert {BACKUP, AUDIT_HEAD} <= set(REGISTRY)  # ops: the scheduled jobs
    assert post_save.has_listeners(Allegation)  # testimony: the figures kept up to date
