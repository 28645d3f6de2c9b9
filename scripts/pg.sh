#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (never for real data).
#
#   scripts/pg.sh start    initialise the cluster if needed and start it (idempotent)
#   scripts/pg.sh stop     stop it (fine if it is not running)
#   scripts/pg.sh url      print the connection URL
#   scripts/pg.sh status   say whether it is running
#   scripts/pg.sh bindir   print the PostgreSQL bin directory (pg_dump, pg_restore, psql)
#   scripts/pg.sh destroy  stop it and delete the cluster
#
# The cluster lives in var/pg/data, listens on 127.0.0.1 only (port $GONGHUI_PG_PORT,
# default 55432), keeps its socket inside the data directory, trusts every local
# connection and has the superuser `gonghui`. initdb refuses to run as root, so as root
# everything runs as the `postgres` user (runuser), which then owns var/pg.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PORT="${GONGHUI_PG_PORT:-55432}"
DB_USER=gonghui

die() {
    echo "pg.sh: $*" >&2
    exit 1
}

[[ "$PORT" =~ ^[0-9]+$ ]] || die "GONGHUI_PG_PORT 必须是端口号：$PORT"

# Highest installed PostgreSQL version under /usr/lib/postgresql/*/bin.
find_bindir() {
    local initdb
    initdb="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)"
    [[ -n "$initdb" ]] || die "未找到 PostgreSQL（/usr/lib/postgresql/*/bin/initdb）。请运行 scripts/bootstrap.sh --system 或 apt-get install postgresql"
    dirname "$initdb"
}

is_root() { [[ $EUID -eq 0 ]]; }

# Run a command as the cluster owner: `postgres` when we are root, otherwise ourselves.
# cd / first so the server never trips over a working directory it cannot read.
as_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# Candidate base directories: var/pg in the repository, or a per-checkout directory in
# /tmp when var/pg is unusable (postgres cannot reach it, or the socket path would be too
# long or the path contains characters we do not want to quote).
PRIMARY_BASE="$ROOT/var/pg"
FALLBACK_BASE="/tmp/gonghui-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)"

