#!/usr/bin/env bash
# Prepare the development environment.
#
#   scripts/bootstrap.sh [--dev] [--system]
#
#   --dev     also install the development extras (pytest, playwright, ruff, ...)
#   --system  make sure the Debian packages the tests need are present
#             (chromium, fonts-noto-cjk, postgresql, libreoffice-writer-nogui,
#             poppler-utils); installs them with apt-get when running as root, otherwise
#             says what to install.
#
# Creates .venv with python3 if missing and installs `-e .` (or '.[dev]', with uv, else pip) only when
# pyproject.toml is newer than the stamp file .venv/.installed (.venv/.installed-dev), so
# re-runs are fast. Safe to run any number of times.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

DEV=0
SYSTEM=0
for arg in "$@"; do
    case "$arg" in
        --dev) DEV=1 ;;
        --system) SYSTEM=1 ;;
        -h | --help)
            sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "未知参数：$arg（可用：--dev --system）" >&2
            exit 2
            ;;
    esac
done

# --- system packages (Debian) -------------------------------------------------
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
have_initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_venv() { command -v python3 >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null; }

if ((SYSTEM)); then
    missing=()
    # python3 + venv are needed to create .venv at all (usually present already).
    if ! have_venv; then missing+=(python3 python3-venv); fi
    if [[ ! -x /usr/bin/chromium ]]; then missing+=(chromium); fi
    if ! have_pkg fonts-noto-cjk; then missing+=(fonts-noto-cjk); fi
    if ! have_initdb; then missing+=(postgresql); fi
    # The documents are tested as printed: LibreOffice renders each .docx to PDF, poppler
    # (pdfinfo, pdftotext, pdftoppm) measures the pages (tests/documents/).
    if ! command -v soffice >/dev/null; then missing+=(libreoffice-writer-nogui); fi
    if ! command -v pdftoppm >/dev/null; then missing+=(poppler-utils); fi

    if ((${#missing[@]})); then
        if [[ $EUID -eq 0 ]]; then
            echo "正在安装系统软件包：${missing[*]}"
            apt-get update
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
        else
            echo "缺少系统软件包：${missing[*]}" >&2
            echo "请以 root 身份安装后重试：" >&2
            echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
            exit 1
        fi
    fi
fi

# --- virtualenv -----------------------------------------------------------------
VENV="$ROOT/.venv"
# Recreate the venv if it is missing or broken (e.g. python3 was upgraded underneath it).
if ! { [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import pip' 2>/dev/null; }; then
    if ! have_venv; then
        echo "无法创建虚拟环境：需要 python3 及 venv 模块。" >&2
        echo "请安装：apt-get install -y python3 python3-venv（或运行 scripts/bootstrap.sh --system）" >&2
        exit 1
    fi
    echo "正在创建虚拟环境 .venv ..."
    rm -rf "$VENV"
    python3 -m venv "$VENV"
fi

# --- python packages --------------------------------------------------------------
export PIP_DISABLE_PIP_VERSION_CHECK=1
if ((DEV)); then
    stamp="$VENV/.installed-dev"
    target='.[dev]'
else
    # A current dev install already contains everything the plain install has.
    if [[ -f "$VENV/.installed-dev" && ! pyproject.toml -nt "$VENV/.installed-dev" ]]; then
        stamp="$VENV/.installed-dev"
    else
        stamp="$VENV/.installed"
    fi
    target='.'
fi

# uv resolves and downloads in parallel: a fresh install takes ~10 s instead of ~100 s
# with pip. pip installs uv itself (one wheel) and remains the fallback when uv cannot be
# had or fails; both install the same versions (pyproject.toml's ranges, newest first).
install_deps() {
    if [[ ! -x "$VENV/bin/uv" ]]; then
        "$VENV/bin/python" -m pip install --quiet uv >/dev/null 2>&1 || true
    fi
    if [[ -x "$VENV/bin/uv" ]] &&
        "$VENV/bin/uv" pip install --quiet --python "$VENV/bin/python" -e "$1"; then
        return 0
    fi
    echo "uv 不可用，改用 pip 安装 ..."
    "$VENV/bin/python" -m pip install --quiet -e "$1"
}

if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
    echo "正在安装 Python 依赖（-e '$target'）..."
    install_deps "$target"
    touch "$stamp"
    # The dev install is a superset of the plain one.
    if ((DEV)); then touch "$VENV/.installed"; fi
fi
