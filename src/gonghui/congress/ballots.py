"""The secret-ballot core: every secret vote held at a congress sitting goes through here.

Motions (表决), democratic evaluations (民主评议) and committee elections (选举) — and the
votes later modules add (awards, 满意度 surveys) — are one machine::

    draft ──open──► open ──close──► closed          electronic: sealed, opened at the close
                      └───paper───► closed | void    paper: the counters' figures
    void ──revote──► a new draft item, the same question again

A kind of vote is described once by a :class:`BallotBox` (its models and its words; the
three of the congress are at the end of this file). Its services check the actor, then call
one step of the box inside their own ``@transaction.atomic``; each step locks the item row,
checks the state, writes, and records its one audit entry ``<kind>.<step>``:

=====================================================  ========================================
``box.open(actor=, item=, check=None, pin="")``        quorum; fixes seated/present (and the
                                                       ratios); ``check(item)`` is the kind's
                                                       own rule (an election's 差额); the
                                                       sealed urn of an electronic vote
``voter = box.voter(actor=, item=)``                   the representative in person, the voter
                                                       rule; returns the cleared :class:`Voter`
``box.cast(voter, Sheet(fields=, lines=))``            the mark and the sealed ballot
``box.close(actor=, item=, pin="")``                   electronic only: the urn opened, the
                                                       ballots written shuffled, results shown
``box.paper(actor=, item=, figures=, enter=)``         the counters' :class:`Figures`;
                                                       ``enter(item, valid)`` checks and stores
                                                       the kind's counts, returns extra audit
                                                       changes
``box.revote(actor=, item=, again=)``                  a VOID item voted again: ``again(item,
                                                       sitting)`` makes the new item
``box.refusal(rep, item)``, ``has_voted``,             reads for pages and 待办
``voted_ids``, ``marks_count``
=====================================================  ========================================

What the models of a kind must look like (``docs/congress-votes.md``, "The secret-ballot
core"): the *item* has ``sitting``, ``status`` (draft/open/closed, and void if a paper count
can be void), ``on_paper``, ``seated``, ``present``, ``opened_at``, ``closed_at``,
``issued``, ``returned``, ``invalid``, ``scrutineers`` (and ``quorum``/``majority`` when its
result needs the ratios of the moment it opened); the *ballot* has a random UUID key, a
foreign key to the item named after the item's model (``poll``) and what the ballot says,
never a voter or a time; optional *lines* hang on the ballot by a foreign key ``ballot``
(random UUID keys too: a serial key keeps the order of casting), and then the box needs
``most_lines(item)``, the most lines one ballot can have; the *mark* has a UUID key, the
item, ``representative``, nothing else, and a unique constraint on the two. A box whose
models break this is refused when it is made (``ImproperlyConfigured`` at import).

For a kind's own steps the core also lends :meth:`BallotBox.lock` (an election's run-off),
:func:`open_sitting` (a new item at a sitting that has not closed) and :func:`count` (one
figure of a paper count).

Secrecy: the mark and the ballot are written in one transaction under the item's row lock;
the unique mark stops a second ballot, also under concurrent requests; the audit entry says
that the representative voted, never how. While the vote is open the ballot is no row at
all: it is sealed (``congress/sealing.py``) to the vote's own public key, padded to one
size, into the item's single urn row, whose private key only SECRET_KEY (and the 总监票人's
PIN, if set) opens — so a copy of the database made during voting holds no choice and no
order that links a ballot to a voter. At the close the urn is opened and the ballots are
written as rows in random order under random keys, so not even the physical row order
follows the order of casting (docs/congress-votes.md, "Sealed while open").

Quorum (《企业民主管理规定》第十九条): votes open only with two thirds or more (the union's
``CongressSettings.quorum``) of ALL seated voting representatives checked in. The exact
arithmetic below (:func:`ratio`, :func:`quorum_needed`, :func:`majority_needed`) never uses
floats.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scoping import person

from . import sealing
from .models import (
    Ballot,
    BallotMark,
    Election,
    ElectionBallot,
    ElectionMark,
    ElectionVote,
    Evaluation,
    EvaluationBallot,
    EvaluationMark,
    EvaluationRating,
    Poll,
    RepKind,
    Representative,
    Sitting,
    SittingStatus,
    cn_number,
)
from .queries.common import settings_for
from .queries.common_reps import own_representative, presence_refusal
from .queries.sittings import attendance

DRAFT, OPEN, CLOSED, VOID = "draft", "open", "closed", "void"
FOUR_PLACES = 4

Item = Any  # a Poll, an Evaluation, an Election… (the item model of a BallotBox)


# --- exact ratios -----------------------------------------------------------------------


def ratio(value) -> Fraction:
    """The simple fraction a stored ratio stands for (0.6667 → 2/3, 0.5 → 1/2). Ratios are
    kept to four places and every rule in use is a simple fraction: two fractions with
    denominators up to 100 differ by more than a four-place rounding."""
    return Fraction(Decimal(value)).limit_denominator(100)


def ratio_label(r: Fraction) -> str:
    """三分之二, 半数, 四分之三 — the words the rules use."""
    if r == Fraction(1, 2):
        return "半数"
    if r.denominator <= 99 and r.numerator <= 99:
        return f"{cn_number(r.denominator)}分之{cn_number(r.numerator)}"
    return f"{(Decimal(r.numerator) / Decimal(r.denominator) * 100).quantize(Decimal('0.01'))}%"


def quorum_needed(seated: int, quorum: Fraction) -> int:
    """Fewest present for "quorum or more of all seated" (以上 includes the figure itself:
    60 of 90 is two thirds and may open votes)."""
    return -(-(quorum.numerator * seated) // quorum.denominator)


def majority_needed(seated: int, majority: Fraction) -> int:
    """Fewest 赞成 that are MORE than ``majority`` of ALL seated (过半数: 46 of 90)."""
    return (majority.numerator * seated) // majority.denominator + 1


# --- a kind of vote -------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Everything a kind of vote says to its users. ``noun`` etc. fill the messages every
    kind shares (e.g. "纸质{noun}请录入计票结果，录入后自动结束。"); the rest are whole
    messages where the kinds word things differently."""

    noun: str  # 表决 — 参加表决, 表决无效, 开始表决时实到…
    item: str  # 该事项 — 该事项不在表决中。
    state: str  # 表决中 — the open state, as in "不在表决中"
    paper: str  # 选票 — what the counters hand out: 发出选票 N 张
    unit: str  # 名代表 — 实到的 N 名代表
    open_verb: str  # 开始表决 — 不能开始表决
    not_draft: str  # "该事项{status}，不能再开始表决。"
    in_person: str  # PermissionDenied when no person casts (the system, an anonymous visitor)
    not_rep: str  # the voter rule, in its order: no seat,
    observer: str  # a 列席代表,
    on_paper: str  # a paper vote (nobody casts on a phone),
    not_open: str  # not open,
    voted: str  # already voted (also the answer to a second, concurrent cast)
    electronic: str  # paper figures entered for an electronic vote
    entitled: str = ""  # 有选举权 — "应到有选举权 N 人"
    not_void: str = ""  # revote of an item that is not void: "…（当前状态：{status}）。"
    void_refused: str = ""  # a kind without VOID: returned > issued is refused with this
    # ("…（发出 {issued} 张，收回 {returned} 张）。") and nothing is recorded