primary_usable() {
    local data="$PRIMARY_BASE/data"
    [[ "$data" =~ ^[A-Za-z0-9._/-]+$ ]] || return 1
    # Unix socket paths are limited to 107 bytes.
    ((${#data} + ${#PORT} + 10 < 100)) || return 1
    if is_root; then
        mkdir -p "$ROOT/var"
        if ! runuser -u postgres -- test -x "$ROOT/var"; then
            # var/ belongs to this checkout: let others traverse it (o+x, not list or read).
            chmod o+x "$ROOT/var"
            runuser -u postgres -- test -x "$ROOT/var" || return 1
        fi
    fi
    return 0
}

choose_base() {
    if primary_usable; then
        BASE="$PRIMARY_BASE"
    else
        BASE="$FALLBACK_BASE"
        echo "注意：var/pg 不可用（postgres 用户无法访问或路径过长），改用 $BASE" >&2
    fi
    DATA="$BASE/data"
    LOG="$BASE/server.log"
}

# True if process $1 exists and is not a zombie (a killed postmaster may linger as a
# zombie until something reaps it; that does not count as running).
pid_alive() {
    local state
    state="$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null || true)"
    [[ -n "$state" && "$state" != Z ]]
}

# PID of a live postmaster for data dir $1, or nothing. A stale postmaster.pid whose PID
# now belongs to another process (common in containers) does not count.
live_pid() {
    local pidfile="$1/postmaster.pid" pid
    [[ -f "$pidfile" ]] || return 0
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 0
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == postgres ]] || return 0
    pid_alive "$pid" || return 0
    echo "$pid"
}

cluster_ok() {
    local major="$1"
    [[ -f "$DATA/PG_VERSION" && -f "$DATA/postgresql.conf" && -d "$DATA/global" ]] || return 1
    [[ "$(cat "$DATA/PG_VERSION")" == "$major" ]] || return 1
    if is_root; then
        [[ "$(stat -c %U "$DATA")" == postgres ]] || return 1
    fi
}

init_cluster() {
    local bindir="$1"
    [[ "$BASE" == "$PRIMARY_BASE" || "$BASE" == "$FALLBACK_BASE" ]] || die "拒绝删除意外的目录：$DATA"
    rm -rf "$DATA"
    mkdir -p "$BASE"
    if is_root; then
        id postgres >/dev/null 2>&1 || die "没有 postgres 用户。请安装 postgresql（scripts/bootstrap.sh --system）"
        chown postgres: "$BASE"
    fi
    [[ "$(stat -c %U "$BASE")" == "$(is_root && echo postgres || id -un)" ]] || die "$BASE 的属主不对"
    chmod 700 "$BASE"
    echo "正在初始化 PostgreSQL 集群：$DATA"
    if ! as_owner "$bindir/initdb" -D "$DATA" -A trust -U "$DB_USER" -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$BASE/initdb.log" 2>&1; then
        cat "$BASE/initdb.log" >&2
        die "initdb 失败"
    fi
}

try_start() {
    local bindir="$1"
    # fsync & co. off: this cluster is disposable and speed matters more than durability.
    as_owner "$bindir/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "-p $PORT -k $DATA \
-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off" start >/dev/null
}

wait_ready() {
    local bindir="$1" i
    for ((i = 0; i < 60; i++)); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U "$DB_USER" -d postgres; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

cmd_start() {
    local bindir major
    bindir="$(find_bindir)"
    major="$(basename "$(dirname "$bindir")")"
    choose_base

    if [[ -n "$(live_pid "$DATA")" ]]; then
        wait_ready "$bindir" || die "PostgreSQL 进程存在但不响应（$LOG）"
        echo "PostgreSQL 已在运行：$(cmd_url)"
        return 0
    fi
    if port_in_use; then
        die "端口 $PORT 已被其他程序占用。请换一个端口，例如 GONGHUI_PG_PORT=55433"
    fi
    # Leftover lock files from a crash or container restart (no live postmaster uses this
    # data directory, and the socket directory is the data directory itself).
    rm -f "$DATA/postmaster.pid" "$DATA/.s.PGSQL.$PORT" "$DATA/.s.PGSQL.$PORT.lock"

    cluster_ok "$major" || init_cluster "$bindir"
    if ! try_start "$bindir"; then
        # A broken cluster is cheap to rebuild: re-initialise once and try again.
        echo "PostgreSQL 启动失败，重新初始化集群后重试……" >&2
        tail -n 20 "$LOG" >&2 || true
        init_cluster "$bindir"
        try_start "$bindir" || {
            tail -n 30 "$LOG" >&2 || true
            die "PostgreSQL 无法启动（日志：$LOG）"
        }
    fi
    wait_ready "$bindir" || die "PostgreSQL 未能就绪（日志：$LOG）"
    echo "PostgreSQL 已启动：$(cmd_url)"
}

# Stop the server of one data directory, making sure the postmaster is gone afterwards.
stop_data() {
    local bindir="$1" data="$2" pid i
    pid="$(live_pid "$data")"
    [[ -n "$pid" ]] || return 0
    if [[ -z "$bindir" ]] || ! as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null; then
        kill -INT "$pid" 2>/dev/null || true  # SIGINT = fast shutdown
    fi
    for ((i = 0; i < 100; i++)); do
        pid_alive "$pid" || break
        sleep 0.2
    done
    if pid_alive "$pid"; then
        kill -QUIT "$pid" 2>/dev/null || true  # immediate shutdown as a last resort
        sleep 1
    fi
    ! pid_alive "$pid" || die "无法停止 PostgreSQL（PID $pid）"
    # Give init a moment to reap it, so no <defunct> postgres is left in `ps` either.
    for ((i = 0; i < 20; i++)); do
        [[ -e "/proc/$pid" ]] || break
        sleep 0.1
    done
    echo "PostgreSQL 已停止"
}

cmd_stop() {
    local bindir
    # Without PostgreSQL installed there is nothing to stop via pg_ctl; stop_data falls
    # back to signalling the postmaster.
    bindir="$(find_bindir 2>/dev/null || true)"
    # Check both possible locations so stop never depends on what start decided.
    stop_data "$bindir" "$PRIMARY_BASE/data"
    stop_data "$bindir" "$FALLBACK_BASE/data"
}

cmd_status() {
    local d
    for d in "$PRIMARY_BASE/data" "$FALLBACK_BASE/data"; do
        if [[ -n "$(live_pid "$d")" ]]; then
            echo "PostgreSQL 正在运行：$d（$(cmd_url)）"
            return 0
        fi
    done
    echo "PostgreSQL 未运行"
    return 3
}

cmd_destroy() {
    cmd_stop
    rm -rf "$PRIMARY_BASE" "$FALLBACK_BASE"
}

cmd_url() { echo "postgres://$DB_USER@127.0.0.1:$PORT/postgres"; }

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    url) cmd_url ;;
    status) cmd_status ;;
    bindir) find_bindir ;;
    destroy) cmd_destroy ;;
    *)
        echo "用法：scripts/pg.sh start|stop|url|status|bindir|destroy" >&2
        exit 2
        ;;
esac
