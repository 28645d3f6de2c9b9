"""``gonghui generate --unions N --members M``: a realistic district of synthetic data.

One federation (new, or ``--under`` an existing one), town and industry federations
beneath it when there are enough unions, N grassroots unions, their groups (7–20 members
each) and M members spread unevenly over the unions, each with a dated join event (and a
retirement or leaving event where the status says so). Built for scale: rows are streamed
in batches through ``executemany`` with ids assigned here, so paths and group leaders are
known before anything is written and no row is saved twice. Everything is one
transaction with one audit entry that summarises it. 10,000 unions / 1,000,000 members
take a few minutes on SQLite (bench/README.md).
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from gonghui.core import audit
from gonghui.members.models import EventKind, MemberEvent
from gonghui.members.synthetic import INDUSTRIES, TOWNS, Synth
from gonghui.members.validation import PERSON_FIELDS, search_keys
from gonghui.orgs.models import (
    FEDERATION_KINDS,
    Member,
    MemberStatus,
    Union,
    UnionGroup,
    UnionKind,
)
from gonghui.orgs.validators import USCC_CHARSET, uscc_check_char

# Group sizes of 7–20 (a 工会小组 is usually one department or team).
GROUP_SIZE = (7, 20)
# Kinds that keep their retirees together in a 退休职工小组 once there are enough of them.
RETIREE_GROUP_KINDS = frozenset({"school", "hospital", "agency", "institution"})
STATUS_EVENTS = {
    MemberStatus.RETIRED: (EventKind.RETIRE, ""),
    MemberStatus.LEFT: (EventKind.LEAVE, "本人申请离会"),
    MemberStatus.TRANSFERRED: (EventKind.TRANSFER_OUT, "调动工作"),
    MemberStatus.REMOVED: (EventKind.REMOVE, "连续六个月无正当理由不交纳会费"),
    MemberStatus.DECEASED: (EventKind.DEATH, "因病去世"),
}


class Inserter:
    """``executemany`` of plain tuples into one model's table, in the order of ``fields``;
    every other column gets its field default, so a column added to the model later does
    not break the generator."""

    def __init__(self, model: type[models.Model], fields: list[str]) -> None:
        concrete = {f.name: f for f in model._meta.concrete_fields}
        self.fields = fields
        extra = [f for f in concrete.values() if f.name not in fields and not f.primary_key]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extra)
        columns = [concrete[n].column for n in fields] + [f.column for f in extra]
        qn = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)})"
            f" VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, row: tuple) -> None:
        self.rows.append(row + self.defaults)

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def credit_code(rng: random.Random) -> str:
    """A well-formed 统一社会信用代码 (GB 32100) of a 基层工会: authority code 8 (工会),
    type 1, a county code, a nine-character body and the check character."""
    body = "81320981" + "".join(rng.choice(USCC_CHARSET[:10]) for _ in range(9))
    return body + uscc_check_char(body)


class Command(BaseCommand):
    help = (
        "生成大规模模拟数据：一个上级工会，下设 N 个基层工会、工会小组和 M 名会员"
        "（姓名、身份证号等均为合成数据，批量写入，整个过程记一条审计记录）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unions", type=int, required=True, help="基层工会个数")
        parser.add_argument("--members", type=int, required=True, help="会员总人数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子（同一种子生成相同数据）")
        parser.add_argument(
            "--under", metavar="CODE", help="在已有的上级工会（代码）下生成；不填则新建一个总工会"
        )
        parser.add_argument(
            "--batch", type=int, default=20000, help="每批写入的会员行数（默认 20000）"
        )

    def handle(self, *args, **opts) -> None:
        if opts["unions"] < 1:
            raise CommandError("--unions 至少为 1。")
        if opts["members"] < 0:
            raise CommandError("--members 不能为负数。")
        started = time.perf_counter()
        with transaction.atomic(), _sqlite_cache():
            stats = self.generate(opts)
        stats["seconds"] = time.perf_counter() - started
        analyze_started = time.perf_counter()
        with connection.cursor() as cursor:
            # Fresh planner statistics: the first list page after a bulk load would
            # otherwise be planned on the statistics of an empty roster.
            cursor.execute("ANALYZE")
        stats["analyze"] = time.perf_counter() - analyze_started
        self.stdout.write(summary(stats))

    # --- the work -----------------------------------------------------------------

    def generate(self, opts) -> dict[str, Any]:
        seed, n_unions, n_members = opts["seed"], opts["unions"], opts["members"]
        rng = random.Random(seed)
        today = timezone.localdate()
        now = timezone.now()
        prefix = f"gen{seed}"
        if Union.objects.filter(Q(code=prefix) | Q(code__startswith=f"{prefix}-")).exists():
            raise CommandError(
                f"已有用种子 {seed} 生成的工会（代码以 {prefix} 开头），请换一个 --seed。"
            )
        _lock_tables()

        ids = {
            model: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            for model in (Union, UnionGroup, Member)
        }
        next_union, next_group, next_member = ids[Union], ids[UnionGroup], ids[Member]

        taken_ids = set(Member.objects.exclude(id_number="").values_list("id_number", flat=True))
        taken_cards = set(
            Member.objects.exclude(card_number="").values_list("card_number", flat=True)
        )
        synth = Synth(rng, today=today, taken_ids=taken_ids, taken_cards=taken_cards)

        unions = Inserter(
            Union,
            [
                "id",
                "name",
                "code",
                "kind",
                "parent",
                "path",
                "employer_name",
                "credit_code",
                "staff_count",
                "founded_on",
            ],
        )
        date = connection.ops.adapt_datefield_value

        # The top: an existing federation, or a new county federation.
        if opts["under"]:
            top = Union.objects.filter(code=opts["under"]).first()
            if top is None:
                raise CommandError(f"没有代码为「{opts['under']}」的工会。")
            if not top.is_federation or top.archived_at is not None:
                raise CommandError(f"「{top}」不是在用的上级工会，不能在其下生成基层工会。")
            county = top.name.removesuffix("总工会").removesuffix("工会") or "示范县"
        else:
            county = "示范县"
            top_id, next_union = next_union, next_union + 1
            unions.add(
                (
                    top_id,
                    f"{county}总工会",
                    prefix,
                    UnionKind.FEDERATION,
                    None,
                    f"/{top_id}/",
                    f"{county}人民政府",
                    "",
                    0,
                    date(datetime.date(1951, 5, 1)),
                )
            )
            unions.flush()
            top = Union.objects.get(pk=top_id)

        # Town and industry federations once there are enough unions to need them.
        parents: list[tuple[int, str, str]] = []  # (id, path, town name)
        n_towns = min(len(TOWNS), n_unions // 250)
        n_industries = min(len(INDUSTRIES), n_unions // 1500)
        for j in range(n_towns + n_industries):
            pk, next_union = next_union, next_union + 1
            path = f"{top.path}{pk}/"
            if j < n_towns:
                name, code, kind = f"{TOWNS[j]}总工会", f"{prefix}-t{j + 1:02d}", UnionKind.TOWN
                town = TOWNS[j]
            else:
                industry = INDUSTRIES[j - n_towns]
                name, code = f"{county}{industry}工会联合会", f"{prefix}-i{j - n_towns + 1}"
                kind, town = UnionKind.INDUSTRY, rng.choice(TOWNS)
            unions.add((pk, name, code, kind, top.pk, path, "", "", 0, None))
            parents.append((pk, path, town))
        federations = len(parents) + (0 if opts["under"] else 1)

        kinds = [synth.grassroots_kind() for _ in range(n_unions)]
        sizes = synth.union_sizes(kinds, n_members)

        groups = Inserter(UnionGroup, ["id", "union", "name", "for_retirees", "leader"])
        member_fields = [
            "id",
            "union",
            "group",
            *PERSON_FIELDS,
            "status",
            "status_on",
            *Member.SEARCH_KEYS,
        ]
        members = Inserter(Member, member_fields)
        events = Inserter(
            MemberEvent, ["member", "kind", "on", "union", "other_name", "reason", "recorded_at"]
        )
        statuses: Counter[str] = Counter()
        at = connection.ops.adapt_datetimefield_value(now)

        for i, (kind, size) in enumerate(zip(kinds, sizes, strict=True)):
            # 10 % of grassroots unions report straight to the top (big employers, county
            # agencies), the rest to a town or industry federation.
            if parents and rng.random() > 0.1:
                parent_id, parent_path, town = rng.choice(parents)
            else:
                parent_id, parent_path, town = top.pk, top.path, rng.choice(TOWNS)
            union_id, next_union = next_union, next_union + 1
            name = synth.union_name(kind, town, county)
            unions.add(
                (
                    union_id,
                    name,
                    f"{prefix}-{i + 1:05d}",
                    kind,
                    parent_id,
                    f"{parent_path}{union_id}/",
                    name.removesuffix("工会"),
                    credit_code(rng),
                    # 入会率 below 100 %: some staff have not joined.
                    size + int(size * rng.uniform(0.0, 0.25)),
                    date(_between(rng, datetime.date(1980, 1, 1), datetime.date(2022, 12, 31))),
                )
            )
            if size == 0:
                continue

            # Groups: one per department, uneven sizes; a retirees' group where it is kept.
            n_groups = max(1, round(size / rng.uniform(*GROUP_SIZE)))
            departments = synth.departments(kind, n_groups)
            weights = [rng.uniform(0.5, 1.5) for _ in departments]
            group_ids = list(range(next_group, next_group + n_groups))
            next_group += n_groups
            retirees_group = None
            if kind in RETIREE_GROUP_KINDS and size >= 40:
                retirees_group, next_group = next_group, next_group + 1
            leaders: dict[int, int] = {}

            for _ in range(size):
                k = rng.choices(range(n_groups), weights=weights)[0]
                person = synth.member_fields(kind, department=departments[k])
                status, status_on = synth.status(person)
                statuses[status] += 1
                if status == MemberStatus.RETIRED:
                    group = retirees_group or group_ids[k]
                elif status == MemberStatus.ACTIVE:
                    group = group_ids[k]
                else:
                    group = None  # a former member belongs to no group
                member_id, next_member = next_member, next_member + 1
                if group is not None and status == MemberStatus.ACTIVE:
                    leaders.setdefault(group, member_id)
                keys = search_keys(person["name"], person["mobile"], person["id_number"])
                members.add(
                    (
                        member_id,
                        union_id,
                        group,
                        person["name"],
                        person["sex"],
                        person["ethnicity"],
                        person["id_type"],
                        person["id_number"],
                        date(person["birth_date"]),
                        person["mobile"],
                        person["education"],
                        person["political_status"],
                        person["department"],
                        person["post"],
                        person["employment"],
                        person["is_frontline"],
                        person["is_manager"],
                        person["is_teacher"],
                        date(person["joined_on"]),
                        person["card_number"],
                        status,
                        date(status_on),
                        *(keys[k] for k in Member.SEARCH_KEYS),
                    )
                )
                events.add(
                    (member_id, EventKind.JOIN, date(person["joined_on"]), union_id, "", "", at)
                )
                if status_on is not None:
                    event_kind, reason = STATUS_EVENTS[status]
                    if status == MemberStatus.RETIRED and retirees_group:
                        reason = "转入「退休职工小组」"
                    other = "外单位工会" if status == MemberStatus.TRANSFERRED else ""
                    events.add(
                        (member_id, event_kind, date(status_on), union_id, other, reason, at)
                    )

            for k, gid in enumerate(group_ids):
                groups.add((gid, union_id, departments[k], False, leaders.get(gid)))
            if retirees_group:
                groups.add(
                    (retirees_group, union_id, "退休职工小组", True, leaders.get(retirees_group))
                )
            if len(members.rows) >= opts["batch"]:
                # Unions and groups first; leaders and members point at each other, which
                # the deferred foreign-key checks of both databases allow until commit.
                for inserter in (unions, groups, members, events):
                    inserter.flush()
                if opts["verbosity"] >= 2:
                    self.stdout.write(f"  已写入会员 {members.count:,} 名")
        for inserter in (unions, groups, members, events):
            inserter.flush()

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Union, UnionGroup, Member, MemberEvent]
            ):
                cursor.execute(sql)

        summary_changes = {
            "seed": [None, seed],
            "federations": [None, federations],
            "unions": [None, n_unions],
            "groups": [None, groups.count],
            "members": [None, members.count],
            "events": [None, events.count],
        }
        audit.record(actor=None, action="member.generate", obj=top, changes=summary_changes)
        return {
            "top": top,
            "federations": federations,
            "unions": n_unions,
            "groups": groups.count,
            "members": members.count,
            "events": events.count,
            "statuses": statuses,
            "largest": max(sizes, default=0),
        }


def _between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _lock_tables() -> None:
    """Ids are assigned here from max(id) + 1, so nobody else may insert meanwhile. SQLite's
    IMMEDIATE transaction already holds the only write lock; PostgreSQL needs it said."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Union, UnionGroup, Member, MemberEvent)]
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")


