"""Treaties: instruments, states' actions on them, monitoring bodies and committee seats."""

from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    name = "custodiet.treaties"
    label = "treaties"
    verbose_name = "Treaties"
