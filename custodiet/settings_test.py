"""Test settings: the production settings with the test-only speed-ups in one place."""

from custodiet.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Fixed keys for the suite (never used elsewhere): the first seals, the second only opens.
CUSTODIET_ENCRYPTION_KEYS = [bytes(range(32)), bytes(range(32, 64))]
CUSTODIET_KEY_FILE = None
# Two-factor authentication is tested with override_settings(CUSTODIET_REQUIRE_2FA=True)
# (custodiet/core/tests/test_two_factor.py); off here so that force_login works in other apps' tests.
CUSTODIET_REQUIRE_2FA = False
# A model with every kind of encrypted field, for the crypto, rotation and backup tests.
INSTALLED_APPS = [*INSTALLED_APPS, "custodiet.core.tests.specimen"]  # noqa: F405
# The suite runs on a frozen clock (custodiet/conftest.py) while the browser keeps the real one:
# a cookie with an expiry date computed from the frozen clock could be already expired for it.
CSRF_COOKIE_AGE = None
# Tests that run the job queue count their own jobs: the job queued after a write to the treaty data
# (custodiet.treaties.jobs) is turned on by the tests of it.
CUSTODIET_KEEP_COVERAGE_AFTER_WRITE = False