@dataclass(frozen=True)
class Sheet:
    """What one ballot says: the ballot row's own columns (``{"choice": "yes"}``) and its
    lines (``[{"subject_id": 3, "level": 0}, …]``). Never who cast it, never when."""

    fields: dict[str, Any] = field(default_factory=dict)
    lines: list[dict[str, Any]] = field(default_factory=list)


class Figures(NamedTuple):
    """What every paper count has: 发出, 收回 and 无效 ballots, and who counted them."""

    issued: Any
    returned: Any
    invalid: Any
    scrutineers: str


@dataclass(frozen=True)
class Voter:
    """A representative cleared to cast one ballot in ``item`` (only :meth:`BallotBox.voter`
    makes one, with the item locked for the rest of the transaction)."""

    actor: Any
    item: Item
    rep: Representative


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the ballot core runs inside the calling service's transaction")


def _fields(model: type[models.Model], skip: str) -> list[models.Field]:
    """The columns that say what a ballot (or a line) says: all but its key and ``skip``."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name != skip]


def _columns(model: type[models.Model], skip: str) -> list[str]:
    return [f.attname for f in _fields(model, skip)]


def _has(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


def count(value, label: str) -> int:
    """One figure of a paper count: a whole number, 0 or more ("5" from a form is 5)."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]+", value.strip()):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{label}须为不小于 0 的整数。")
    return value


