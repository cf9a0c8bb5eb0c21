"""Settings for 高平教育法治, all read from the environment (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# pytest (>= 8.2) announces itself in PYTEST_VERSION: tests run the production settings
# except for HTTPS-only cookies/redirects and the static manifest.
TESTING = "PYTEST_VERSION" in os.environ
SECRET_KEY = env("SECRET_KEY", default="test-only-not-secret" if TESTING else "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

# Key for personal data at rest (apps.core.crypto); derived from SECRET_KEY when unset.
PII_ENCRYPTION_KEY = env("PII_ENCRYPTION_KEY", default="")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.forms",
    "django_filters",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_tasks_db",
    "apps.core",
    "apps.registry",
    "apps.accounts",
    "apps.documents",
    "apps.notices",
    "apps.pledges",
    "apps.study",
    "apps.campus",
    "apps.bullying",
    "apps.screening",
    "apps.inspections",
    "apps.powers",
    "apps.admissions",
    "apps.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL bytes and unknown methods: a 400/405 before anything reads the input
    "apps.core.middleware.MalformedInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # after sessions: apps' public pages read the visitor's chosen bureau from it
    "apps.core.middleware.CurrentRequestMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: no-store on every signed-in response (personal data)
    "apps.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after messages: it tells the user why they were signed out
    "apps.accounts.middleware.SessionLifetimeMiddleware",
    "apps.accounts.middleware.TwoFactorMiddleware",
    # a password set by an administrator is changed before any page opens
    "apps.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.AuditContextMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

# Project templates may override and add form widgets (AutocompleteSelect).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "gaoping_edu.urls"
WSGI_APPLICATION = "gaoping_edu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "apps.core.context_processors.portal",
            ],
        },
    },
]

# PostgreSQL only. Persistent connections with health checks: without them every
# request pays a new connection (measured: 4x fewer requests per second).
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/postgres")}
# (Tests close connections per request: live-server threads would otherwise hold the
# test database open at teardown.)
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if TESTING else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("高平教育法治 runs on PostgreSQL only; DATABASE_URL must be postgres://…")

# Triggers on tables Django creates itself (User.groups' through table, whose inserts and
# deletes are role changes) have no migration of their own: install them after migrate.
PGTRIGGER_INSTALL_ON_MIGRATE = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# 等保 level 3: at least 8 characters mixing letters, digits and symbols.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.validators.ComplexityValidator"},
]
if TESTING:
    # Tests create many users; the production hasher would cost ~0.3 s each.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# 等保 8.1.4.1 d: bureau accounts sign in with a password and a TOTP code (an
# authenticator app), with one-time recovery codes for a lost phone. School accounts
# hold no other school's data and sign in with a password.
# The platform's own name, where no bureau names the page (the platform administrator's
# pages, the bureau chooser, error pages); a bureau's pages say its own (Bureau.site_name).
PORTAL_NAME = env("PORTAL_NAME", default="教育法治平台")
# The bureau a visitor's pages name in the footer (its region code); empty: the first county bureau.
PUBLIC_BUREAU_REGION_CODE = env("PUBLIC_BUREAU_REGION_CODE", default="")

# The annual report of a year is due to the government and public on these days of the
# next year (month, day); the dashboard reminds from January.
REPORT_DUE_GOVERNMENT = tuple(env.list("REPORT_DUE_GOVERNMENT", cast=int, default=[3, 1]))
REPORT_DUE_PUBLIC = tuple(env.list("REPORT_DUE_PUBLIC", cast=int, default=[4, 1]))

# A new bureau's 字典管理 lists that no app gives defaults for are copied from this bureau
# (its region code); empty: the first county bureau that has entries (apps.core.dictionary).
DICTIONARY_TEMPLATE_REGION_CODE = env("DICTIONARY_TEMPLATE_REGION_CODE", default="")


def OTP_TOTP_ISSUER(device) -> str:  # noqa: N802 (a setting django-otp calls with the device)
    """The name the authenticator app shows: the account's bureau's portal (高平教育法治)."""

    bureau = getattr(device.user, "bureau", None)
    return bureau.display_site_name if bureau is not None else PORTAL_NAME


# On unless set off; `make run` (DEBUG=1, the local demo) sets it off so that the demo
# logins work without a phone.
OTP_REQUIRED = env.bool("OTP_REQUIRED", default=not DEBUG)
PASSWORD_MAX_AGE_DAYS = env.int("PASSWORD_MAX_AGE_DAYS", default=90)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

# Sessions: end after 30 idle minutes (refreshed on every request), and never live
# longer than SESSION_MAX_HOURS whatever the activity (SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_MAX_AGE = timedelta(hours=env.int("SESSION_MAX_HOURS", default=8))

# Login failures: 5 tries, then the username *and* address pair is locked for 10 minutes
# (locking by username alone would let anyone lock a principal out).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOCKOUT_MINUTES", default=10))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Tests render templates without collectstatic; the manifest is a deployment concern.
WHITENOISE_MANIFEST_STRICT = False
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploads: attachments are capped here and checked by content in the form.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
# Imports (apps/core/imports.py): above IMPORT_BACKGROUND_ROWS rows a file is imported by
# the task worker (`manage.py db_worker`) with a progress page; above IMPORT_MAX_ROWS refused.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=50000)
# Django's tasks framework, stored in PostgreSQL: no broker to run (django-tasks-db).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Audit rows are kept at least 180 days (网络安全法 art. 21); a lower value is refused.
AUDIT_RETENTION_DAYS = max(env.int("AUDIT_RETENTION_DAYS", default=365), 180)

# Security headers. HTTPS settings default on in production and can be switched off
# only explicitly (tests, a plain-HTTP intranet trial).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# W021 (HSTS preload): joining the browsers' preload list binds the whole domain
# (gov.cn subdomains) for years; that is the domain owner's decision, not this app's.
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=["security.W021"])
if not SECURE_SSL_REDIRECT:
    # Behind nginx, TLS ends at the proxy; the redirect lives there instead.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# The benchmark's one-query anchor page exists only when the benchmark turns it on.
BENCHMARK_ANCHOR = env.bool("BENCHMARK_ANCHOR", default=False)

DEMO_PASSWORD = env("DEMO_PASSWORD", default="Gaoping@2024")

MESSAGE_TAGS = {40: "danger"}


LOG_LEVEL = env("LOG_LEVEL", default="WARNING")


def _no_traceback_below_500(record) -> bool:
    """A 400, 403 or 404 is an answer, not a fault (denied attempts are in the security
    log): no traceback, and no line at all unless LOG_LEVEL asks for INFO."""

    if getattr(record, "status_code", 500) < 500:
        record.exc_info = record.exc_text = None
        return LOG_LEVEL in ("DEBUG", "INFO")
    return True


# One handler for Django's messages: its own "django" handlers plus the root's would
# print every 500 twice.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_4xx_traceback": {"()": "django.utils.log.CallbackFilter", "callback": _no_traceback_below_500}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_4xx_traceback"]}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
}
