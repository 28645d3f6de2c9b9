#!/usr/bin/env bash
# Lint (ruff; mypy beside the tests), then run the whole test suite twice: on SQLite and on a
# throwaway PostgreSQL.
#
#   scripts/test.sh [pytest args...]      e.g. scripts/test.sh tests/orgs -x
#
# Environment:
#   PYTEST_WORKERS   pytest-xdist workers (default 2; 0 = run in one process)
#   GONGHUI_PG_PORT  port of the throwaway PostgreSQL (default 55432)
#   SKIP_LINT=1      skip ruff and mypy
#   TEST_LEGS=parallel    run the two legs side by side (default: PostgreSQL after SQLite)
#
# Both legs always run; the exit status is non-zero if ruff or either leg failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

bash scripts/bootstrap.sh --dev --system

# Some images set PYTHONDONTWRITEBYTECODE=1 (this one does). Then every Python process of the
# run (each pytest-xdist worker, each `gonghui` command a test starts) compiles every module
# it imports again: 2 of the 4 s a `gonghui` command took to start. Let the run keep
# __pycache__ (git ignores it; `make clean` removes it).
unset PYTHONDONTWRITEBYTECODE

export VIRTUAL_ENV="$ROOT/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
# The app's backup command calls pg_dump/pg_restore: use the server's own version.
PG_BINDIR="$(bash scripts/pg.sh bindir)"
export PATH="$PG_BINDIR:$PATH"

# Same environment for both legs; DATABASE_URL is set only for the PostgreSQL leg.
unset DATABASE_URL
export GONGHUI_TESTING=1
export GONGHUI_DATA_DIR="$ROOT/var"
mkdir -p "$GONGHUI_DATA_DIR"

# Stop PostgreSQL however we leave (success, failure, Ctrl-C).
pg_started=0
cleanup() {
    if [[ -n "${tpl_pid:-}" ]]; then
        kill "$tpl_pid" 2>/dev/null || true
        wait "$tpl_pid" 2>/dev/null || true
    fi
    if [[ -n "${mypy_pid:-}" ]]; then
        kill "$mypy_pid" 2>/dev/null || true
        wait "$mypy_pid" 2>/dev/null || true
    fi
    if [[ -n "${pg_pid:-}" ]]; then
        pkill -TERM -P "$pg_pid" 2>/dev/null || true
        kill "$pg_pid" 2>/dev/null || true
        wait "$pg_pid" 2>/dev/null || true
    fi
    if ((pg_started)); then
        bash scripts/pg.sh stop || true
    fi
}
trap cleanup EXIT
trap 'echo "已中断" >&2; exit 130' INT
trap 'exit 143' TERM

# --- ruff -------------------------------------------------------------------------
lint_result="跳过"
lint_failed=0
mypy_pid=""
mypy_log="$GONGHUI_DATA_DIR/test-mypy.log"
if [[ "${SKIP_LINT:-0}" != 1 ]]; then
    dirs=()
    for d in src tests bench; do
        if [[ -d "$d" ]]; then dirs+=("$d"); fi
    done
    lint_result="通过"
    if ((${#dirs[@]})); then
        echo "== ruff check ${dirs[*]} =="
        ruff check "${dirs[@]}" || lint_failed=1
        echo "== ruff format --check ${dirs[*]} =="
        ruff format --check "${dirs[@]}" || lint_failed=1
    fi
    # mypy takes a core for about 12 s on a clean clone: it runs beside the tests, which
    # leave a core idle at times, and its output is printed after theirs.
    echo "== mypy (services, queries)：与测试同时运行，结果在测试之后打印 =="
    bash scripts/typecheck.sh >"$mypy_log" 2>&1 &
    mypy_pid=$!
fi

# --- pytest -------------------------------------------------------------------------
pytest_cmd=(python -m pytest -p no:cacheprovider)
workers="${PYTEST_WORKERS:-2}"
if [[ "$workers" != 0 ]] && python -c 'import xdist' 2>/dev/null; then
    pytest_cmd+=(-n "$workers")
fi

describe() { # exit status -> 通过/失败
    case "$1" in
        0) echo "通过" ;;
        5) echo "失败（没有收集到测试）" ;;
        *) echo "失败（退出码 $1）" ;;
    esac
}

# The PostgreSQL leg runs after the SQLite one. Side by side (TEST_LEGS=parallel, output kept
# in a file and printed after SQLite's) they took longer on this 2-core machine: the base's
# test files took 514 s side by side and 450 s one after the other, in the same hour, four
# workers and the PostgreSQL server fighting for two cores. While the SQLite leg runs, the
# PostgreSQL leg's template database is made in the background (tests/template_db.py): the
# SQLite leg's first half minute leaves a core idle while one worker migrates.
pg_rc=0
pg_pid=""
tpl_pid=""
pg_log="$GONGHUI_DATA_DIR/test-postgresql.log"
tpl_log="$GONGHUI_DATA_DIR/test-postgresql-template.log"
run_pg_leg() {
    DATABASE_URL="$(bash scripts/pg.sh url)" GONGHUI_DATA_DIR="$GONGHUI_DATA_DIR/pg-leg" \
        "${pytest_cmd[@]}" "$@"
}
mkdir -p "$GONGHUI_DATA_DIR/pg-leg"
pg_started=1
if ! bash scripts/pg.sh start; then
    pg_rc=1
    pg_result="失败（PostgreSQL 无法启动）"
elif [[ "${TEST_LEGS:-sequential}" == parallel ]]; then
    echo "PostgreSQL 测试在后台同时运行，输出见 $pg_log，SQLite 测试结束后打印。"
    run_pg_leg "$@" >"$pg_log" 2>&1 &
    pg_pid=$!
else
    DATABASE_URL="$(bash scripts/pg.sh url)" GONGHUI_DATA_DIR="$GONGHUI_DATA_DIR/pg-leg" \
        python -m tests.template_db >"$tpl_log" 2>&1 &
    tpl_pid=$!
fi

echo
echo "========== SQLite =========="
sqlite_rc=0
"${pytest_cmd[@]}" "$@" || sqlite_rc=$?
sqlite_result="$(describe "$sqlite_rc")"

echo
echo "========== PostgreSQL =========="
if [[ -n "$pg_pid" ]]; then
    wait "$pg_pid" || pg_rc=$?
    pg_pid=""
    cat "$pg_log"
    pg_result="$(describe "$pg_rc")"
elif ((pg_rc == 0)); then
    if [[ -n "$tpl_pid" ]]; then
        # Its failure is not the leg's: the leg's first worker then migrates itself.
        wait "$tpl_pid" || { echo "（PostgreSQL 模板库未能预先建立，由测试自行迁移）"; cat "$tpl_log"; }
        tpl_pid=""
    fi
    run_pg_leg "$@" || pg_rc=$?
    pg_result="$(describe "$pg_rc")"
fi
if [[ -n "$mypy_pid" ]]; then
    echo
    echo "========== mypy =========="
    mypy_rc=0
    wait "$mypy_pid" || mypy_rc=$?
    mypy_pid=""
    cat "$mypy_log"
    if ((mypy_rc)); then lint_failed=1; fi
fi
if ((lint_failed)); then lint_result="失败"; fi
cleanup
pg_started=0

echo
echo "========== 测试结果 =========="
echo "Ruff+mypy:  $lint_result"
echo "SQLite:     $sqlite_result"
echo "PostgreSQL: $pg_result"

if ((lint_failed || sqlite_rc || pg_rc)); then
    exit 1
fi
echo "全部通过。"
