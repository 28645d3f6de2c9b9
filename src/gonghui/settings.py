"""One settings file, driven by the environment.

Variables (see README "配置"):
  DATABASE_URL     sqlite:////abs/path.sqlite3 or postgres://user:pw@host:port/db
                   (default: SQLite at $GONGHUI_DATA_DIR/gonghui.sqlite3)
  SECRET_KEY       required unless GONGHUI_DEBUG=1
  ALLOWED_HOSTS    comma separated (default: 127.0.0.1,localhost)
  GONGHUI_DEBUG    1 to run with DEBUG on (development only)
  GONGHUI_HTTPS    1 when served over HTTPS (secure cookies, HSTS, redirect)
  GONGHUI_DATA_DIR where the SQLite database, attachments and static files live (default ./var)
  GONGHUI_SMTP_HOST      SMTP server for reminder e-mail; unset = no e-mail is sent
  GONGHUI_SMTP_PORT      default 465
  GONGHUI_SMTP_USER, GONGHUI_SMTP_PASSWORD   SMTP login (optional)
  GONGHUI_SMTP_SSL       1 (default) for implicit TLS (port 465); 0 to turn off
  GONGHUI_SMTP_TLS       1 for STARTTLS (port 587; set GONGHUI_SMTP_SSL=0)
  GONGHUI_MAIL_FROM      sender address (default: GONGHUI_SMTP_USER)
  GONGHUI_SITE_URL       e.g. https://gh.example.cn, to make the links in e-mail absolute
  GONGHUI_METRICS_CACHE_SECONDS  how long a computed figure is kept at most (default 600;
                         it is recomputed after any audited write anyway; 0 = never kept)
  GONGHUI_UPLOAD_PENDING_HOURS  how long an upload waits for 确认导入 (default 2)
  GONGHUI_EXPORT_BACKGROUND_ROWS  a member export of more rows is written in the background
                         and downloaded when ready (default 20000; core.prepared)
  GONGHUI_PREPARED_FILE_HOURS  how long such a file is kept for its owner (default 2)
  GONGHUI_SUDO_MINUTES   how long a password confirmation lasts before granting roles,
                         resetting a password or seeing full numbers (default 15; core.sudo)
  GONGHUI_JOIN_STATUS_LIMIT  failed 入会申请 status look-ups per address per hour (default 5)
  GONGHUI_UPLOAD_MAX_UNPACKED_MB, GONGHUI_UPLOAD_MAX_RATIO  what an .xlsx/.ods/.docx upload
                         may unpack to (default 300 MB, 100 times its packed size)
  GONGHUI_UPLOAD_MAX_ROWS, GONGHUI_UPLOAD_MAX_CELLS  rows of a sheet or .csv, and rows ×
                         columns of a sheet's used area (default 250000, 5000000)
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGHUI_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_flag("GONGHUI_DEBUG")
# pytest sets this through scripts/test.sh; a bare `pytest` run is recognised too.
TESTING = env_flag("GONGHUI_TESTING", default="pytest" in sys.modules)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置。请设置环境变量 SECRET_KEY（make run 会自动生成到 var/secret_key）。"
        )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.finance",
    "gonghui.congress",
    "gonghui.plans",
    "gonghui.care",
    "gonghui.activities",
    "gonghui.rights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself with its precompressed copies;
    # before everything that writes the body. Django ≥ 4.2 pads the gzip header at random
    # (BREACH) and masks the CSRF token per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # CSP on every page; no-store for signed-in users and downloads (core.security).
    "gonghui.core.security.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A password someone else chose (a reset, a new member's login): 修改密码 first.
    "gonghui.core.middleware.PasswordChangeRequiredMiddleware",
    # A plan target's figure is computed once per GET (core.metrics).
    "gonghui.core.metrics.MemoMiddleware",
    # Axes must come last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.navigation",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on busy_timeout instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gonghui.core.backends.UsernameOrMobileBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Django's, with the error message its zh-hans catalogue lacks (core.password_validators).
    {"NAME": "gonghui.core.password_validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

# django-axes: lock a username from one address after 5 failures for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
# Failures are counted per account, whichever identifier (username or mobile) was typed; an
# identifier that names no account is counted under itself (core.backends.lockout_key).
AXES_USERNAME_CALLABLE = "gonghui.core.backends.lockout_key"
# Granting roles, resetting a password, full ID/mobile numbers: the password again unless
# given within this many minutes (core.sudo; logging in counts).
GONGHUI_SUDO_MINUTES = float(os.environ.get("GONGHUI_SUDO_MINUTES", "15"))
# A one-time password (a chair's 重置密码, the login opened at 入会 approval) logs in until the
# end of this many days after the day it was issued; then the chair issues a new one
# (core.backends.one_time_password_expires). 7 is a house default: a week covers handing the
# slip over across a weekend, and nothing in the regulations sets a period.
GONGHUI_ONE_TIME_PASSWORD_DAYS = int(os.environ.get("GONGHUI_ONE_TIME_PASSWORD_DAYS", "7"))
# The applicant's status page (/join/<code>/status/): failed look-ups per address per hour,
# counted in the cache (per process with the default local-memory cache).
GONGHUI_JOIN_STATUS_LIMIT = int(os.environ.get("GONGHUI_JOIN_STATUS_LIMIT", "5"))

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# --- security ---------------------------------------------------------------
HTTPS = env_flag("GONGHUI_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Behind nginx, which terminates TLS and sets this header (docs/deployment.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "gonghui.core.views.csrf_failure"
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# --- e-mail (reminders; docs/reminders.md) -------------------------------------------
EMAIL_HOST = os.environ.get("GONGHUI_SMTP_HOST", "").strip()
EMAIL_PORT = int(os.environ.get("GONGHUI_SMTP_PORT", "465"))
EMAIL_HOST_USER = os.environ.get("GONGHUI_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GONGHUI_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_flag("GONGHUI_SMTP_TLS")
# Django refuses SSL and STARTTLS together; STARTTLS, when asked for, wins.
EMAIL_USE_SSL = env_flag("GONGHUI_SMTP_SSL", default=True) and not EMAIL_USE_TLS
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = (
    os.environ.get("GONGHUI_MAIL_FROM", "") or EMAIL_HOST_USER or "webmaster@localhost"
)
GONGHUI_SITE_URL = os.environ.get("GONGHUI_SITE_URL", "").strip()

# Plan targets' figures (core.metrics) are kept in the cache, keyed by the audit chain's head
# so that any write through a service recomputes them. Off in tests: a test that writes rows
# by hand, without a service, would otherwise read a figure from before.
GONGHUI_METRICS_CACHE_SECONDS = (
    0 if TESTING else int(os.environ.get("GONGHUI_METRICS_CACHE_SECONDS", "600"))
)

# --- uploads waiting for 确认导入 (core.uploads; docs/deployment.md) --------------------
# The largest file each kind of upload takes, in MB: the one place that knows them. The
# form says so in Chinese when a file is larger; nginx's client_max_body_size must be above
# the largest, or nginx refuses first with an English page. A 100,000-row roster is about
# 8 MB as .xlsx; a payroll list or a plan document is far smaller.
UPLOAD_LIMITS_MB = {"roster": 30, "dues_payments": 10, "dues_bases": 10, "plan": 10}
# How long an uploaded file waits in the database between its preview and 确认导入.
# Rosters and payroll lists hold ID numbers and wages: they are kept no longer than this.
UPLOAD_PENDING_HOURS = float(os.environ.get("GONGHUI_UPLOAD_PENDING_HOURS", "2"))

# --- large downloads written in the background (core.prepared) -----------------------------
# A member export of more rows than this is written in a background thread and offered for
# download when ready (200,000 rows take about half a minute; gunicorn ends a request at
# 30 s). The file waits in the database as long as a pending upload may.
EXPORT_BACKGROUND_ROWS = int(os.environ.get("GONGHUI_EXPORT_BACKGROUND_ROWS", "20000"))
PREPARED_FILE_HOURS = float(os.environ.get("GONGHUI_PREPARED_FILE_HOURS", "2"))
# Tests run each test in one transaction a second connection cannot see: the file is
# written when that transaction would commit, in the same thread.
PREPARE_IN_BACKGROUND = not TESTING

# --- what an upload may unpack to (core.zipguard, core.sheetguard; docs/architecture.md) ----
# .xlsx, .ods and .docx files are zip archives, and python-calamine, python-docx and openpyxl
# inflate whatever they hold: a 1 MB file can unpack to gigabytes (OWASP File Upload Cheat
# Sheet: limit the unpacked size of archives). The 200,000-row roster the import is sized
# for (bench/import_members.py, a 25 MB .xlsx) unpacks to 250 MB.
UPLOAD_MAX_UNPACKED_MB = float(os.environ.get("GONGHUI_UPLOAD_MAX_UNPACKED_MB", "300"))
# Apache POI refuses a part over 100 KB that inflates more than 100 times (ZipSecureFile,
# MIN_INFLATE_RATIO 0.01); the sheets people save inflate about 10 times.
UPLOAD_MAX_RATIO = float(os.environ.get("GONGHUI_UPLOAD_MAX_RATIO", "100"))
# python-calamine holds a sheet as one rectangle from A1 to its last cell, some 80 bytes a
# cell, so two cells far apart in a 2 KB file would ask for hundreds of GB. Rows of a sheet
# or .csv, and rows × columns of that rectangle: the 200,000 × 19 roster fits (417 MB peak).
UPLOAD_MAX_ROWS = int(os.environ.get("GONGHUI_UPLOAD_MAX_ROWS", "250000"))
UPLOAD_MAX_CELLS = int(os.environ.get("GONGHUI_UPLOAD_MAX_CELLS", "5000000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
