"""Settings from environment variables, with safe development defaults.

Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; `arkaofis check --deploy`
is then clean.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF

from arkaofis.catalog.domain import parse_image_sources
from arkaofis.work.domain import parse_sla_minutes

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ARKAOFIS_VAR_DIR", BASE_DIR.parent / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded database lives here


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-insecure-key-change-me"  # noqa: S105 - refused below when DEBUG is off
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",  # failed sign-ins throttled and locked out (see AXES_* below)
    "ninja",  # serves /api/docs assets locally, no CDN
    "django_tasks",
    "django_tasks_db",
    "arkaofis.core",
    "arkaofis.catalog",
    "arkaofis.inventory",
    "arkaofis.orders",
    "arkaofis.channels",
    "arkaofis.fulfilment",
    "arkaofis.purchasing",
    "arkaofis.planning",
    "arkaofis.accounting",
    "arkaofis.work",
    # Above every context, imported by none (DESIGN.md, "Floors").
    "arkaofis.worker",
    "arkaofis.demo",
    "arkaofis.bench",
]

MIDDLEWARE = [
    "arkaofis.core.api_middleware.ApiProblemMiddleware",  # first: /api/ answers problem+json even before a route
    "django.middleware.security.SecurityMiddleware",
    "arkaofis.core.middleware.ContentSecurityPolicyMiddleware",
    "arkaofis.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out sign-in (page or admin) into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Production serves its collected static files itself; runserver does it in development.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "arkaofis.urls"
WSGI_APPLICATION = "arkaofis.wsgi.application"

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
            ],
        },
    }
]


def database_from_env() -> dict[str, Any]:
    """DATABASE_URL, or the embedded SQLite database under var/."""
    default_sqlite = f"sqlite:///{VAR_DIR / 'arkaofis.sqlite3'}"
    config = database_config(os.environ.get("DATABASE_URL") or default_sqlite)
    if config["ENGINE"] != "django.db.backends.sqlite3":
        # Persistent connections: a worker keeps its connection (and its prepared statements)
        # across requests instead of reconnecting each time.
        config["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
        config["CONN_HEALTH_CHECKS"] = True
    return config


def database_config(url: str) -> dict[str, Any]:
    """The connection settings for a database URL (the benchmarks' scratch databases use them too)."""
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE: a writer takes the write lock when its transaction starts, so two writers
        # never both read and then fail to upgrade (no SQLITE_BUSY deadlock, no oversell).
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        # Parameters bound on the server, and a statement run twice on a connection prepared:
        # PostgreSQL then parses and plans it once, not per query (planning was about a third
        # of the database's time per order). Behind PgBouncer in transaction mode this needs
        # PgBouncer 1.21+ with max_prepared_statements set; PG_PREPARE_THRESHOLD=0 turns it off.
        threshold = int(os.environ.get("PG_PREPARE_THRESHOLD", "2"))
        config["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": threshold or None}
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

# Repeated failed sign-ins (the login page and the admin alike): after AXES_FAILURE_LIMIT failures
# for one username from one address, that pair is refused, the right password included, until the
# cool-off has passed; each further try starts the cool-off again. Per username *and* address, so
# nobody can lock a colleague out from elsewhere. Behind a proxy set AXES_IPWARE_PROXY_COUNT.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # no banner on every command
AXES_IPWARE_PROXY_COUNT = (
    int(os.environ["AXES_IPWARE_PROXY_COUNT"]) if os.environ.get("AXES_IPWARE_PROXY_COUNT") else None
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("tr", "Türkçe")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Istanbul")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["arkaofis.formats"]  # dates with the month by name in every language

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Key for channel secrets at rest (a Fernet key); derived from SECRET_KEY when unset.
ARKAOFIS_SECRETS_KEY = os.environ.get("ARKAOFIS_SECRETS_KEY", "")

# Our webhooks go to addresses an admin types in: in production, never to this machine or its
# private network (a subscriber at http://10.0.0.5/ or the cloud metadata address would let a
# stolen admin account probe it). Development keeps them allowed, to test with a local receiver.
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", DEBUG)

# Minutes from a task's opening to its due time, per kind ("pick=90,count=720"); the kinds not
# named keep their defaults (arkaofis/work/domain.py, DEFAULT_SLA_MINUTES).
ARKAOFIS_TASK_SLA_MINUTES = parse_sla_minutes(os.environ.get("ARKAOFIS_TASK_SLA_MINUTES", ""))

TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# Security: strict when DEBUG is off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Where product photos (Product.image_url, shown on the pick and pack screens) may load from:
# "https:" (any https address, the default), a list of hosts ("https://cdn.shopify.com,https://*.example.com"),
# or empty for none.
ARKAOFIS_IMAGE_HOSTS = parse_image_sources(os.environ.get("ARKAOFIS_IMAGE_HOSTS", "https:"))

# Content-Security-Policy: the pages run only our own static scripts (app.js and htmx, no inline
# script, no eval) and our own stylesheet (htmx's indicator styles live in app.css, not injected);
# nothing may frame them; images come from us and the hosts of product photos. /api/docs alone
# allows inline styles (core/middleware.py says why).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the blank favicon and inline SVG images; then the product photos' hosts.
        "img-src": [SELF, "data:", *ARKAOFIS_IMAGE_HOSTS],
        "font-src": [SELF],
        "connect-src": [SELF],  # htmx requests
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy: our own pages may use the camera (the pick and pack screens scan barcodes with
# it, app.js); no frame may, and nothing uses the microphone, location or payments.
NO_FEATURES = ("microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "display-capture",
               "publickey-credentials-get")  # fmt: skip
PERMISSIONS_POLICY: dict[str, list[str]] = {"camera": ["self"], **{feature: [] for feature in NO_FEATURES}}

# Structured (key=value) logs; secrets and personal data are never passed to the logger.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "kv": {"format": "ts=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # axes: failures and lockouts (WARNING, username and address masked), not every sign-in.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Shipping labels: the GS1 company prefix SSCCs are numbered under (GS1's example prefix until the shop
# has its own) and the SSCC's extension digit (0–9, the shop's free choice, e.g. per packing station).
ARKAOFIS_GS1_COMPANY_PREFIX = os.environ.get("ARKAOFIS_GS1_COMPANY_PREFIX", "0614141")
ARKAOFIS_SSCC_EXTENSION = int(os.environ.get("ARKAOFIS_SSCC_EXTENSION", "0"))

# Cycle counts (arkaofis/fulfilment/counts/domain.py): a counted line posts without a manager when its
# difference is at most UNITS, or at most PERCENT % of what the ledger held, and (when VALUE is set)
# worth at most VALUE in the product's currency; the schedule asks for at most DAILY_LIMIT counts a day
# per warehouse.
ARKAOFIS_COUNT_TOLERANCE_UNITS = int(os.environ.get("ARKAOFIS_COUNT_TOLERANCE_UNITS", "2"))
ARKAOFIS_COUNT_TOLERANCE_PERCENT = os.environ.get("ARKAOFIS_COUNT_TOLERANCE_PERCENT", "5")
ARKAOFIS_COUNT_TOLERANCE_VALUE = os.environ.get("ARKAOFIS_COUNT_TOLERANCE_VALUE", "")
ARKAOFIS_COUNT_DAILY_LIMIT = int(os.environ.get("ARKAOFIS_COUNT_DAILY_LIMIT", "20"))