def open_sitting(sitting: Sitting, what: str) -> Sitting:
    """The sitting, locked, for adding a vote to it (a new item, a re-vote, a run-off);
    refused once it has closed: "本次会议已闭会，不能再{what}。"."""
    sitting = Sitting.objects.select_for_update().select_related("term__union").get(pk=sitting.pk)
    if sitting.status == SittingStatus.CLOSED:
        raise ValidationError(f"本次会议已闭会，不能再{what}。")
    return sitting


ITEM_FIELDS = (
    "sitting",
    "status",
    "on_paper",
    "seated",
    "present",
    "opened_at",
    "closed_at",
    "issued",
    "returned",
    "invalid",
    "scrutineers",
)
TIMES = (models.DateField, models.DateTimeField, models.TimeField)


def _secret(model: type[models.Model], *, keep: str, may_name_voter: bool = False) -> list[str]:
    """What is wrong with ``model`` as a secret table: a serial key (it keeps the order of
    casting), a time, or — except on the mark — a link to the voter."""
    label = model._meta.label
    wrong = []
    if not isinstance(model._meta.pk, models.UUIDField):
        wrong.append(f"{label} needs a random UUID key")
    if not any(f.name == keep and f.is_relation for f in model._meta.concrete_fields):
        wrong.append(f"{label} needs a foreign key {keep!r}")
    for f in model._meta.concrete_fields:
        if isinstance(f, TIMES):
            wrong.append(f"{label}.{f.name} keeps a time")
        target = f.related_model if f.is_relation else None
        voter = isinstance(target, type) and (
            target is Representative or target._meta.label == settings.AUTH_USER_MODEL
        )
        if voter and not may_name_voter:
            wrong.append(f"{label}.{f.name} names a voter")
    return wrong


