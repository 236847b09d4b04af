"""Custodiet's one settings module, driven by the environment.

SQLite under ``CUSTODIET_DATA_DIR`` unless ``CUSTODIET_DATABASE_URL`` names a
PostgreSQL database. A bad value stops start-up with a message that says which
variable is wrong (see custodiet.config). Production is ``CUSTODIET_DEBUG=false``
with ``CUSTODIET_SECRET_KEY``, ``CUSTODIET_ALLOWED_HOSTS`` and an encryption key
(``CUSTODIET_KEY_FILE`` or ``CUSTODIET_KEYS``) set; see docs/security.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from custodiet.config import (
    data_dir,
    database_from_url,
    encryption_keys,
    env_flag,
    env_hours,
    env_int,
    env_list,
    log_level,
    relative_base,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir(os.environ, base=relative_base(BASE_DIR, Path.cwd()))

DEBUG = env_flag("CUSTODIET_DEBUG", default=True)
SECRET_KEY = secret_key(os.environ, debug=DEBUG, data_directory=DATA_DIR)
ALLOWED_HOSTS = env_list("CUSTODIET_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CUSTODIET_CSRF_TRUSTED_ORIGINS", [])

# Encryption keys (newest first), never in the database: see custodiet.core.crypto.
CUSTODIET_ENCRYPTION_KEYS, CUSTODIET_KEY_FILE = encryption_keys(
    os.environ, debug=DEBUG, data_directory=DATA_DIR
)

# Two-factor authentication: required for the roles that see confidential data or run the site.
CUSTODIET_REQUIRE_2FA = env_flag("CUSTODIET_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Custodiet"

# Login throttling (custodiet.core.throttle): failures per account and per client address
# within the cool-off, after which logins are refused until it has passed.
CUSTODIET_LOGIN_FAILURES_PER_ACCOUNT = env_int("CUSTODIET_LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
CUSTODIET_LOGIN_FAILURES_PER_ADDRESS = env_int("CUSTODIET_LOGIN_FAILURES_PER_ADDRESS", 30, minimum=1)
CUSTODIET_LOGIN_COOLOFF_MINUTES = env_int("CUSTODIET_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
# How many reverse proxies append to X-Forwarded-For in front of the site (0: use REMOTE_ADDR).
CUSTODIET_PROXY_COUNT = env_int("CUSTODIET_PROXY_COUNT", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as static files (the API's documentation page)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",  # Django's task framework, backported (django.tasks in Django 6)
    "django_tasks_db",  # its database backend: the queue `custodiet worker` runs
    "custodiet.core",
    "custodiet.ops",
    "custodiet.treaties",
    "custodiet.intake",
    "custodiet.places",
    "custodiet.visits",
    "custodiet.standards",
    "custodiet.testimony",
    "custodiet.reports",
    "custodiet.portal",
    "custodiet.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the application, compressed
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "custodiet.core.middleware.UserLanguageMiddleware",  # a signed-in user's chosen language (User.language)
    "custodiet.core.middleware.NulCharacterMiddleware",  # a NUL character in any input: 400, not a 500
    "django_otp.middleware.OTPMiddleware",
    "custodiet.core.middleware.TwoFactorRequiredMiddleware",
    "custodiet.core.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "custodiet.core.middleware.ContentSecurityPolicyMiddleware",
    "custodiet.core.middleware.ConfidentialNoStoreMiddleware",
    "custodiet.core.middleware.PageMethodsMiddleware",  # 405 for PUT, PATCH, DELETE on a page
]

ROOT_URLCONF = "custodiet.urls"
WSGI_APPLICATION = "custodiet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "custodiet.core.context_processors.capabilities",
            ],
            # {{ value|day }} and {{ moment|moment:zone }} in every template: one way to write a date.
            "builtins": ["custodiet.core.templatetags.custodiet_dates"],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "custodiet.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            # Seconds a writer waits for another's transaction before "database is locked": writes are
            # short, but 16 web workers and the background worker queue behind one another (bench/).
            "timeout": env_int("CUSTODIET_SQLITE_TIMEOUT", 60, minimum=1),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
    }
}
if database_url := os.environ.get("CUSTODIET_DATABASE_URL"):
    DATABASES["default"] = database_from_url(database_url)
# One cache for every web process, worker and application server: a table of the database (created by
# migration treaties 0006), so that an answer computed once (the treaty pages' engine answers, kept per
# version of the treaty data) is read by all of them, with no other service to run.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "custodiet_cache",
        "OPTIONS": {"MAX_ENTRIES": 1000},  # beyond it, expired entries and then a third are removed
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский"), ("uk", "Українська")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j M Y"
FORMAT_MODULE_PATH = "custodiet.formats"  # one date format per language (custodiet.core.dates.shown_date)
# The interface's catalogues (docs/translation.md): one per language, compiled .mo committed beside each .po.
LOCALE_PATHS = [BASE_DIR / "custodiet" / "locale"]
LANGUAGE_COOKIE_NAME = "custodiet_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request when it is missing
# WhiteNoise serves the static files. In production (`custodiet serve` collects them at start) their
# names carry a hash of their content and are cached for a year; in development they are read from
# the apps' folders as they change.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "files"
# A request body read into memory (a form, the API's JSON): one intake document of 2,000,000 characters
# (custodiet.intake.sources.MAX_DOCUMENT_CHARS) is up to 8 MB of UTF-8, more with escapes. Files sent with
# a form are streamed to disk and not counted here.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

# Cookies and transport. Secure cookies and HSTS follow from production (DEBUG off).
# A session lasts 8 hours from login at most and ends when the browser closes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No inline scripts, <style> elements, style="..." attributes or event handlers: templates
# link static files only (tested). The admin needs 'unsafe-inline' styles (one inline
# <style> in Django's change list); custodiet.core.middleware adds it there.
CUSTODIET_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
CUSTODIET_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are sent over HTTPS only, to this host only, for every path.
    SESSION_COOKIE_NAME = "__Host-custodiet-session"
    CSRF_COOKIE_NAME = "__Host-custodiet-csrf"
    SECURE_SSL_REDIRECT = env_flag("CUSTODIET_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A load balancer's health check may ask over plain HTTP: /healthz answers there too (it says only whether
# the database, the keys and the worker are up), every other path is redirected to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "custodiet.core.api.BoundedPagination",  # limit and offset read to their range
    "PAGE_SIZE": 100,
    # A DomainError raised by a service becomes a 400 (404 for NotFound) with its message, once.
    "EXCEPTION_HANDLER": "custodiet.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Custodiet API",
    "DESCRIPTION": (
        "The REST API of Custodiet, for the bodies that monitor places of deprivation of liberty. Every area "
        "of the application answers here, in JSON, with the same access as its pages: what is public needs no "
        "account, the rest a session of a role that may see it (403 otherwise; a record outside one's scope, "
        "404).\n\n"
        "- **Treaties** (public): instruments and their final clauses, States' acts, status on any date, "
        "which bodies may visit a State, every State's coverage and what changed; recording a notification "
        "of denunciation.\n"
        "- **Intake**: open-source documents, events and their sourced timelines (analysts, secretariat, "
        "committee and delegation members).\n"
        "- **Places**: the register of places of deprivation of liberty, population and occupancy.\n"
        "- **Visits**: planning (through the treaty gate), delegation, itinerary, notifications, access "
        "events, objections, immediate observations.\n"
        "- **Standards** (the catalogue is public): measurements and the findings made from them.\n"
        "- **Testimony**: private interviews, pseudonymous persons, allegations, reprisal risks (need to "
        "know; every reading audited), and allegations in figures.\n"
        "- **Reports**: from draft to adoption, transmission, the State's response and publication; public "
        "statements; overdue answers.\n"
        "- **Portal** (public): the search over everything published, and the published timelines.\n\n"
        "Dates are YYYY-MM-DD; a State is named by its ISO code or name, an instrument by its code, title or "
        "alias. Browsable documentation: /api/docs/."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every operation documents its refusals (400, 403, 404) with one problem schema (custodiet.core.api).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "custodiet.core.api.document_errors",
    ],
    # One schema name per choice set where field names collide ("kind"), so that
    # `check --deploy --fail-level WARNING` stays clean. Add a line for each new collision.
    "ENUM_NAME_OVERRIDES": {
        "VisitKindEnum": "custodiet.visits.models.VisitKind",
        "VisitStatusEnum": "custodiet.visits.models.VisitStatus",
        "AccessKindEnum": "custodiet.visits.models.AccessKind",
        "DelegationRoleEnum": "custodiet.visits.models.DelegationRole",
        "NotificationSubjectEnum": "custodiet.visits.models.NotificationSubject",
        "MeasurementKindEnum": "custodiet.standards.models.MEASUREMENT_KIND_VALUES",
        "PlaceTypeEnum": "custodiet.places.rules.PlaceType",
    },
}

# Background work (custodiet.ops.jobs): queued in the database, run by `custodiet worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A worker silent for this long counts as gone: its unfinished jobs go to another (custodiet.ops.worker).
CUSTODIET_WORKER_STALE_SECONDS = env_int("CUSTODIET_WORKER_STALE_SECONDS", 120, minimum=30)

# Logs: one JSON object per line on standard error (CUSTODIET_LOG_FORMAT=text for people reading a terminal).
CUSTODIET_LOG_FORMAT = os.environ.get("CUSTODIET_LOG_FORMAT", "json").strip().lower() or "json"
if CUSTODIET_LOG_FORMAT not in ("json", "text"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"CUSTODIET_LOG_FORMAT must be json or text, not {CUSTODIET_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "custodiet.ops.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": CUSTODIET_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": log_level("CUSTODIET_LOG_LEVEL", "WARNING")},
    "loggers": {"custodiet.ops": {"level": log_level("CUSTODIET_LOG_LEVEL", "INFO")}},
}
# Scheduled work (custodiet.ops.scheduled): hours between two backups, two exports of the audit head.
CUSTODIET_BACKUP_EVERY_HOURS = env_hours("CUSTODIET_BACKUP_EVERY_HOURS", 24, minimum=0.25)
CUSTODIET_AUDIT_HEAD_EVERY_HOURS = env_hours("CUSTODIET_AUDIT_HEAD_EVERY_HOURS", 24, minimum=0.25)
