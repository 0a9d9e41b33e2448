"""citycert settings: one module, configured from the environment.

SQLite in `CITYCERT_DATA_DIR` (default ./var) unless DATABASE_URL names a PostgreSQL database.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def sqlite(name: str | Path) -> dict[str, Any]:
    """SQLite that serialises writers: a transaction takes the write lock when it begins (IMMEDIATE), so two
    people changing the same thing queue up instead of both reading the old state; WAL lets readers go on.

    synchronous=NORMAL, the setting SQLite documents for WAL: a commit is appended to the log without waiting
    for the disk, which is flushed at each checkpoint instead. The database cannot be corrupted by a crash
    either way, and a crash of the program loses nothing; a power cut or a crash of the operating system may
    undo the last commits before it (whole transactions, each with its audit event, never half of one). A
    commit's flush was most of the time of a saved answer. A production install that cannot lose a
    committed change runs PostgreSQL (README, "Running in production"), which flushes every commit."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def database_from_url(url: str) -> dict[str, Any]:
    """A Django DATABASES entry from `postgresql://user:pass@host:port/name?option=value` or `sqlite:///path`.

    PostgreSQL URLs are read by dj-database-url, which keeps the query's options (`?sslmode=require`,
    `?sslrootcert=...`, `?application_name=...`) as connection options; `?host=/run/postgresql` (a socket folder,
    for a URL without a host) becomes the host."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return sqlite(unquote(parts.path))
    if parts.scheme in ("postgres", "postgresql"):
        # Each app-server process keeps its connection for a minute rather than opening one per request:
        # that opening cost about 10 ms a page (bench/production_load.py). Checked before reuse.
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=envint("DB_CONN_MAX_AGE", "60"), conn_health_checks=True)
        )
        options = config.setdefault("OPTIONS", {})
        if not config.get("HOST") and "host" in options:
            config["HOST"] = options.pop("host")
        return config
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgresql:// or sqlite:///)")


# Where the SQLite database (and, later, evidence files and keys) live: the checkout's var/ by default.
DATA_DIR = Path(os.environ.get("CITYCERT_DATA_DIR", BASE_DIR.parent / "var")).resolve()
# CITYCERT_PRODUCTION=1 turns on everything a public HTTPS site needs (see the end of this file) and refuses to
# start without a real secret key and host names; `citycert check --deploy` then reports nothing.
PRODUCTION = envbool("CITYCERT_PRODUCTION", "false")
DEBUG = envbool("DEBUG", "false")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when CITYCERT_PRODUCTION=1")


def secret_key() -> str:
    """SECRET_KEY, or the content of the file SECRET_KEY_FILE names; empty when neither is set."""
    if os.environ.get("SECRET_KEY_FILE"):
        return Path(os.environ["SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
    return os.environ.get("SECRET_KEY", "")


SECRET_KEY = secret_key()
if not SECRET_KEY:
    if PRODUCTION or (not DEBUG and envbool("CITYCERT_REQUIRE_SECRET", "false")):
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set in production")
    # A fixed key is acceptable only for local trials and tests; production sets SECRET_KEY.
    SECRET_KEY = "citycert-insecure-development-key-change-me"  # noqa: S105
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "citycert.admin_app.RecordsAdminConfig",  # Django's admin: for superusers, read only (citycert.records_admin)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its Swagger UI files, served from here rather than a CDN
    "django_tasks",
    "django_tasks_db",
    "citycert.library",
    "citycert.cities",
    "citycert.accounts",
    "citycert.assessments",
    "citycert.audit",
    "citycert.certification",
    "citycert.competence",
    "citycert.appeals",
    "citycert.registry",
    "citycert.practices",
    "citycert.indicators",
    "citycert.demo",
    "citycert.operations",
    "citycert.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "citycert.content_security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "citycert.language.KoreanFirstLocaleMiddleware",
    "citycert.nul_guard.RefuseNulCharacters",
    "citycert.operations.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "citycert.permissions.AssignmentsReadOncePerRequest",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "citycert.urls"
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
                "citycert.inbox.navigation",
                "citycert.notifications.navigation.unread",
            ],
        },
    },
]
WSGI_APPLICATION = "citycert.wsgi.application"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": sqlite(DATA_DIR / "citycert.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Korean is the default language of the pages; English one click away.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Seoul"
USE_TZ = True

# Django's four checks on every password a person sets through the site (the demo's is created directly).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# After this many failed logins for one username from one address within the window, that pair waits out
# the window (citycert.accounts.login_throttle).
LOGIN_FAILURE_LIMIT = envint("CITYCERT_LOGIN_FAILURE_LIMIT", "5")
LOGIN_FAILURE_WINDOW_MINUTES = envint("CITYCERT_LOGIN_FAILURE_WINDOW_MINUTES", "15")

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/my/"
LOGOUT_REDIRECT_URL = "/"

# The Ed25519 key that signs certificate PDFs: a file outside the database, made at install (migrate).
SIGNING_KEY_FILE = Path(os.environ.get("CITYCERT_SIGNING_KEY", DATA_DIR / "keys" / "certificate-signing.pem"))
# Where the public finds citycert (https://host[/path]): certificates' QR codes and printed addresses. Required in
# production (check --deploy); unset in development, the request's own address is used (citycert.public_address).
PUBLIC_URL = os.environ.get("CITYCERT_PUBLIC_URL", "").strip().rstrip("/")
EVIDENCE_MAX_BYTES = envint("CITYCERT_EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024))
# Indicator imports: the largest file taken, and the change from a year before that raises an alert.
INDICATOR_IMPORT_MAX_BYTES = envint("CITYCERT_INDICATOR_IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
INDICATOR_DROP_SHARE = float(os.environ.get("CITYCERT_INDICATOR_DROP_SHARE", "0.2"))
# Uploads above this size are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"

# Reminders of surveillance audits and extension deadlines go out by email; printed to the console
# unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("CITYCERT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CITYCERT_FROM_EMAIL", "citycert@localhost")
EMAIL_HOST = os.environ.get("CITYCERT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("CITYCERT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("CITYCERT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CITYCERT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("CITYCERT_EMAIL_TLS", "") == "1"

# Headers every answer carries, in development too: no framing, no type sniffing, no referrer to other sites.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    # HTTPS only: cookies never travel in clear, plain HTTP is redirected, and browsers remember it (HSTS).
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("CITYCERT_SSL_REDIRECT", "true")
    SECURE_HSTS_SECONDS = envint("CITYCERT_HSTS_SECONDS", str(365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("CITYCERT_HSTS_INCLUDE_SUBDOMAINS", "true")
    SECURE_HSTS_PRELOAD = envbool("CITYCERT_HSTS_PRELOAD", "true")
    # Behind a proxy that ends TLS, name the header it sets, e.g. CITYCERT_PROXY_SSL_HEADER=X-Forwarded-Proto
    # (only when the proxy always sets or overwrites it: a client could send it too).
    if os.environ.get("CITYCERT_PROXY_SSL_HEADER"):
        header = os.environ["CITYCERT_PROXY_SSL_HEADER"].upper().replace("-", "_")
        SECURE_PROXY_SSL_HEADER = (header if header.startswith("HTTP_") else f"HTTP_{header}", "https")


# Shared state of the app servers: files and cache. Every server (and worker) must see the same files and the same
# cache, so that a preview made on one server confirms on another and a throttle counts every server's requests.


def file_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """Django's default storage: an S3-compatible bucket when CITYCERT_S3_BUCKET is set (django-storages), else the
    folder MEDIA_ROOT, where a file appears under its name only once it is whole (citycert.files)."""
    bucket = environ.get("CITYCERT_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "citycert.files.WholeFileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "location": environ.get("CITYCERT_S3_PREFIX", "").strip("/"),
        "endpoint_url": environ.get("CITYCERT_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("CITYCERT_S3_REGION") or None,
        # Unset, boto3 finds the keys its usual way (AWS_ACCESS_KEY_ID, ~/.aws, an instance role).
        "access_key": environ.get("CITYCERT_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("CITYCERT_S3_SECRET_ACCESS_KEY") or None,
        # Files are private and served only through citycert's own permission checks, never by a bucket address.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": True,  # names are content hashes or random tokens: the same name is the same bytes
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


# Evidence files (named by their SHA-256), uploads waiting between preview and confirm, and round archives.
MEDIA_ROOT = Path(os.environ.get("CITYCERT_FILES_DIR", DATA_DIR / "files"))
STORAGES = {
    # Keeps a static-files entry set earlier in this module, if any.
    **globals().get("STORAGES", {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}),
    "default": file_storage(os.environ),
}

# The cache (throttles, the registry's listing, peer figures): Redis shared by every server when
# CITYCERT_REDIS_URL is set (redis://host:port/db), else each process's own memory.
if os.environ.get("CITYCERT_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CITYCERT_REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CITYCERT_CACHE_PREFIX", "citycert"),
        }
    }
# Changes through the API, per token (or per signed-in person) and minute, counted in the cache.
API_WRITES_RATE = os.environ.get("CITYCERT_API_WRITES_RATE", "120/min")


# The proxies in front of the app servers (addresses or networks, comma-separated): only a request coming from one
# of them has its X-Forwarded-For read, to find the client's own address for the login throttle.
def networks(name: str) -> list[str]:
    """Addresses or networks (10.0.0.0/8) from a comma-separated variable, refused at start when one is not."""
    try:
        return [str(ipaddress.ip_network(part, strict=False)) for part in envlist(name, "")]
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error}") from None


TRUSTED_PROXIES = networks("CITYCERT_TRUSTED_PROXIES")


# Background work and schedules (citycert.operations.jobs): django-tasks with its database backend, so the queue
# is a table of the site's own database and needs no other service; `citycert worker` runs the jobs and the
# schedule, and any number of workers may run on other machines against the same PostgreSQL database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A worker writes its heartbeat this often; a job whose worker has been silent for three beats was abandoned
# (the worker was killed or its machine lost) and is run again, up to CITYCERT_JOB_ATTEMPTS runs in all, after
# which it is failed with that reason.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("CITYCERT_WORKER_HEARTBEAT_SECONDS", "10"))
JOB_ATTEMPTS = envint("CITYCERT_JOB_ATTEMPTS", "2")

# --- Deploy: refusals, static files, the signing key, logs, errors and health ---------------------------------------
# Production refuses to start on settings that only warn elsewhere: a host list that lets any Host header through
# (password-reset links and absolute URLs would name the attacker's host), and a secret key short or plain enough
# to guess (Django's own test: 50 characters, 5 different ones, not a generated "django-insecure-" key).
if PRODUCTION:
    if any("*" in host for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS={','.join(ALLOWED_HOSTS)!r}: a wildcard ('*') is refused in production; name the host names"
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use at least 50 random characters, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )

# Static files: in production whitenoise serves them from STATIC_ROOT (filled by `citycert collectstatic`), each
# under a name carrying its content's hash, compressed (gzip and Brotli), cached by browsers for ten years; elsewhere
# from the source folders as they are (runserver). The default (files) storage configured above stays.
if PRODUCTION:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
    STORAGES = {
        **globals().get("STORAGES", {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}),
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Pages name only the hashed files, so the unhashed copies are not kept (nor compressed: half the work); source
    # maps are fetched by developer tools alone, and compressing the API documentation's took most of a minute.
    WHITENOISE_KEEP_ONLY_HASHED_FILES = True
    # (whitenoise's own list, already compressed formats, and "map")
    WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
        *("map", "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv"),
        *("woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv"),
    ]

# The certificate signing key is a deploy secret, the same on every server: the PEM in CITYCERT_SIGNING_KEY_PEM, or
# the file CITYCERT_SIGNING_KEY names (SIGNING_KEY_FILE above). Keys signed with before stay trusted while their
# public (or private) PEM files are in this folder: each signature names its key.
SIGNING_KEY_PEM = os.environ.get("CITYCERT_SIGNING_KEY_PEM", "")
RETIRED_SIGNING_KEYS_DIR = Path(os.environ.get("CITYCERT_RETIRED_SIGNING_KEYS", DATA_DIR / "keys" / "retired"))

# Logs: one JSON object a line on standard output, each with the request's id (X-Request-ID, taken from the proxy
# when it sends a sane one, made otherwise, and returned); a 500's traceback is one line too.
MIDDLEWARE.insert(0, "citycert.operations.logs.RequestIdMiddleware")
LOG_LEVEL = os.environ.get("CITYCERT_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "citycert.operations.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "citycert.operations.logs.JsonLines"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # Django's own loggers go to the root's handler only (its defaults would also print to stderr in DEBUG).
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # WeasyPrint and fontTools narrate every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Errors also go to Sentry (or a compatible service) when SENTRY_DSN is set; nothing is sent otherwise.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production" if PRODUCTION else "development"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,  # no names, addresses or cookies of the people using the site
    )

# /healthz is for the load balancer, which asks over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Single sign-on (OpenID Connect) and the second factor (TOTP) ----------------------------------------------------
# Sign-in through an OpenID provider when CITYCERT_OIDC_CLIENT_ID is set (mozilla-django-oidc); the provider's
# endpoints are named one by one (the library reads no discovery document, and nothing is fetched at start).
# A person is matched by the provider's verified email to an existing account; nobody is ever created
# (citycert.accounts.single_sign_on).
OIDC_REQUIRED = {
    "OIDC_RP_CLIENT_SECRET": "CITYCERT_OIDC_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "CITYCERT_OIDC_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "CITYCERT_OIDC_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "CITYCERT_OIDC_USERINFO_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "CITYCERT_OIDC_JWKS_ENDPOINT",
}


def oidc_settings(environ: Mapping[str, str], production: bool) -> dict[str, Any]:
    """mozilla-django-oidc's settings from CITYCERT_OIDC_*: empty when no client id is set; refused at start when a
    part is missing, or (in production) when an endpoint is not HTTPS."""
    client_id = environ.get("CITYCERT_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        return {}
    values = {name: environ.get(variable, "").strip() for name, variable in OIDC_REQUIRED.items()}
    missing = [OIDC_REQUIRED[name] for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(f"CITYCERT_OIDC_CLIENT_ID is set, so these must be too: {', '.join(missing)}")
    plain = [
        OIDC_REQUIRED[name]
        for name, value in values.items()
        if name.startswith("OIDC_OP_") and not value.startswith("https://")
    ]
    if production and plain:
        raise ImproperlyConfigured(f"{', '.join(plain)}: an OpenID provider's endpoints must be https:// in production")
    return {
        "OIDC_RP_CLIENT_ID": client_id,
        **values,
        "OIDC_PROVIDER_NAME": environ.get("CITYCERT_OIDC_PROVIDER_NAME", "").strip() or "OpenID Connect",
        # The id token's issuer must be this one when it is given (the library itself does not check it).
        "OIDC_OP_ISSUER": environ.get("CITYCERT_OIDC_ISSUER", "").strip(),
        "OIDC_RP_SIGN_ALGO": environ.get("CITYCERT_OIDC_SIGN_ALGO", "RS256").strip(),
        "OIDC_RP_SCOPES": "openid email profile",
    }


globals().update(oidc_settings(os.environ, PRODUCTION))
# Never an account made from a provider's answer: an unknown email is refused on the login page.
OIDC_CREATE_USER = False
# PKCE (RFC 7636) on top of the client secret: a code caught on its way back is useless without the verifier.
OIDC_USE_PKCE = True
OIDC_AUTHENTICATE_CLASS = "citycert.accounts.single_sign_on.StartSignIn"
OIDC_CALLBACK_CLASS = "citycert.accounts.single_sign_on.FinishSignIn"
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "citycert.accounts.single_sign_on.VerifiedEmailBackend",
]
INSTALLED_APPS += ["mozilla_django_oidc", "django_otp", "django_otp.plugins.otp_totp"]

# The second factor (django-otp's TOTP): whoever enrolled a device is asked for a code after signing in, by password
# or by the provider. People of the roles named here (e.g. CITYCERT_REQUIRE_TOTP_FOR=assessor,certifier) must enrol
# before anything else; the roles are a person's one role today (citycert.permissions.second_factor_required).
REQUIRE_TOTP_FOR = envlist("CITYCERT_REQUIRE_TOTP_FOR", "")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "citycert.accounts.second_factor_gate.SecondFactorGate",
)
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = os.environ.get("CITYCERT_TOTP_ISSUER", "citycert")
