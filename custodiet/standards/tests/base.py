"""A test base with the catalogue loaded, a user per role, places and two visits."""

from __future__ import annotations

from datetime import timedelta

from django.test import TestCase

from custodiet.core.models import Role
from custodiet.standards.services import standards_load
from custodiet.standards.tests import factories as make


class StandardsTestCase(TestCase):
    """SIZO-1 (pre-trial, 120 people on record) and a police station, both on the visit the monitor is on;
    another visit, to another place, with another delegation member."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        standards_load()
        cls.users = {role: make.user(role) for role in Role.values}
        cls.secretariat = cls.users[Role.SECRETARIAT]
        cls.monitor = cls.users[Role.DELEGATION_MEMBER]
        cls.outsider = make.user(Role.DELEGATION_MEMBER, "outsider")
        cls.sizo = make.place("RU-SIZO-1", "pre_trial", "SIZO-1", population=120)
        cls.police = make.place("RU-POLICE-5", "police", "Police station no. 5")
        cls.colony = make.place("RU-IK-2", "penal_colony", "Penal colony no. 2")
        cls.visit = make.visit(places=[cls.sizo, cls.police], members=(cls.monitor,), title="Visit to Moscow")
        cls.other_visit = make.visit(places=[cls.colony], members=(cls.outsider,), title="Visit to Mordovia")
        cls.today = make.today()
        cls.yesterday = cls.today - timedelta(days=1)
