"""The audit trail: append-only entries chained by SHA-256.

Every service write calls :func:`record` inside its own transaction. Each entry's hash
covers its content and the previous entry's hash, so changing or removing any entry
breaks the chain at that point; :func:`verify` walks the chain and names the first break.
Writers serialise on the single ``AuditHead`` row (``SELECT … FOR UPDATE`` on PostgreSQL;
SQLite's IMMEDIATE transactions already serialise writers), so the chain never forks.

Actions are typed: each app registers its actions with their Chinese labels in
``AppConfig.ready()`` (:func:`register_actions`) and :func:`record` refuses any other. The
keys an entry's ``changes`` carry are model fields (labelled by their ``verbose_name``) or
keys a service chose (labelled with :func:`register_fields`); :func:`describe` turns entries
into what the audit pages show.
"""

import datetime
import decimal
import hashlib
import json
import re
import uuid
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from .masks import PERSONAL_MASKS
from .models import AuditEntry, AuditHead

GENESIS = "0" * 64
NEVER_RECORDED = frozenset({"password", "last_login"})

# --- the registry: actions, and labels of what entries record ---------------------------

ACTIONS: dict[str, str] = {}  # action → Chinese label, e.g. "union.move" → "调整隶属关系"
AREAS: dict[str, str] = {}  # action → the area of work that registered it (the app's name)
# Labels of change keys that are not a model field with a Chinese verbose_name, per model
# label ("orgs.union") or for any model (None); likewise the keys never shown, and how a
# value is shown when the field alone does not say ("money", "percent", "month", "plain"
# or a function of the stored value).
_LABELS: dict[str | None, dict[str, str]] = {}
_HIDDEN: dict[str | None, set[str]] = {}
_SHOWN_AS: dict[str | None, dict[str, str | Callable[[Any], str]]] = {}
SHOWN_AS_KINDS = frozenset({"money", "percent", "month", "plain"})


class UnregisteredAction(ValueError):
    """``record()`` was given an action no app registered: a programming error."""


def register_actions(labels: Mapping[str, str], *, area: str = "其他") -> None:
    """Register audit actions with their Chinese labels; call once per app from
    ``AppConfig.ready()``, with ``area=self.verbose_name`` (the 操作 filter groups by it)::

        audit.register_actions({"member.create": "添加会员", ...}, area=self.verbose_name)
    """
    for action, label in labels.items():
        if ACTIONS.get(action, label) != label:
            raise ImproperlyConfigured(
                f"audit action {action!r} registered twice: {ACTIONS[action]!r} and {label!r}"
            )
        ACTIONS[action] = label
        AREAS[action] = area


def register_fields(
    labels: Mapping[str, str] | None = None,
    *,
    model: str | None = None,
    hidden: Iterable[str] = (),
    shown_as: Mapping[str, str | Callable[[Any], str]] | None = None,
) -> None:
    """Chinese labels for change keys of ``model`` ("app.model"; None: of any model) that are
    not a field with a Chinese ``verbose_name`` — keys a service puts in ``changes``
    (``"filename"``) or fields named in English. ``hidden`` keys are never shown (search
    columns, replay keys); ``shown_as`` says how a value reads (``"money"``, ``"percent"``,
    ``"month"``, ``"plain"`` or a function of the stored value)."""
    if model is not None:
        model = model.lower()
    _LABELS.setdefault(model, {}).update(labels or {})
    _HIDDEN.setdefault(model, set()).update(hidden)
    for key, kind in (shown_as or {}).items():
        if not callable(kind) and kind not in SHOWN_AS_KINDS:
            raise ImproperlyConfigured(f"audit field {model}.{key}: unknown kind {kind!r}")
        _SHOWN_AS.setdefault(model, {})[key] = kind


def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


_CJK = re.compile(r"[\u3400-\u9fff]")


