"""Treaties: instruments, states' actions on them, monitoring bodies and committee seats."""

from custodiet.core import app_config


class TreatiesConfig(app_config.CustodietAppConfig):
    name = "custodiet.treaties"
    label = "treaties"
    verbose_name = "Treaties"
    # After a write to the treaty data, the job that keeps every State's coverage again is queued.
    ready_imports = ("custodiet.treaties.jobs",)
