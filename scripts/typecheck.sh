#!/usr/bin/env bash
# mypy (with django-stubs) over every app's services and queries: the layers every page,
# command and API call goes through. Run by `make lint` and `make test`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

targets=()
for path in src/gonghui/*/services.py src/gonghui/*/services_*.py src/gonghui/*/services \
    src/gonghui/*/queries.py src/gonghui/*/queries_*.py src/gonghui/*/queries; do
    if [[ -e "$path" ]]; then targets+=("$path"); fi
done
# django-stubs imports the settings, which want a secret key outside tests.
GONGHUI_TESTING=1 "$ROOT/.venv/bin/mypy" "${targets[@]}"