@cache
def _fields(object_type: str) -> dict[str, models.Field]:
    """The concrete fields of a model label by the name snapshots use (``attname``)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


def hidden(object_type: str, key: str) -> bool:
    return (
        key in _HIDDEN.get(object_type, ())
        or key in _HIDDEN.get(None, ())
        or key in _generic_ids(object_type)
    )


@cache
def _generic_ids(object_type: str) -> frozenset[str]:
    """The id column of a record that points at a row of any table (a 落实记录's
    ``object_id`` beside its ``content_type``): a row number, internal; the entry names the
    object by its label."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return frozenset()
    names = {f.name for f in model._meta.concrete_fields}
    generic = {f.fk_field for f in model._meta.private_fields if isinstance(f, GenericForeignKey)}
    typed = any(
        f.is_relation and f.related_model is ContentType for f in model._meta.concrete_fields
    )
    return frozenset(generic | ({"object_id"} & names if typed else set()))


def field_label(object_type: str, key: str) -> str | None:
    """The Chinese label of one change key, or None when nothing names it in Chinese: the
    field's ``verbose_name``, a label registered for the model or for any model, the
    verbose_name of the model a foreign key points to, or a key that is Chinese itself."""
    field = _fields(object_type).get(key)
    if field is not None and _CJK.search(str(field.verbose_name)):
        return str(field.verbose_name)
    for scope in (object_type, None):
        if key in _LABELS.get(scope, {}):
            return _LABELS[scope][key]
    if field is not None and field.is_relation:
        return str(field.related_model._meta.verbose_name)
    return key if _CJK.search(key) else None


def _check_labels(object_type: str, changes: Mapping[str, Any]) -> None:
    for key in changes:
        if not hidden(object_type, key) and field_label(object_type, key) is None:
            warnings.warn(
                f"audit field without a label: {object_type}.{key} — give it a Chinese "
                "verbose_name or register it with audit.register_fields()",
                RuntimeWarning,
                stacklevel=3,
            )


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
    from gonghui.core.masks import mask_value

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
    if action not in ACTIONS:
        raise UnregisteredAction(
            f"audit action {action!r} is not registered: add it with its Chinese label to "
            "audit.register_actions() in its app's AppConfig.ready()"
        )
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the service's transaction")
    if changes is None:
        changes = diff(before, snapshot(obj))
    changes = _mask(type(obj), changes)
    _check_labels(obj._meta.label_lower, changes)
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


# --- reading the trail: what the audit pages show ---------------------------------------


@dataclass(frozen=True)
class ShownChange:
    label: str
    before: str | None
    after: str | None


_UTC_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)$")
_RATIO_WORDS = re.compile("比例|比率|率")
_LIST_SHOWN = 20


def _kind(object_type: str, key: str, field: models.Field | None):
    for scope in (object_type, None):
        kind = _SHOWN_AS.get(scope, {}).get(key)
        if kind is not None:
            return kind
    if isinstance(field, models.DecimalField):
        if field.decimal_places >= 4 or _RATIO_WORDS.search(str(field.verbose_name)):
            return "percent"
        if field.decimal_places == 2:
            return "money"
    return None


def _decimal(value) -> decimal.Decimal | None:
    try:
        return decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return None


def _local_time(text: str) -> str:
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _show(value, field: models.Field | None, kind, names: Mapping) -> str | None:
    """One stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if callable(kind):
        return kind(value)
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return "、".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if field is not None and field.is_relation:
        return names.get((field.related_model, value)) or f"编号 {value}"
    if kind in ("money", "percent") and (amount := _decimal(value)) is not None:
        if kind == "money":
            return f"{amount:,.2f} 元"
        return f"{format((amount * 100).normalize(), 'f')}%"
    if kind == "month" and isinstance(value, str):
        return value[:7]
    if isinstance(value, str) and _UTC_ISO.match(value):
        return _local_time(value)
    if isinstance(value, list):
        shown = "、".join(_show(v, None, None, names) or "（空）" for v in value[:_LIST_SHOWN])
        extra = len(value) - _LIST_SHOWN
        return f"{shown}……等 {len(value)} 项" if extra > 0 else shown
    if isinstance(value, dict):
        return "；".join(
            f"{k}：{_show(v, None, None, names) or '（空）'}" for k, v in value.items()
        )
    return str(value)


def _names(entries: list) -> dict:
    """The names of everything the entries' foreign keys point to, one query per model."""
    wanted: dict[type[models.Model], set] = {}
    for entry in entries:
        fields = _fields(entry.object_type)
        for key, pair in entry.changes.items():
            field = fields.get(key)
            if field is not None and field.is_relation and not field.choices:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in pair if v is not None and not isinstance(v, list | dict)
                )
    names = {}
    for model, pks in wanted.items():
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


