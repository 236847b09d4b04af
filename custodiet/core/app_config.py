"""The base of every app's configuration: what an app does once its models are ready is declared as data.

An app connects its signal receivers or registers its parts of the people pages once every app's models
are loaded; ``CustodietAppConfig.ready`` does it from the lists the app declares, so no app writes its
own ``ready()`` for that. Each ``apps.py`` imports this module, not the class: Django takes the one
``AppConfig`` class an ``apps`` module holds as the app's configuration, and an imported base would be a
second one.
"""

from importlib import import_module

from django.apps import AppConfig
from django.utils.module_loading import import_string


class CustodietAppConfig(AppConfig):
    """An app of Custodiet: 64-bit keys, and the work to do once every app's models are loaded."""

    default_auto_field = "django.db.models.BigAutoField"
    #: Modules imported once the models are ready, for what importing them does (connect signal receivers).
    ready_imports: tuple[str, ...] = ()
    #: Functions (dotted paths) called once the models are ready, in order.
    ready_calls: tuple[str, ...] = ()

    def ready(self) -> None:
        for module in self.ready_imports:
            import_module(module)
        for function in self.ready_calls:
            import_string(function)()
