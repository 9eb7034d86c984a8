"""Settings for the SLT portal.

Every value that differs between a laptop and production is read from the
environment. With nothing set, the portal runs in DEBUG on SQLite in the
checkout; with DJANGO_DEBUG off it refuses to start without a real secret key
and an explicit host list.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from core.client_ip import trusted_proxies
from core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent


# Off unless asked for: a forgotten variable must never leave debug pages on in production.
DEBUG = env_bool("DJANGO_DEBUG", False)

# No key has a default, not even for development: `make run` and `make dev` generate
# local key files for the checkout, and manage.py reads them (see manage.py).
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string, the same on every "
        "host (python -c 'import secrets; print(secrets.token_urlsafe(50))'). "
        "In a checkout, `make run` or `make dev` makes one in .local-secret-key."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "slt_portal.views.csrf_failure"

INSTALLED_APPS = [
    "slt_portal.apps.SltAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "django_otp",
    # Retired: their tables are emptied into slt_portal's encrypted and hashed devices by
    # slt_portal/migrations/0002; kept installed for that migration's history.
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "slt_portal",
    "levels",
    "priorities",
    "guides",
    # Before concerns, whose post_migrate gives the coordinator the permissions on the
    # public content: the annual report's permissions must exist by then.
    "annual_reports",
    "concerns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "slt_portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304s for every page, the cached ones included.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions, auth and CSRF: a cached public page needs none of them.
    "slt_portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, so its 400 page is in the page's language; before
    # CSRF, which would read the body.
    "core.request_sanity.RequestSanityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, except that a password change ends the second factor too.
    "slt_portal.two_factor.OTPMiddleware",
    "slt_portal.middleware.StaffSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during login into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "slt_portal.urls"
WSGI_APPLICATION = "slt_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "slt_portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers and a task worker write to one file: WAL lets readers go on
    # while one writes, and IMMEDIATE transactions queue writers instead of failing them.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Keys for the encrypted report fields, newest first (comma-separated Fernet keys).
# Deliberately not derived from SECRET_KEY. Make one with:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS is not set. Set it to one or more Fernet keys, newest first, "
        "comma-separated (python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'). Without the key that encrypted them, the "
        "stored reports cannot be read. In a checkout, `make run` or `make dev` makes one "
        "in .local-field-key."
    )

# The cache holds the rate-limit counts and the public pages, and must be shared by every
# process that serves the site: Redis (CACHE_URL=redis://…) for several hosts; on one
# host without it, files in .cache/ are shared by its gunicorn workers.
CACHE_URL = env_str("CACHE_URL")
CACHES: dict[str, dict[str, Any]]
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # Lets two sites (staging and production, say) share one Redis.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
        }
    }
elif CACHE_URL.startswith("file://") or (not CACHE_URL and not DEBUG):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://") or str(BASE_DIR / ".cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages in that cache; off in development, where templates change by the minute.
PAGE_CACHE = env_bool("PAGE_CACHE", not DEBUG)
# Edits invalidate pages at once; the timeout only bounds how long an unvisited page stays.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 24 * 60 * 60)

# The load balancers and proxies in front of gunicorn, whose X-Forwarded-For we believe:
# addresses or ranges (10.0.0.0/8, fd00::/8), parsed here so that a typo stops the start.
TRUSTED_PROXIES = trusted_proxies(env_list("TRUSTED_PROXIES", []))

# Staff login (django-axes, slt_portal/lockout.py): five failed passwords for one username
# from one address lock that username there, and twenty from one address for any usernames
# lock the address, for 15 minutes. A username alone is never locked, so nobody can lock a
# staff member out from elsewhere. Failures and lockouts are logged and kept in its tables;
# the coordinator sees the lockouts in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "slt_portal.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
# A login tried while locked is refused without being counted: the lock runs its 15 minutes
# from the failure that started it, and each lockout is one row in the failure log.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "slt_portal.lockout.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password"]

OTP_TOTP_ISSUER = "SLT-portalen Kvæfjord"

# Argon2 for new and changed passwords; the others only to verify and upgrade old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Norwegian Bokmål is the site's own language and lives at the root; English under /en/.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Designsystemet's CSS comes from npm (package-lock.json), never from a CDN.
    (
        "designsystemet",
        BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist" / "src",
    ),
    (
        "designsystemet-theme",
        BASE_DIR / "node_modules" / "@digdir" / "designsystemet-theme" / "brand",
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 60 * 60

CRISPY_ALLOWED_TEMPLATE_PACKS = ("designsystemet",)
CRISPY_TEMPLATE_PACK = "designsystemet"

# E-mail through Django 6.1's MAILERS. Without SMTP_HOST mail is printed to the
# console, which is what a developer wants and never leaves the machine.
SMTP_HOST = env_str("SMTP_HOST")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "slt-portal@kvafjord.kommune.no")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address staff use to reach the admin, for links in notification e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (notification e-mails) runs in `manage.py db_worker`, queued in the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 8)

# Closed reports keep their personal data this long, then `purge_reports` erases it.
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 730)

# Limits on the public forms, counted in the shared cache in fixed hourly windows (so up
# to twice a limit can pass around the turn of an hour). A client is one address, or for
# IPv6 one /64 network. A school, a town hall or a library sends everyone's reports from
# one address, so the report limit counts stored reports, not attempts: 20 an hour is more
# than a whole school sends in a busy week, yet stops a script from flooding the queue.
# Every POST, valid or not, counts against a cap three times as high, so that correcting
# mistakes in the form never costs anyone a report.
REPORT_SUBMISSIONS_PER_HOUR = env_int("REPORT_SUBMISSIONS_PER_HOUR", 20)
REPORT_POSTS_PER_HOUR = env_int("REPORT_POSTS_PER_HOUR", 60)
STATUS_LOOKUPS_PER_HOUR = env_int("STATUS_LOOKUPS_PER_HOUR", 20)
# Per reference, from any address: guessing one report's receipt code from many
# addresses stops here. The sender needs only a lookup now and then.
STATUS_LOOKUPS_PER_REFERENCE_PER_HOUR = env_int("STATUS_LOOKUPS_PER_REFERENCE_PER_HOUR", 10)
NOTIFICATION_RETRY_SECONDS = env_int("NOTIFICATION_RETRY_SECONDS", 30)
# How long a worker's claim on a notification lasts before another may take it over.
NOTIFICATION_LEASE_SECONDS = env_int("NOTIFICATION_LEASE_SECONDS", 300)
# How often the worker looks for notifications a dead worker or a lost task left unsent.
NOTIFICATION_SWEEP_SECONDS = env_int("NOTIFICATION_SWEEP_SECONDS", 300)

# Security headers. The strict policy holds in development too, so a page that
# needs an inline script or a third-party host fails early and visibly.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions hold a receipt or a staff login: neither should outlive the browser.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Staff sessions end after 30 minutes without activity and after 8 hours in all.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_IDLE_SECONDS = 30 * 60
# Production serves HTTPS only. DJANGO_HTTPS=0 is for running the production
# settings on a laptop over plain http (`make run`): no redirect, no HSTS pin on localhost.
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, for this
    # host only and for the whole site: no subdomain can set or read it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Request bodies are small forms; anything larger is refused before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# The portal takes no files: with no handlers, a file part is read past and never kept.
FILE_UPLOAD_HANDLERS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No client address in any log line (core/log_filters.py).
    "filters": {"no_addresses": {"()": "core.log_filters.RedactAddresses"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_addresses"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # Login failures and lockouts are warnings; axes's start-up chatter is not needed.
    "loggers": {"axes": {"level": "WARNING"}},
}
