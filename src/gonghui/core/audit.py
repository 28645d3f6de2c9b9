"""The audit trail: append-only entries chained by SHA-256.

Every service write calls :func:`record` inside its own transaction. Each entry's hash
covers its content and the previous entry's hash, so changing or removing any entry
breaks the chain at that point; :func:`verify` walks the chain and names the first break.
Writers serialise on the single ``AuditHead`` row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite's IMMEDIATE transactions already serialise writers), so the chain never forks.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
NEVER_RECORDED = frozenset({"password", "last_login"})


def _plain(value: Any) -> Any:
    """Turn a field value into a JSON value that survives a round trip through the database."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The recordable field values of a model instance (foreign keys as ids)."""
    return {
        f.attname: _plain(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.name not in NEVER_RECORDED
    }


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list]:
    before, after = before or {}, after or {}
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "at": _plain(entry.at),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "union": entry.union_id,
        "changes": entry.changes,
        "prev": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def _union_of(obj: models.Model):
    from gonghui.orgs.models import Union

    if isinstance(obj, Union):
        return obj.pk
    return getattr(obj, "union_id", None)


def _mask(model, changes: dict[str, list]) -> dict[str, list]:
    """Personal numbers a model lists in ``AUDIT_MASKED`` enter the trail masked: the trail
    says that a number changed without becoming a second copy of it (PIPL)."""
    from gonghui.members.idcard import mask_value

    masked = getattr(model, "AUDIT_MASKED", ())
    return {
        k: [mask_value(k, a), mask_value(k, b)] if k in masked else [a, b]
        for k, (a, b) in changes.items()
    }


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    changes: dict[str, list] | None = None,
    union_id: int | None = None,
) -> AuditEntry:
    """Append one entry. ``before`` is a :func:`snapshot` taken before the change (None for a
    creation); the entry stores only the fields that changed. Pass ``changes`` instead for
    an action that is not a plain field change (a reveal, an export)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the service's transaction")
    if changes is None:
        changes = diff(before, snapshot(obj))
    changes = _mask(type(obj), changes)
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditHead.objects.create(pk=1, last_hash=GENESIS, count=0)
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=(str(actor.username) if getattr(actor, "pk", None) else "系统"),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        union_id=union_id if union_id is not None else _union_of(obj),
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()},
        prev_hash=head.last_hash,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    AuditHead.objects.filter(pk=1).update(last_hash=entry.hash, count=head.count + 1)
    return entry


@dataclass
class VerifyResult:
    ok: bool
    count: int
    broken: AuditEntry | None = None
    reason: str = ""


def verify(*, chunk: int = 2000) -> VerifyResult:
    """Walk the whole chain in id order; stop at the first entry that does not check out."""
    prev = GENESIS
    count = 0
    entry = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk):
        if entry.prev_hash != prev:
            return VerifyResult(False, count, entry, "与上一条记录的链接断开（前一条被删除或改动）")
        if entry_hash(entry) != entry.hash:
            return VerifyResult(False, count, entry, "内容与哈希不符（记录被改动）")
        prev = entry.hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_hash != prev or head.count != count):
        return VerifyResult(
            False, count, entry, f"链头记录为 {head.count} 条，实有 {count} 条（末尾记录被删除）"
        )
    return VerifyResult(True, count)