@dataclass(frozen=True)
class BallotBox:
    """One kind of secret vote: its item, ballot (with optional lines) and mark models and
    its words. The audit actions are ``<item model name>.<step>`` (``poll.open``,
    ``evaluation.vote``…). Whether a paper count can make the item VOID follows from the
    item's status choices."""

    item: type[models.Model]
    ballot: type[models.Model]
    mark: type[models.Model]
    words: Words
    lines: type[models.Model] | None = None
    # The most lines one ballot of ``item`` can have (every ballot is padded to that size
    # while sealed, so its length says nothing); required with ``lines``.
    most_lines: Callable[[Item], int] | None = None

    def __post_init__(self) -> None:
        """Refuse models that could break the secret: checked once, when the box is made."""
        wrong = [
            f"{self.item._meta.label} needs {f!r}" for f in ITEM_FIELDS if not _has(self.item, f)
        ]
        wrong += _secret(self.ballot, keep=self.name)
        if self.lines is not None:
            wrong += _secret(self.lines, keep="ballot")
            if self.most_lines is None:
                wrong.append(f"{self.name} ballots have lines: most_lines is needed")
        try:
            self.size(None)
        except ImproperlyConfigured as exc:
            wrong.append(str(exc))
        wrong += _secret(self.mark, keep=self.name, may_name_voter=True)
        unique = [set(c.fields) for c in self.mark._meta.constraints if hasattr(c, "fields")]
        if {self.name, "representative"} not in unique:
            wrong.append(f"{self.mark._meta.label} needs unique ({self.name}, representative)")
        said = {f.name for f in self.mark._meta.concrete_fields if not f.primary_key}
        if said - {self.name, "representative"}:
            wrong.append(f"{self.mark._meta.label} may say who voted, nothing more")
        if wrong:
            raise ImproperlyConfigured("; ".join(wrong))

    @property
    def name(self) -> str:
        """The item's model name: the foreign key of ballot and mark, the audit prefix."""
        return self.item._meta.model_name or ""

    @property
    def voids(self) -> bool:
        status = self.item._meta.get_field("status")
        return VOID in dict(getattr(status, "choices", None) or ())

    # --- sealed ballots ---------------------------------------------------------------------

    def size(self, item: Item | None) -> int:
        """How many bytes every sealed ballot of ``item`` is padded to: room for the
        ballot's own columns and ``most_lines(item)`` lines, whatever they say (``None``:
        no lines, to check the columns can be sealed at all)."""
        most = self.most_lines(item) if item is not None and self.most_lines else 0
        size = sealing.LENGTH.size + 8 + sealing.row_budget(_fields(self.ballot, self.name))
        if self.lines is not None:
            size += most * (1 + sealing.row_budget(_fields(self.lines, "ballot")))
        return size

    def _pack(self, sheet: Sheet, size: int) -> bytes:
        """The sheet as ``size`` bytes to seal; a column the ballot (or line) model does not
        have is a TypeError, as writing the row would be."""
        ballot = self.ballot(**sheet.fields)
        fields = [getattr(ballot, c) for c in _columns(self.ballot, self.name)]
        lines = []
        if sheet.lines:
            assert self.lines is not None, f"{self.name} ballots have no lines"
            cols = _columns(self.lines, "ballot")
            lines = [[getattr(self.lines(**x), c) for c in cols] for x in sheet.lines]
        return sealing.pad(fields, lines, size)

    def _unpack(self, plaintext: bytes) -> Sheet:
        fields, lines = sealing.unpad(plaintext)
        own = _columns(self.ballot, self.name)
        cols = _columns(self.lines, "ballot") if self.lines is not None else []
        return Sheet(
            dict(zip(own, fields, strict=True)), [dict(zip(cols, x, strict=True)) for x in lines]
        )

    def sealed_with_pin(self, item: Item) -> bool:
        """Whether the open item's urn was sealed with a PIN (closing asks for it)."""
        urn = sealing.find(self.name, item.pk)
        return urn is not None and bool(bytes(urn.pin_salt))

    def sealed_count(self, item: Item) -> int:
        """How many ballots the urn of an open electronic item holds (the marks say the
        same; tests check they agree)."""
        urn = sealing.find(self.name, item.pk)
        return len(sealing.sealed(urn)) if urn is not None else 0

    # --- reads --------------------------------------------------------------------------

    def refusal(self, rep: Representative | None, item: Item) -> str:
        """Why ``rep`` may not cast a ballot in ``item`` now ("" when they may). The one voter
        rule: a SEATED VOTING representative of the term (``rep`` from
        ``own_representative``), in an OPEN electronic vote, CHECKED IN before it opened
        (the present count is fixed then), who has not voted yet. 列席代表 never vote."""
        w = self.words
        if rep is None:
            return w.not_rep
        if rep.kind != RepKind.VOTING:
            return w.observer
        if item.on_paper:
            return w.on_paper
        if item.status != OPEN:
            return w.not_open
        absent = presence_refusal(rep, item.sitting_id, item.opened_at, w.noun)
        if absent:
            return absent
        if self.has_voted(rep, item):
            return w.voted
        return ""

    def has_voted(self, rep: Representative | None, item: Item) -> bool:
        return (
            rep is not None
            and self.mark._default_manager.filter(
                **{self.name: item, "representative": rep}
            ).exists()
        )

    def voted_ids(self, rep: Representative | None, sitting: Sitting) -> set[int]:
        """The items of ``sitting`` that ``rep`` has voted in."""
        if rep is None:
            return set()
        return set(
            self.mark._default_manager.filter(
                **{"representative": rep, f"{self.name}__sitting": sitting}
            ).values_list(f"{self.name}_id", flat=True)
        )

    def marks_count(self, item: Item) -> int:
        """How many have voted: the only figure shown while a vote is open."""
        return self.mark._default_manager.filter(**{self.name: item}).count()

    # --- writes (inside the calling service's transaction) ---------------------------------

    def lock(self, item: Item) -> Item:
        """The item row locked for this transaction: open, cast, count and close serialise
        on it, so no ballot lands after the close and nothing closes half-counted."""
        _in_transaction()
        return (
            self.item._default_manager.select_for_update()
            .select_related("sitting__term__union")
            .get(pk=item.pk)
        )

    def _record(self, actor, step: str, item: Item, **kw) -> None:
        audit.record(
            actor=person(actor),
            action=f"{self.name}.{step}",
            obj=item,
            union_id=item.sitting.term.union_id,
            **kw,
        )

    def open(
        self,
        *,
        actor,
        item: Item,
        check: Callable[[Item], None] | None = None,
        pin: str = "",
    ) -> Item:
        """Start the vote: the sitting must be open and two thirds (the union's quorum) of
        all seated voting representatives checked in; seated, present (and, where the item
        keeps them, the quorum and majority ratios) are fixed now, so the result is
        reckoned on the figures of the moment the vote began. An electronic vote gets its
        sealed urn (one slot per seated voter); ``pin``, if given, is the 总监票人's PIN
        without which it cannot be opened again at the close."""
        item = self.lock(item)
        before = audit.snapshot(item)
        w = self.words
        if item.status != DRAFT:
            raise ValidationError(w.not_draft.format(status=item.get_status_display()))
        pin = "" if item.on_paper else (pin or "").strip()
        if pin and len(pin) < sealing.PIN_MIN:
            raise ValidationError({"pin": f"监票口令至少 {sealing.PIN_MIN} 位。"})
        if check is not None:
            check(item)
        if item.sitting.status != SittingStatus.OPEN:
            raise ValidationError(f"会议尚未宣布开会（或已闭会），不能{w.open_verb}。")
        figures = attendance(item.sitting)
        seated, present = figures.seated, figures.present
        if seated == 0:
            raise ValidationError(f"本届没有在任的正式代表，不能{w.open_verb}。")
        rules = settings_for(item.sitting.term.union)
        quorum = ratio(rules.quorum)
        need = quorum_needed(seated, quorum)
        if present < need:
            raise ValidationError(
                f"应到{w.entitled} {seated} 人，实到 {present} 人，不足{ratio_label(quorum)}"
                f"（需 {need} 人），不能{w.open_verb}。"
            )
        item.seated, item.present = seated, present
        if _has(self.item, "majority"):
            item.quorum = round(rules.quorum, FOUR_PLACES)
            item.majority = round(rules.majority, FOUR_PLACES)
        item.status = OPEN
        item.opened_at = timezone.now()
        item.save()
        if not item.on_paper:
            sealing.make(
                kind=self.name, item_id=item.pk, slots=seated, size=self.size(item), pin=pin
            )
        self._record(actor, "open", item, before=before)
        return item

    def voter(self, *, actor, item: Item) -> Voter:
        """The actor's own seat, cleared by the voter rule, with the item locked. The first
        step of every cast: the kind checks the ballot's content next, then :meth:`cast`."""
        if person(actor) is None:
            raise PermissionDenied(self.words.in_person)
        item = self.lock(item)
        rep = own_representative(actor, item.sitting.term)
        refusal = self.refusal(rep, item)
        if refusal:
            raise ValidationError(refusal)
        assert rep is not None  # the refusal above answers a missing seat
        return Voter(actor, item, rep)

    def cast(self, voter: Voter, sheet: Sheet) -> None:
        """One secret ballot: the voter's mark, and the sheet sealed into the item's urn, in
        the caller's transaction. Returns nothing: not even the caller gets a handle on the
        ballot. The unique mark is the guard against a second ballot; the savepoint keeps
        the transaction usable to say so."""
        if not isinstance(voter.item, self.item):
            raise TypeError(f"a voter of {type(voter.item).__name__} cast in {self.name}")
        item = voter.item
        urn = sealing.find(self.name, item.pk)
        # Checked before anything is written: a sheet the ballot rows could not hold.
        plaintext = self._pack(sheet, urn.size if urn is not None else self.size(item))
        try:
            with transaction.atomic():
                self.mark._default_manager.create(**{self.name: item, "representative": voter.rep})
        except IntegrityError:
            raise ValidationError(self.words.voted) from None
        if urn is not None:
            sealing.drop(urn, plaintext)
        else:  # an item opened before ballots were sealed: its ballots stay plain rows
            self._write(item, [sheet])
        # That the representative voted — never how. The entry's time and order cannot be
        # lined up with a ballot: the urn has no row per ballot, and at the close the
        # ballots become rows in random order under random keys.
        self._record(voter.actor, "vote", item, changes={"voted": [None, voter.rep.member.name]})

    def _plain(self, item: Item) -> list[Sheet]:
        """The item's plain ballot rows as sheets, the rows deleted (only an item opened
        before ballots were sealed has any while open)."""
        ballots = self.ballot._default_manager.filter(**{self.name: item})
        own = _columns(self.ballot, skip=self.name)
        sheets = {
            pk: Sheet(dict(zip(own, rest, strict=True)), [])
            for pk, *rest in ballots.values_list("pk", *own)
        }
        if self.lines is not None:
            cols = _columns(self.lines, skip="ballot")
            lines = self.lines._default_manager.filter(ballot__in=ballots)
            for ballot_id, *rest in lines.values_list("ballot_id", *cols):
                sheets[ballot_id].lines.append(dict(zip(cols, rest, strict=True)))
            lines.delete()
        ballots.delete()
        return list(sheets.values())

    def _unseal(self, item: Item, pin: str) -> list[Sheet]:
        """Every ballot in the item's urn, opened, and the urn deleted; refused with the
        reason (and nothing changed) when the key or the PIN does not open it."""
        urn = sealing.find(self.name, item.pk)
        if urn is None:
            return []
        w = self.words
        try:
            plaintexts = sealing.unseal(urn, pin)
        except sealing.KeyChanged:
            raise ValidationError(
                f"无法打开本次{w.noun}的密封票箱：服务器的密钥（SECRET_KEY）已不是开始{w.noun}"
                f"时使用的密钥。请恢复原来的 SECRET_KEY（或把它列入 SECRET_KEY_FALLBACKS）"
                f"后再结束{w.noun}。选票仍然密封，没有任何改动。"
            ) from None
        except sealing.PinNeeded as exc:
            raise ValidationError(
                "监票口令不正确，选票仍然密封，没有任何改动。"
                if exc.given
                else f"开始{w.noun}时设置了监票口令，请总监票人输入口令后再结束{w.noun}。"
            ) from None
        urn.delete()
        return [self._unpack(p) for p in plaintexts]

    def _write(self, item: Item, papers: list[Sheet]) -> None:
        """The ballots (and their lines) as plain rows, inserted in random order under new
        random keys, so not even the physical order of the rows follows the order of
        casting."""
        papers = list(papers)
        random.SystemRandom().shuffle(papers)
        new = [self.ballot(**{self.name: item}, **p.fields) for p in papers]
        self.ballot._default_manager.bulk_create(new)
        if self.lines is not None:
            self.lines._default_manager.bulk_create(
                [
                    self.lines(ballot=b, **x)
                    for b, p in zip(new, papers, strict=True)
                    for x in p.lines
                ]
            )

    def close(self, *, actor, item: Item, pin: str = "") -> Item:
        """End an electronic vote: no more ballots; the urn opened (with the PIN set at
        the opening, if any) and its ballots written as plain rows in random order; the
        results visible (a paper vote is closed by its count)."""
        item = self.lock(item)
        before = audit.snapshot(item)
        w = self.words
        if item.status != OPEN:
            raise ValidationError(f"{w.item}不在{w.state}。")
        if item.on_paper:
            raise ValidationError(f"纸质{w.noun}请录入计票结果，录入后自动结束。")
        papers = self._unseal(item, (pin or "").strip()) + self._plain(item)
        if len(papers) != self.marks_count(item):
            raise RuntimeError(f"{self.name} {item.pk}: ballots and marks do not agree")
        self._write(item, papers)
        item.status = CLOSED
        item.closed_at = timezone.now()
        item.save()
        self._record(actor, "close", item, before=before)
        return item

    def paper(
        self,
        *,
        actor,
        item: Item,
        figures: Figures,
        enter: Callable[[Item, int], dict | None],
    ) -> Item:
        """The counters' figures of a paper vote; closes it. 发出, 收回 and 无效 are checked
        here; ``enter(item, valid)`` checks the kind's own counts against the valid ballots
        (收回 − 无效), stores them and returns extra audit changes (or None). More returned
        than issued makes the item VOID (to be voted again) — or, for a kind without VOID,
        is refused and nothing is recorded. Any refusal rolls the whole count back."""
        item = self.lock(item)
        before = audit.snapshot(item)
        w = self.words
        if not item.on_paper:
            raise ValidationError(w.electronic)
        if item.status != OPEN:
            raise ValidationError(f"{w.item}不在{w.state}（须先开始{w.noun}，发出{w.paper}）。")
        issued = count(figures.issued, "发出票数")
        returned = count(figures.returned, "收回票数")
        invalid = count(figures.invalid, "无效票数")
        scrutineers = (figures.scrutineers or "").strip()[:200]
        if not scrutineers:
            raise ValidationError({"scrutineers": "请填写监票人、计票人。"})
        item.issued, item.returned, item.scrutineers = issued, returned, scrutineers
        item.closed_at = timezone.now()
        if returned > issued:
            if not self.voids:
                raise ValidationError(w.void_refused.format(issued=issued, returned=returned))
            item.status = VOID
            item.save()
            reason = f"收回 {returned} 张多于发出 {issued} 张，{w.noun}无效"
            changes = {**audit.diff(before, audit.snapshot(item)), "void_reason": [None, reason]}
            self._record(actor, "paper", item, changes=changes)
            return item
        if invalid > returned:
            raise ValidationError({"invalid": f"无效票 {invalid} 张多于收回的 {returned} 张。"})
        if issued > (item.present or 0):
            raise ValidationError(
                {
                    "issued": f"发出{w.paper} {issued} 张多于开始{w.noun}时实到的 {item.present} {w.unit}。"
                }
            )
        item.invalid = invalid
        extra = enter(item, returned - invalid) or {}
        item.status = CLOSED
        item.save()
        changes = {**audit.diff(before, audit.snapshot(item)), **extra}
        self._record(actor, "paper", item, changes=changes)
        return item

    def revote(
        self, *, actor, item: Item, again: Callable[[Item, Sitting], tuple[Item, dict]]
    ) -> Item:
        """A VOID item voted again: ``again(item, sitting)`` refuses a second re-vote of the
        same item and makes the new DRAFT item, returning it with the audit changes that
        say what it repeats. The void item stays on record as it is."""
        item = self.lock(item)
        if item.status != VOID:
            raise ValidationError(self.words.not_void.format(status=item.get_status_display()))
        sitting = open_sitting(item.sitting, f"重新{self.words.noun}")
        new, changes = again(item, sitting)
        self._record(actor, "revote", new, changes=changes)
        return new


