#!/usr/bin/env bash
# Run the site locally with gunicorn on http://127.0.0.1:$PORT (default 8000).
#
# Keeps everything in var/: the SQLite database, the generated SECRET_KEY
# (var/secret_key, created on first start) and the collected static files.
# Loads the demo data into an empty database. Set DATABASE_URL to use another database.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

bash scripts/bootstrap.sh

export VIRTUAL_ENV="$ROOT/.venv"
export PATH="$VIRTUAL_ENV/bin:$PATH"
PORT="${PORT:-8000}"

mkdir -p var

# Generate the secret key once; it must survive restarts or every session is lost.
if [[ ! -s var/secret_key ]]; then
    echo "正在生成 SECRET_KEY（var/secret_key）"
    (
        umask 077
        python -c 'import secrets; print(secrets.token_urlsafe(50))' >var/secret_key.tmp
        mv var/secret_key.tmp var/secret_key
    )
fi
chmod 600 var/secret_key

SECRET_KEY="$(<var/secret_key)"
export SECRET_KEY
export GONGHUI_DATA_DIR="$ROOT/var"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/var/gonghui.sqlite3}"

gonghui migrate --noinput
gonghui demo --if-empty
gonghui collectstatic --noinput -v0

echo
echo "站点地址：http://127.0.0.1:$PORT"
echo "演示账号："
gonghui demo --logins
echo "按 Ctrl-C 停止。"
echo

exec gunicorn gonghui.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --access-logfile -