class _sqlite_cache:
    """A bigger page cache while the indexes of a million rows are filled: most of the
    time of a bulk load into SQLite is index pages going to and from the OS cache."""

    def __enter__(self):
        self.previous = None
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.previous = cursor.fetchone()[0]
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.previous)}")
        return False


def summary(stats: dict[str, Any]) -> str:
    top, statuses = stats["top"], stats["statuses"]
    current = statuses[MemberStatus.ACTIVE] + statuses[MemberStatus.RETIRED]
    others = stats["members"] - current
    rate = stats["members"] / stats["seconds"] if stats["seconds"] else 0
    kind_note = "" if top.kind in FEDERATION_KINDS else "（注意：不是上级工会）"
    return (
        f"已在「{top}」（代码 {top.code}）{kind_note}下生成模拟数据：\n"
        f"  上级工会 {stats['federations']:,} 个，基层工会 {stats['unions']:,} 个，"
        f"工会小组 {stats['groups']:,} 个；\n"
        f"  会员 {stats['members']:,} 名（在会 {statuses[MemberStatus.ACTIVE]:,}，"
        f"退休 {statuses[MemberStatus.RETIRED]:,}，已离会、转出等 {others:,}），"
        f"最大的基层工会 {stats['largest']:,} 人；会籍变动记录 {stats['events']:,} 条；\n"
        f"  审计记录 1 条。用时 {stats['seconds']:.1f} 秒（约 {rate:,.0f} 名会员/秒），"
        f"更新统计信息 {stats['analyze']:.1f} 秒。"
    )