# --- the congress's three kinds ------------------------------------------------------------

POLLS = BallotBox(
    item=Poll,
    ballot=Ballot,
    mark=BallotMark,
    words=Words(
        noun="表决",
        item="该事项",
        state="表决中",
        paper="选票",
        unit="名代表",
        open_verb="开始表决",
        not_draft="该事项{status}，不能再开始表决。",
        in_person="投票须由代表本人登录后进行。",
        not_rep="您不是本届在任的职工代表，不能参加表决。",
        observer="列席代表不参加表决。",
        on_paper="本事项采用纸质选票表决，请在会场领取选票。",
        not_open="本事项不在表决中。",
        voted="您已投过票。",
        electronic="该事项为电子表决，不能录入纸质计票结果。",
        not_void="只有无效的表决事项才能重新表决（当前状态：{status}）。",
    ),
)

EVALUATIONS = BallotBox(
    item=Evaluation,
    ballot=EvaluationBallot,
    lines=EvaluationRating,
    most_lines=lambda ev: ev.subjects.count(),  # a ballot rates every subject
    mark=EvaluationMark,
    words=Words(
        noun="评议",
        item="该评议",
        state="进行中",
        paper="评议票",
        unit="名代表",
        open_verb="开始评议",
        not_draft="该评议{status}，不能再开始。",
        in_person="评议须由代表本人登录后进行。",
        not_rep="您不是本届在任的职工代表，不能参加评议。",
        observer="列席代表不参加评议。",
        on_paper="本次评议使用纸质评议票，请在会场填写纸质票，不能在手机上投票。",
        not_open="本次评议不在进行中。",
        voted="您已参加过本次评议。",
        electronic="该评议为电子评议，不能录入纸质计票结果。",
        # An evaluation has no VOID state: the ballots are handed out and counted again.
        void_refused="收回票数多于发出票数，本次评议无效，请重新组织评议"
        "（发出 {issued} 张，收回 {returned} 张）。",
    ),
)

ELECTIONS = BallotBox(
    item=Election,
    ballot=ElectionBallot,
    lines=ElectionVote,
    # every printed candidate, and at most ``seats`` written in (more makes the ballot
    # invalid, and an invalid ballot has no lines)
    most_lines=lambda el: el.candidates.filter(is_write_in=False).count() + el.seats,
    mark=ElectionMark,
    words=Words(
        noun="选举",
        item="该选举",
        state="投票中",
        paper="选票",
        unit="人",
        open_verb="进行选举",
        entitled="有选举权",
        not_draft="该选举{status}，不能再开始投票。",
        in_person="投票须由代表本人登录后进行。",
        not_rep="您不是本届在任的代表，不能参加选举。",
        observer="列席代表没有选举权。",
        on_paper="本次选举采用纸质选票，请在会场领取选票。",
        not_open="本次选举不在投票中。",
        voted="您已投过票。",
        electronic="该选举为电子投票，不能录入纸质计票结果。",
        not_void="只有无效的选举需要重新选举。",
    ),
)
