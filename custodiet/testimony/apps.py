"""Django application configuration for testimony: private interviews, allegations, reprisal risks."""

from custodiet.core import app_config


class TestimonyConfig(app_config.CustodietAppConfig):
    name = "custodiet.testimony"
    label = "testimony"
    verbose_name = "Testimony (confidential)"
    ready_imports = ("custodiet.testimony.counts",)  # connects the signals that keep the figures
