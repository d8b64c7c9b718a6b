"""Rallying settings: one module, every deploy-specific value read from the environment.

See `.env.example` for each variable. Unset variables give a safe local setup (SQLite, DEBUG off);
malformed ones stop the process at start with a message naming the variable.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from rallying.env import caches_from_url, database_from_url, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

# With DEBUG off this is production: no guessed secret key or host list. (The test run supplies
# test-only values through pytest-env; `make run` is a DEBUG=1 development server.)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) needs a long random SECRET_KEY; "
            "for local development run with DEBUG=1."
        )
    SECRET_KEY = "django-insecure-local-development-only-key-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set. Production (DEBUG off) needs the site's host names, "
        "comma-separated, e.g. ALLOWED_HOSTS=rallying.example.org."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "cases",
    "findings",
    "history",
    "search",
    "pages",
    "downloads",
    "contributions",
    "edge",
    "replica",
    "releases",
    "packs",
    "citations",
    # The admin sign-in lockout (AXES_* below).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Any site's page may read the API and the dataset files (edge/cors.py); nothing else.
    "edge.cors.PublicReadCorsMiddleware",
    "rallying.security.SecurityHeadersMiddleware",
    "rallying.security.RequestLimitsMiddleware",
    # Serves collected static files (hashed and compressed under `make serve`).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # With a read replica: which requests may read from it (replica/router.py).
    "replica.router.PrimaryAfterWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin sign-in: 429 after ADMIN_LOGIN_ATTEMPTS failures per username or IP address (axes).
    "axes.middleware.AxesMiddleware",
    # Tells the change history (history/) which editor is writing, through the admin or the API.
    "history.middleware.ChangeActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The one place for ETag, Last-Modified, 304s, Cache-Control and Vary, and the one cache of
    # whole answers (anonymous reads, under the dataset revision): edge/middleware.py.
    "edge.middleware.HttpEdgeMiddleware",
    "rallying.security.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "rallying.urls"
WSGI_APPLICATION = "rallying.wsgi.application"

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
                "cases.footnotes.footnotes",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", ""), base_dir=BASE_DIR)}
# A PostgreSQL read replica of DATABASE_URL: reads that cannot need a fresh write go to it
# (replica/router.py). Tests use the test database through it (MIRROR).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL.strip():
    DATABASES["replica"] = {
        **database_from_url(
            DATABASE_REPLICA_URL, base_dir=BASE_DIR, variable="DATABASE_REPLICA_URL"
        ),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["replica.router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache (whole anonymous answers, edge/middleware.py, and throttle counts): Redis when
# REDIS_URL is set, shared by every worker and host; local memory in each process otherwise.
CACHES = caches_from_url(os.environ.get("REDIS_URL", ""))
# While Redis is away each failed cache call is a miss, logged to "rallying.cache" (django-redis).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "rallying.cache"
# The dataset downloads, written once per revision (downloads/store.py); per host.
DOWNLOADS_DIR = Path(os.environ.get("DOWNLOADS_DIR", "") or BASE_DIR / "var" / "downloads")
# Names the deployed code in answers' ETags and cache keys (`make serve` sets the commit), so a
# deploy that changes pages without changing the data renames every answer.
RELEASE = os.environ.get("RELEASE", "")
# The cache of whole anonymous answers (edge/middleware.py); off for the development server, whose
# templates change under it. ANSWER_CACHE=0 measures the uncached path (`make bench`'s "cold").
ANSWER_CACHE = env_bool("ANSWER_CACHE", not DEBUG)
# Cache-Control of public reads, for browsers and for nginx or a CDN in front: fresh for
# EDGE_MAX_AGE seconds, then served stale while one request revalidates (ETag) for up to
# EDGE_STALE_WHILE_REVALIDATE more.
EDGE_MAX_AGE = env_int("EDGE_MAX_AGE", 60)
EDGE_STALE_WHILE_REVALIDATE = env_int("EDGE_STALE_WHILE_REVALIDATE", 300)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}Validator"}
    for name in ("UserAttributeSimilarity", "MinimumLength", "CommonPassword", "NumericPassword")
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Where readers send corrections (shown on the about page); empty: the page says to contact the editors.
CORRECTIONS_EMAIL = os.environ.get("CORRECTIONS_EMAIL", "")
# Readers' suggestions (/contribute/) received per client address in each window of
# CONTRIBUTIONS_RATE_SECONDS; beyond it, a 429 with Retry-After (contributions/rate_limit.py).
CONTRIBUTIONS_RATE = env_int("CONTRIBUTIONS_RATE", 5)
CONTRIBUTIONS_RATE_SECONDS = env_int("CONTRIBUTIONS_RATE_SECONDS", 60 * 60)

# Failed admin sign-ins allowed per username and per IP address within the lock period (seconds,
# from the last failure). django-axes counts in the database; `manage.py axes_reset` lifts locks.
ADMIN_LOGIN_ATTEMPTS = env_int("ADMIN_LOGIN_ATTEMPTS", 5)
ADMIN_LOGIN_LOCK_SECONDS = env_int("ADMIN_LOGIN_LOCK_SECONDS", 15 * 60)
AXES_FAILURE_LIMIT = ADMIN_LOGIN_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(seconds=ADMIN_LOGIN_LOCK_SECONDS)
# Either one locks: a guesser spreading attempts over many addresses, or over many usernames.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The address throttles use, so a forged X-Forwarded-For does not dodge the lock.
AXES_CLIENT_IP_CALLABLE = "rallying.client_address.client_address"
AXES_USERNAME_CALLABLE = "history.login_lockout.counted_username"
AXES_LOCKOUT_CALLABLE = "history.login_lockout.locked_response"
# A refused attempt does not restart the lock period.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Axes' log lines name the username and address (never the password).
AXES_SENSITIVE_PARAMETERS = []
# Successful sign-ins are not recorded; failures are kept only until their lock period is over.
AXES_DISABLE_ACCESS_LOG = True
# Axes refuses a locked sign-in before ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The dataset lives in fixtures/ at the top of the project, not inside an app.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS=1 when the site is served over TLS (directly or behind a proxy that sets
# X-Forwarded-Proto): redirect to HTTPS, send HSTS, and keep cookies off plain HTTP.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Hashed, compressed static files once `collectstatic` has run (`make serve` does); otherwise
# WhiteNoise serves straight from the apps' static folders, so tests and `make run` need no collect step.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
if STATIC_MANIFEST:
    STATIC_ROOT = BASE_DIR / "staticfiles"
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# The API (Django REST framework). Reads are public; writes need a staff user (token or session).
API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200
# How many proxies of ours stand in front of gunicorn, each appending to X-Forwarded-For; 0: the
# connection's address is the client's. Used to tell readers apart for throttling.
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rallying.api_permissions.StaffWritesOnly"],
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_PAGINATION_CLASS": "rallying.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "rallying.api_schema.RallyingAutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "rallying.api_negotiation.StrictContentNegotiation",
    "EXCEPTION_HANDLER": "rallying.api_errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rallying.throttling.AnonWindowThrottle"],
    # The client's address: never a client-written X-Forwarded-For (rallying/client_address.py).
    "NUM_PROXIES": TRUSTED_PROXIES,
    # Anonymous clients, per IP address; documented in the README and the API description.
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/minute")},
    "URL_FORMAT_OVERRIDE": "format",
    "COERCE_DECIMAL_TO_STRING": False,  # coordinates are numbers in reads and writes alike
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rallying API",
    "DESCRIPTION": (
        "The open knowledge base of collaborative public-service reform, as data. Every fact carries "
        "its citation: source, locator and basis (stated by the source, or an editorial inference "
        "with its reason). Reads are public and throttled per IP address; writes need a staff "
        "token. Case lists take the same filters as the web page /cases/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "cases.models.provenance.SourceKind",
        "SourceOriginEnum": "cases.models.provenance.SourceOrigin",
        "FindingKindEnum": "findings.models.FindingKind",
        "BasisEnum": "cases.models.provenance.Basis",
        "PermanenceEnum": "cases.models.case.Permanence",
        "CaseStatusEnum": "cases.models.status.Status",
    },
}
