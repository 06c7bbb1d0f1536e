"""Settings for the portal, read from the environment only.

Every environment (a laptop, CI, production) runs this one module; they differ
by their variables alone. Each secret may also come from a file named by
``<NAME>_FILE`` (Docker and systemd secrets). Bad values fail loudly at start.
See the README for the table of variables.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.accounts.keyring import load_keyring

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()


def secret(name: str, default: str | None = None) -> str | None:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {exc}") from exc
    return os.environ.get(name, default)


DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = secret("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
FIRM_NAME = env.str("FIRM_NAME", default="Demo Immigration Law")
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="help@demo.test")
SUPPORT_PHONE = env.str("SUPPORT_PHONE", default="")

INSTALLED_APPS = [
    # Lowest layer first: audit, the accounts core, the domain apps, the composition root.
    "audit",
    "portal.accounts",
    "matters",
    "uploads",
    "billing",
    "deadlines",
    "conversations",
    "drafting",
    "integrations",
    "reports",
    "portal.site",
    "portal.site.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_otp",
    "django_countries",
    "auditlog",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.SessionLifetimeMiddleware",
    "portal.accounts.middleware.UserLanguageMiddleware",
    "portal.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.site.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# Persistent connections with health checks: on this kind of machine a view
# doing 5 Postgres queries served 236 req/s connecting per request and 1,107
# with CONN_MAX_AGE=60.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded set-up serves several requests at once beside a worker. Python's default
    # (rollback journal, 5 s, deferred transactions) answered "database is locked" to 11 of
    # 30 uploads three at a time: a deferred transaction that reads, then writes, fails at
    # once when another writer got in between, whatever the timeout. WAL lets readers run
    # beside the one writer; IMMEDIATE takes the write lock at BEGIN, where waiting for it
    # (up to the busy timeout) is safe; NORMAL sync is durable in WAL mode but for the last
    # commits before a power cut.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                f"PRAGMA busy_timeout={env.int('SQLITE_BUSY_TIMEOUT', default=30) * 1000};"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and background jobs ----------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    # Embedded mode: the web process and the worker that `make run` starts share
    # the cache through files, so rate limits hold across both.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    CELERY_BROKER_URL = "filesystem://"
    CELERY_RESULT_BACKEND = None
    _queue = VAR_DIR / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "data"),
        "data_folder_out": str(_queue / "data"),
        "processed_folder": str(_queue / "processed"),
        # kombu keeps its exchange tables here; its default is "control" in the
        # working directory, which wrote them into the repository.
        "control_folder": str(_queue / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # our own rows keep state; results only where asked
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# OCR runs on a queue of its own, so a batch of scans never delays mail or reminders;
# scale it with worker processes (`celery worker -Q ocr -c N`), not threads.
CELERY_TASK_ROUTES = {"uploads.ocr_document": {"queue": "ocr"}}
# Beat's own state, in the var directory too (its default is the working directory).
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    "ocr-sweeper": {"task": "uploads.sweep_ocr", "schedule": 300.0},
    # Idempotent (one reminder per invoice and step): several runs a day are harmless.
    "payment-reminders": {"task": "billing.send_payment_reminders", "schedule": 6 * 3600.0},
    "retention": {"task": "audit.run_retention", "schedule": 24 * 3600.0},
    "chain-check": {"task": "audit.check_chain", "schedule": 6 * 3600.0},
    "unusual-access": {"task": "audit.scan_alerts", "schedule": 900.0},
    # Hourly: each client is reached in their own daytime; one message a day at most.
    "client-reminders": {"task": "matters.send_reminders", "schedule": 3600.0},
}

# --- Text recognition (OCR) --------------------------------------------------------
# Tesseract uses one OpenMP thread per process: on a 2-core machine an A4 page took
# 13.3 s with its default threading and 1.7 s with one thread.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
TESSERACT_CMD = env.str("TESSERACT_CMD", default="tesseract")
OCR_LANGUAGES = env.list("OCR_LANGUAGES", default=["eng", "spa"])
OCR_PAGE_TIMEOUT = env.int("OCR_PAGE_TIMEOUT", default=60)  # seconds per page
OCR_MAX_PAGES = env.int("OCR_MAX_PAGES", default=20)  # the first pages of long PDFs
OCR_MAX_ATTEMPTS = env.int("OCR_MAX_ATTEMPTS", default=3)
OCR_RETRY_BASE = env.int("OCR_RETRY_BASE", default=30)  # seconds; doubles per try
OCR_STALE_MINUTES = env.int("OCR_STALE_MINUTES", default=15)  # when the sweeper steps in
# OCR-B, the MRZ's font (Debian: fonts-ocr-b), to tell the filler < from letters.
OCR_MRZ_FONT = env.str("OCR_MRZ_FONT", default="/usr/share/fonts/opentype/ocr-b/OCRB.otf")

# --- Authentication -------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "portal.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "portal.accounts.forms.LoginForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# The firm manages each account's one address (portal.accounts.views.email); allauth's page to
# add more is replaced, and this refuses a second address should any other path reach it.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, spelled out so that a reviewer sees them. Each "ip" is the client's
    # address from the audit log's resolver (AccountAdapter.get_client_ip, TRUSTED_PROXIES).
    "login": "30/m/ip",
    # Per client address only: the per-account limits are the portal's own
    # (portal.accounts.throttle), so that a stranger cannot lock an account out.
    "login_failed": "10/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "signup": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "request_login_code": "20/m/ip,3/m/key",
    "reauthenticate": "10/m/user",
}
# Failed passwords per account and client address, then per account from all addresses (a
# higher ceiling, recorded as an attack when reached): portal.accounts.throttle.
SIGN_IN_FAILURES_PER_ADDRESS = env.int("SIGN_IN_FAILURES_PER_ADDRESS", default=5)
SIGN_IN_ADDRESS_WINDOW_MINUTES = env.int("SIGN_IN_ADDRESS_WINDOW_MINUTES", default=5)
SIGN_IN_FAILURES_PER_ACCOUNT = env.int("SIGN_IN_FAILURES_PER_ACCOUNT", default=50)
SIGN_IN_ACCOUNT_WINDOW_MINUTES = env.int("SIGN_IN_ACCOUNT_WINDOW_MINUTES", default=15)

# Sessions: server-side rows so that sign-out and disabling an account end them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(timedelta(hours=12).total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
STAFF_SESSION_IDLE = timedelta(minutes=env.int("STAFF_SESSION_IDLE_MINUTES", default=30))
STAFF_SESSION_MAX = timedelta(hours=env.int("STAFF_SESSION_MAX_HOURS", default=12))
CLIENT_SESSION_IDLE = timedelta(hours=env.int("CLIENT_SESSION_IDLE_HOURS", default=2))
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=7)

# django-otp: TOTP steps of 30 s, one step either side.
OTP_TOTP_TOLERANCE = 1
OTP_ISSUER = FIRM_NAME

# --- Security headers -------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Reverse proxies whose X-Forwarded-For is believed for audit IPs (addresses or CIDRs).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Recording an event kind no app declared (audit.kinds) fails instead of being logged.
AUDIT_STRICT_KINDS = env.bool("AUDIT_STRICT_KINDS", default=DEBUG)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # QR codes for MFA enrollment are inline data: images, drawn on the server.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
# The camera is for the portal's own upload page only; everything else is off.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
# Phone numbers typed without a country code are read as this country's (ISO 3166 code).
PHONE_REGION = env.str("PHONE_REGION", default="US").upper()
if not (len(PHONE_REGION) == 2 and PHONE_REGION.isalpha()):
    raise ImproperlyConfigured("PHONE_REGION must be a two-letter country code, e.g. US.")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves collected, hashed files; development and tests serve from the
# source folders directly.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STATIC_ROOT = BASE_DIR / "staticfiles" if STATIC_MANIFEST else None
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# The vault: ciphertext only, through Django's storage API. Local files by default;
# S3-compatible object storage when VAULT_S3_BUCKET is set (pip install ".[s3]").
if env.str("VAULT_S3_BUCKET", default=""):
    STORAGES["vault"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("VAULT_S3_BUCKET"),
            "endpoint_url": env.str("VAULT_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("VAULT_S3_REGION", default="") or None,
            "access_key": secret("VAULT_S3_ACCESS_KEY_ID"),
            "secret_key": secret("VAULT_S3_SECRET_ACCESS_KEY"),
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["vault"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "vault"), "base_url": None},
    }
# Ciphertext of uploads in progress: beside the vault, so that keeping one is a rename.
FILE_UPLOAD_TEMP_DIR = env.str("FILE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "tmp"))
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_MB", default=25) * 1024 * 1024
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=10)
UPLOAD_LINK_HOURS = env.int("UPLOAD_LINK_HOURS", default=72)
UPLOAD_LINK_MAX_FILES = env.int("UPLOAD_LINK_MAX_FILES", default=3)
# Pillow's decompression-bomb limit, lowered, and turned into an error (uploads.checks).
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=60_000_000)

# --- Email and SMS ----------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{FIRM_NAME} <no-reply@demo.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env.str("SMS_BACKEND", default="portal.accounts.notifications.ConsoleSMSBackend")

# --- The vault key ring ---------------------------------------------------------------------
# PORTAL_KEYS: comma-separated "key-id:base64-32-bytes"; the first is the newest.
PORTAL_KEYS = load_keyring(secret("PORTAL_KEYS"), debug=DEBUG, var_dir=VAR_DIR)

# --- Stripe ------------------------------------------------------------------------------
# Law-firm money rules: earned fees go to the operating account, retainers and filing-fee
# deposits to the trust account, each through its own Stripe account. STRIPE_LIVE_MODE
# picks the live keys; otherwise the test keys. An account without a secret key has no
# online payment (the Pay button says so). STRIPE_API_BASE is for a local fake in tests.
STRIPE_LIVE_MODE = env.bool("STRIPE_LIVE_MODE", default=False)
_stripe_mode = "LIVE" if STRIPE_LIVE_MODE else "TEST"
STRIPE_ACCOUNTS = {
    account: {
        "secret_key": secret(f"STRIPE_{_stripe_mode}_{account.upper()}_SECRET_KEY", ""),
        "webhook_secret": secret(f"STRIPE_{_stripe_mode}_{account.upper()}_WEBHOOK_SECRET", ""),
    }
    for account in ("operating", "trust")
}
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_WEBHOOK_TOLERANCE = env.int("STRIPE_WEBHOOK_TOLERANCE", default=300)  # seconds
# The Pay button posts to the portal, which redirects to Checkout: browsers apply the
# CSP form-action directive to that redirect, so Checkout's origin must be allowed.
STRIPE_CHECKOUT_ORIGINS = env.list(
    "STRIPE_CHECKOUT_ORIGINS", default=["https://checkout.stripe.com"]
)
if STRIPE_API_BASE:
    _parts = urlsplit(STRIPE_API_BASE)
    STRIPE_CHECKOUT_ORIGINS.append(f"{_parts.scheme}://{_parts.netloc}")
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [SELF, *STRIPE_CHECKOUT_ORIGINS]

# --- Client reminders ------------------------------------------------------------------------
REMINDER_DAYS = env.list("REMINDER_DAYS", cast=int, default=[3, 7, 14])  # case types may differ
REMINDER_ESCALATE_DAYS = env.int("REMINDER_ESCALATE_DAYS", default=14)  # deadline this near
REMINDER_HOURS = tuple(env.list("REMINDER_HOURS", cast=int, default=[8, 20]))  # client's local
REMINDER_ATTEMPTS = env.int("REMINDER_ATTEMPTS", default=3)
REMINDER_LINK_DAYS = env.int("REMINDER_LINK_DAYS", default=30)
# Reminders carry one-time upload links (no sign-in needed) instead of portal links.
REMINDER_UPLOAD_LINKS = env.bool("REMINDER_UPLOAD_LINKS", default=False)

# --- Billing ----------------------------------------------------------------------------------
FIRM_ADDRESS = env.str("FIRM_ADDRESS", default="100 Main Street, Suite 200\nSpringfield, ST 00000")
FIRM_LOGO = env.str("FIRM_LOGO", default="")  # a path under static/, e.g. img/logo.png
INVOICE_PREFIX = env.str("INVOICE_PREFIX", default="INV-")
INVOICE_TERMS_DAYS = env.int("INVOICE_TERMS_DAYS", default=30)
# Payment reminders, in days relative to the due date (negative: before it).
INVOICE_REMINDER_DAYS = env.list("INVOICE_REMINDER_DAYS", cast=int, default=[-7, 0, 7, 14, 30])
INVOICE_ESCALATE_AFTER = env.int("INVOICE_ESCALATE_AFTER", default=2)  # overdue reminders
PAY_LINK_DAYS = env.int("PAY_LINK_DAYS", default=30)
# How to pay without a card, on invoice pages and PDFs (always; the only way when Stripe is
# not configured). "\n" separates lines. Bank details differ per account: retainers and
# filing-fee deposits go to the trust account. The demo's details are fake and DEBUG-only.
PAYMENT_BANK_OPERATING = env.str(
    "PAYMENT_BANK_OPERATING",
    default="Demo Bank (not real)\nRouting 000000000\nAccount 0000001111" if DEBUG else "",
)
PAYMENT_BANK_TRUST = env.str(
    "PAYMENT_BANK_TRUST",
    default="Demo Bank (not real), client trust account\nRouting 000000000\nAccount 0000002222"
    if DEBUG
    else "",
)
PAYMENT_CHECK_PAYEE_OPERATING = env.str("PAYMENT_CHECK_PAYEE_OPERATING", default=FIRM_NAME)
PAYMENT_CHECK_PAYEE_TRUST = env.str("PAYMENT_CHECK_PAYEE_TRUST", default=FIRM_NAME)
PAYMENT_ADDRESS = env.str("PAYMENT_ADDRESS", default=FIRM_ADDRESS)  # where checks are mailed
PAYMENT_PHONE = env.str("PAYMENT_PHONE", default=SUPPORT_PHONE)
# Any other way to pay, in English and in Spanish (a reader whose language is missing sees the
# other one, marked).
PAYMENT_NOTE = env.str("PAYMENT_NOTE", default="")
PAYMENT_NOTE_ES = env.str("PAYMENT_NOTE_ES", default="")

# --- Logging: never the contents of a document, a password or a token. ----------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# django-auditlog keeps model history; our own hash-chained log keeps security events.
AUDITLOG_INCLUDE_ALL_MODELS = False
