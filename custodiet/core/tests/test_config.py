"""Settings from the environment: a bad value stops start-up with a message naming the variable."""

import subprocess
import sys
from pathlib import Path
from unittest import TestCase

from django.core.exceptions import ImproperlyConfigured

from custodiet.config import (
    data_dir,
    database_from_url,
    env_flag,
    env_hours,
    log_level,
    relative_base,
    secret_key,
)


def _custodiet_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``custodiet check`` in a new process with ``env``: settings are read once, at start-up."""
    return subprocess.run(
        [sys.executable, "-m", "custodiet.cli", "check"], env=env, capture_output=True, text=True, check=False
    )


class EnvironmentTests(TestCase):
    def test_flags_accept_true_and_false_only(self) -> None:
        self.assertTrue(env_flag("X", False, {"X": "true"}))
        self.assertFalse(env_flag("X", True, {"X": "0"}))
        self.assertTrue(env_flag("X", True, {}))
        with self.assertRaisesRegex(ImproperlyConfigured, "X must be true or false, not 'maybe'"):
            env_flag("X", True, {"X": "maybe"})

    def test_the_database_url_must_be_postgresql(self) -> None:
        config = database_from_url("postgresql://u:p@127.0.0.1:5432/custodiet")
        self.assertEqual((config["NAME"], config["PORT"]), ("custodiet", 5432))
        with self.assertRaisesRegex(ImproperlyConfigured, "must be a postgresql:// URL"):
            database_from_url("mysql://u@h/db")
        with self.assertRaisesRegex(ImproperlyConfigured, "names no database"):
            database_from_url("postgresql://u@h:5432/")

    def test_the_data_dir_must_be_a_writable_directory(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as base:
            made = data_dir({"CUSTODIET_DATA_DIR": "sub/dir"}, base=Path(base))
            self.assertTrue(made.is_dir())
            (Path(base) / "file").write_text("x")
            with self.assertRaisesRegex(ImproperlyConfigured, "is a file, not a directory"):
                data_dir({"CUSTODIET_DATA_DIR": "file"}, base=Path(base))

    def test_a_relative_data_dir_is_never_inside_site_packages(self) -> None:
        """In a checkout, relative to the project root (``make demo``'s ``var/``); installed with pip, the
        package's parent is site-packages, so relative to the directory the command runs in."""
        import tempfile

        with tempfile.TemporaryDirectory() as checkout, tempfile.TemporaryDirectory() as here:
            self.assertEqual(relative_base(Path(checkout), Path(here)), Path(here))  # site-packages-like
            (Path(checkout) / "pyproject.toml").write_text("[project]\n")
            self.assertEqual(relative_base(Path(checkout), Path(here)), Path(checkout))

    def test_hours_between_runs_are_read_or_refused(self) -> None:
        name = "CUSTODIET_BACKUP_EVERY_HOURS"
        self.assertEqual(env_hours(name, 24, {}, minimum=0.25), 24)
        self.assertEqual(env_hours(name, 24, {name: " 1.5 "}, minimum=0.25), 1.5)
        with self.assertRaisesRegex(ImproperlyConfigured, f"{name} must be a number of hours, not 'abc'"):
            env_hours(name, 24, {name: "abc"}, minimum=0.25)
        for low in ("0.1", "0", "-3", "nan"):
            with self.assertRaisesRegex(ImproperlyConfigured, f"{name} must be at least 0.25 hours"):
                env_hours(name, 24, {name: low}, minimum=0.25)
        for high in ("inf", "1e300", "9000"):
            with self.assertRaisesRegex(ImproperlyConfigured, f"{name} must be at most 8784 hours"):
                env_hours(name, 24, {name: high}, minimum=0.25)

    def test_a_log_level_in_any_case_or_refused_by_name(self) -> None:
        self.assertEqual(log_level("CUSTODIET_LOG_LEVEL", "INFO", {}), "INFO")
        self.assertEqual(log_level("CUSTODIET_LOG_LEVEL", "INFO", {"CUSTODIET_LOG_LEVEL": "debug"}), "DEBUG")
        with self.assertRaisesRegex(ImproperlyConfigured, "CUSTODIET_LOG_LEVEL must be one of DEBUG, INFO"):
            log_level("CUSTODIET_LOG_LEVEL", "INFO", {"CUSTODIET_LOG_LEVEL": "loud"})

    def test_the_cli_names_a_bad_log_level_or_schedule_in_one_line(self) -> None:
        import os

        for variable, value in (("CUSTODIET_LOG_LEVEL", "loud"), ("CUSTODIET_AUDIT_HEAD_EVERY_HOURS", "0.1")):
            done = _custodiet_check(
                dict(os.environ, DJANGO_SETTINGS_MODULE="custodiet.settings", **{variable: value})
            )
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn(f"custodiet: configuration error: {variable} must be", done.stderr)
            self.assertNotIn("Traceback", done.stderr)

    def test_production_needs_a_real_secret_key(self) -> None:
        with self.assertRaisesRegex(ImproperlyConfigured, "must be set when CUSTODIET_DEBUG is false"):
            secret_key({}, debug=False, data_directory=Path("/nonexistent"))
        with self.assertRaisesRegex(ImproperlyConfigured, "at least 50 characters"):
            secret_key({"CUSTODIET_SECRET_KEY": "short"}, debug=False, data_directory=Path("/nonexistent"))
        for weak in ("a" * 60, "django-insecure-" + "k" * 20 + "-Xq9!" * 8):
            with self.assertRaisesRegex(ImproperlyConfigured, "CUSTODIET_SECRET_KEY is not random"):
                secret_key({"CUSTODIET_SECRET_KEY": weak}, debug=False, data_directory=Path("/nonexistent"))

    def test_the_cli_reports_a_bad_setting_in_one_line(self) -> None:
        import os

        done = _custodiet_check(
            dict(
                os.environ,
                CUSTODIET_DATABASE_URL="sqlite:///x.db",
                DJANGO_SETTINGS_MODULE="custodiet.settings",
            )
        )
        self.assertEqual(done.returncode, 2)
        self.assertIn(
            "custodiet: configuration error: CUSTODIET_DATABASE_URL must be a postgresql:// URL", done.stderr
        )
        self.assertNotIn("Traceback", done.stderr)

    def test_production_settings_pass_the_deployment_checks(self) -> None:
        import os

        env = dict(
            os.environ,
            CUSTODIET_DEBUG="false",
            CUSTODIET_SECRET_KEY="k" * 20 + "-Xq9!" * 10,
            CUSTODIET_ALLOWED_HOSTS="custodiet.example.org",
            CUSTODIET_KEYS="AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            DJANGO_SETTINGS_MODULE="custodiet.settings",
        )
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests; never in deployment
        env.pop("CUSTODIET_KEY_FILE", None)
        done = subprocess.run(
            [sys.executable, "-m", "custodiet.cli", "check", "--deploy", "--fail-level", "WARNING"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.assertEqual(done.returncode, 0, done.stderr + done.stdout)
        self.assertIn("System check identified no issues (0 silenced).", done.stdout)
        self.assertNotIn("WARNING", done.stderr + done.stdout)