@cache
def object_kind(object_type: str) -> str:
    """The Chinese name of an entry's object type (``orgs.member`` → 会员)."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


def current_object(object_type: str, object_id: str) -> models.Model | None:
    """The object an entry is about as it stands now, if it still exists."""
    try:
        model = apps.get_model(object_type)
        return model._base_manager.filter(pk=object_id).first()
    except (LookupError, ValueError, TypeError):
        return None


def _masked(value, mask: Callable[[Any], str]):
    """A personal value as an audit page shows it. Only numbers and dates are masked: a
    reveal entry's "已查看完整号码" is words, not a number."""
    if isinstance(value, str) and value.isascii():
        return mask(value) or None
    return value


def describe(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries, each given ``shown`` — its changes as the audit pages show them: field
    labels in Chinese, in the model's field order, hidden columns left out, 是/否, choices
    by their labels, money in 元, ratios in %, times in local time, foreign keys by name,
    personal fields masked (``core.masks.PERSONAL_MASKS``, by field name: a member's, an
    applicant's or an account's ID number, mobile and birth date, whoever reads — a full
    number is an audited reveal on the member's page, never a page of the trail; a number
    that entered the trail under an older, wider mask reads under today's) — ``only_new``
    (nothing had a value before: a creation reads as a list of values) and ``object_kind``."""
    entries = list(entries)
    names = _names(entries)
    for entry in entries:
        fields = _fields(entry.object_type)
        order = {key: i for i, key in enumerate(fields)}
        shown = []
        for key, (before, after) in entry.changes.items():
            if hidden(entry.object_type, key):
                continue
            field = fields.get(key)
            kind = _kind(entry.object_type, key, field)
            values = (before, after)
            mask = PERSONAL_MASKS.get(key)
            if mask is not None:  # the mask is the whole of how it reads
                values, field, kind = (_masked(before, mask), _masked(after, mask)), None, None
            change = ShownChange(
                label=field_label(entry.object_type, key) or key,
                before=_show(values[0], field, kind, names),
                after=_show(values[1], field, kind, names),
            )
            # "" → None and the like: nothing to say; but a value that changed within its
            # mask (a birth date corrected within the year) changed.
            if change.before != change.after or (mask and (before or None) != (after or None)):
                shown.append((order.get(key, len(order)), change))
        # Service-chosen keys keep their recorded order after the model's fields.
        entry.shown = [change for _, change in sorted(shown, key=lambda pair: pair[0])]
        entry.only_new = all(change.before is None for change in entry.shown)
        entry.object_kind = object_kind(entry.object_type)
    return entries


def choice_names(choices) -> Callable[[Any], str]:
    """A ``shown_as`` function for values that are codes of ``choices`` (a TextChoices class
    or pairs) but not stored in a field that has them — e.g. a list of wage items."""
    names = dict(choices.choices if hasattr(choices, "choices") else choices)

    def shown(value) -> str:
        values = value if isinstance(value, list) else [value]
        return "、".join(str(names.get(v, v)) for v in values)

    return shown


# --- histories of objects written in bulk -------------------------------------------------

# A bulk write (the roster import) records one entry for its whole batch, not one per row.
# An app says, for an object type, which batch objects concern one object — a function of
# the object id returning (object type, object id) pairs — and that object's history
# (``queries.object_history``) shows the batches' entries with its own.
_BATCHES: dict[str, Callable[[str], Iterable[tuple[str, str]]]] = {}


def register_batches(object_type: str, batches: Callable[[str], Iterable[tuple[str, str]]]):
    """Register, from ``AppConfig.ready()``, where the batch entries of ``object_type`` are."""
    _BATCHES[object_type] = batches


def history_filter(object_type: str, object_id: str) -> models.Q:
    """The entries of one object's history: its own and those of the batches that wrote it."""
    q = models.Q(object_type=object_type, object_id=object_id)
    batches = _BATCHES.get(object_type)
    for batch_type, batch_id in batches(object_id) if batches else ():
        q |= models.Q(object_type=batch_type, object_id=str(batch_id))
    return q
