"""The year of care records for ``bench/care_federation.py``: written into the generated
district by INSERT … SELECT (SQLite), one part per care module, every other column of a
row its field's default. What each part writes is in ``care_federation.py``'s docstring;
the cache's hash covers this whole file."""

from __future__ import annotations

import datetime
import json
import time

from care_gifts import CURRENT, GRASSROOTS  # bench/, beside this file

YEAR = 2026

D0, D_LAST = datetime.date(2023, 1, 1), datetime.date(2027, 12, 31)
SHA = "9f2c" * 16  # a stand-in for the stored file's SHA-256
# Who is picked: ``(id * a) % p < n`` with a different prime p per part (1009 files, 1013
# events, 1019 bursaries, 1021 claims, 101 donors), so that the parts overlap as chance
# would have it and a picked member's smaller residues (id % 100 for a file's state, id % 20
# for an event's kind) are spread evenly.


def K(day: datetime.date) -> int:
    """The row of ``bench_day`` holding ``day``."""
    return (day - D0).days


J = K(datetime.date(YEAR, 1, 1))


def lit(text: str) -> str:
    return "'" + text.replace("'", "''").replace("%", "%%") + "'"


def _ins(cursor, model, columns: dict[str, str], tail: str) -> int:
    """INSERT INTO ``model``'s table the ``columns`` (column → SQL over ``tail``, the rest of
    the SELECT); every other column gets its field's default, as the generator's Inserter
    does, so a column added later with a default does not break the data."""
    from django.db import connection

    qn = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(columns) - {f.column for f in fields}
    assert not unknown, unknown
    extra = [f for f in fields if f.column not in columns]
    names = ", ".join(qn(c) for c in [*columns, *(f.column for f in extra)])
    exprs = ", ".join([*columns.values(), *(["%s"] * len(extra))])
    params = [f.get_db_prep_save(f.get_default(), connection) for f in extra]
    cursor.execute(
        f"INSERT INTO {qn(model._meta.db_table)} ({names}) SELECT {exprs} {tail}", params
    )
    return cursor.rowcount


def child_care() -> None:
    from django.db import connection, transaction

    parts = (_days, _hardship, _history, _aids, _events, _spring, _bursary, _donations,
             _insurance, _health, _rest)  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        for part in parts:
            started = time.perf_counter()
            rows = part(cursor)
            print(
                f"  {part.__name__[1:]:10} {rows:>10,} rows {time.perf_counter() - started:6.1f} s"
            )
        cursor.execute("DROP TABLE bench_day")
        cursor.execute("DROP TABLE bench_n")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _days(cursor) -> int:
    """bench_day: every day of 2023–2027 with its working-day number; bench_n: 0–9."""
    from gonghui.core.dates import is_workday

    cursor.execute(
        "CREATE TABLE bench_day (k INTEGER PRIMARY KEY, day DATE NOT NULL UNIQUE, wd INT)"
    )
    rows, wd = [], 0
    for k in range(K(D_LAST) + 1):
        day = D0 + datetime.timedelta(days=k)
        work = is_workday(day)
        rows.append((k, day.isoformat(), wd if work else None))
        wd += work
    cursor.executemany("INSERT INTO bench_day VALUES (%s, %s, %s)", rows)
    cursor.execute("CREATE INDEX bench_day_wd ON bench_day (wd)")
    cursor.execute("CREATE TABLE bench_n (n INTEGER PRIMARY KEY)")
    cursor.executemany("INSERT INTO bench_n VALUES (%s)", [(n,) for n in range(10)])
    return len(rows)


FILE_STATE = (
    "CASE WHEN r < 75 OR r >= 95 THEN 'filed' WHEN r < 85 THEN 'exited' WHEN r < 89 THEN"
    " 'applied' WHEN r < 91 THEN 'screened' WHEN r = 91 THEN 'visited' WHEN r = 92 THEN"
    " 'publicity' ELSE 'rejected' END"
)
CREATED = (  # the application's day: filed long ago or this year, pending ones this autumn
    f"CASE s.state WHEN 'filed' THEN (s.id * 13) %% 1380 WHEN 'exited' THEN (s.id * 13) %% 900"
    f" WHEN 'rejected' THEN {J} + (s.id * 13) %% 300 ELSE {J + 290} + s.id %% 20 END"
)
ON_FILE = "s.state IN ('filed', 'exited')"
PER_CAPITA = (  # fen a month: under the 低保 line (深度), under twice it (相对), …
    "CASE h.tier WHEN 'deep' THEN 80000 + (h.id %% 200) * 100 WHEN 'relative' THEN"
    " 110000 + (h.id %% 90) * 1000 WHEN 'accident' THEN 150000 + (h.id %% 50) * 1000"
    " ELSE 230000 + (h.id %% 50) * 1000 END"
)
CREATED_DAY = "JOIN bench_day c ON c.day = substr(h.created_at, 1, 10)"


def _hardship(cursor) -> int:
    from gonghui.care.models import Assessment, HardshipFile, HouseholdMember, Visit

    inner = (
        f"SELECT id, union_id, {FILE_STATE} AS state FROM (SELECT id, union_id, id %% 100 AS r"
        f" FROM orgs_member WHERE status IN {CURRENT} AND (id * 7919) %% 1009 < 16) x"
    )
    n = _ins(cursor, HardshipFile, {
        "union_id": "s.union_id", "member_id": "s.id", "state": "s.state",
        "tier": "CASE WHEN s.state = 'rejected' THEN 'none' WHEN s.id %% 3 = 0 THEN 'deep'"
                " WHEN s.id %% 3 = 1 THEN 'relative' ELSE 'accident' END",
        "round": "1",
        "plan": f"CASE WHEN {ON_FILE} THEN '每季度走访一次；春节、中秋送慰问；子女入学可申请金秋助学。'"
                " ELSE '' END",
        "filed_on": f"CASE WHEN {ON_FILE} THEN f.day END",
        "review_due": "CASE WHEN s.state = 'filed' THEN g.day END",
        "created_at": "c.day || ' 01:30:00'",
    }, f"FROM ({inner}) s JOIN bench_day c ON c.k = {CREATED} JOIN bench_day f ON f.k = c.k + 32"
       f" JOIN bench_day g ON g.k = {K(datetime.date(YEAR + 1, 1, 1))} + c.k %% 300")  # fmt: skip
    figures = (
        f"SELECT h.id, h.tier, h.created_at, {PER_CAPITA} AS pc, 1 + h.member_id %% 4 AS hh,"
        " 6000 + (h.id %% 50) * 100 AS rigid FROM care_hardshipfile h"
    )
    n += _ins(cursor, Assessment, {
        "file_id": "a.id", "kind": "'application'", "round": "1",
        "income": "(a.pc * 12 * a.hh) / 100.0 + a.rigid", "rigid": "a.rigid",
        "rigid_notes": "'子女教育、慢性病用药'",
        "hardship_cost": "CASE a.tier WHEN 'accident' THEN 60000 + (a.id %% 40) * 1000 ELSE 0 END",
        "cause": "CASE a.tier WHEN 'accident' THEN (CASE a.id %% 2 WHEN 0 THEN 'illness'"
                 " ELSE 'accident' END) ELSE '' END",
        "cause_notes": "CASE a.tier WHEN 'accident' THEN '家庭成员患病住院，医疗费用自付部分较高。'"
                       " ELSE '' END",
        "household_size": "a.hh", "dibao": "1062", "per_capita": "a.pc / 100.0",
        "tier": "a.tier", "created_at": "a.created_at",
    }, f"FROM ({figures}) a")  # fmt: skip
    n += _ins(cursor, HouseholdMember, {
        "assessment_id": "a.id",
        "relation": "CASE n.n WHEN 0 THEN '本人' WHEN 1 THEN '配偶' WHEN 2 THEN '子女' ELSE '父亲' END",
        "name": "CASE n.n WHEN 0 THEN m.name WHEN 1 THEN '王某' ELSE substr(m.name, 1, 1) || '某' END",
        "age": "CASE n.n WHEN 0 THEN 35 + m.id %% 20 WHEN 1 THEN 33 + m.id %% 20 WHEN 2 THEN"
               " 8 + m.id %% 12 ELSE 62 + m.id %% 15 END",
        "standing": "CASE n.n WHEN 0 THEN (CASE m.status WHEN 'retired' THEN 'retired' ELSE"
                    " 'employed' END) WHEN 1 THEN (CASE m.id %% 3 WHEN 0 THEN 'unemployed' ELSE"
                    " 'employed' END) WHEN 2 THEN 'student' ELSE 'retired' END",
        "health": "CASE n.n WHEN 3 THEN '慢性病' ELSE '' END",
    }, "FROM care_assessment a JOIN care_hardshipfile h ON h.id = a.file_id"
       " JOIN orgs_member m ON m.id = h.member_id JOIN bench_n n ON n.n < a.household_size")  # fmt: skip
    n += _ins(cursor, Visit, {
        "file_id": "h.id", "round": "1", "visited_on": "v.day",
        "visitors": "'工会主席、生活委员'", "findings": "'入户核实家庭收入、刚性支出和共同生活人口，情况属实。'",
        "consent_name": "'家庭经济状况核对授权委托书.pdf'", "consent_type": "'application/pdf'",
        "consent_size": "180000 + h.id %% 5000", "consent_sha256": lit(SHA),
        "recorded_at": "v.day || ' 07:00:00'",
    }, f"FROM care_hardshipfile h {CREATED_DAY} JOIN bench_day v ON v.k = c.k + 20"
       " WHERE h.state IN ('visited', 'publicity', 'filed', 'exited')")  # fmt: skip
    return n


ALL_STATES = "'applied', 'screened', 'visited', 'publicity', 'filed', 'exited', 'rejected'"
STEPS = (  # from, to, step, day, the states that went through it, note
    ("", "applied", "申请", "c.k", ALL_STATES, ""),
    ("applied", "screened", "初审通过", "c.k + 7",
     "'screened', 'visited', 'publicity', 'filed', 'exited'", ""),
    ("screened", "visited", "入户调查", "c.k + 20", "'visited', 'publicity', 'filed', 'exited'", ""),
    ("visited", "publicity", "公示", "c.k + 25", "'publicity', 'filed', 'exited'", "公示 5 个工作日"),
    ("publicity", "filed", "建档", "c.k + 32", "'filed', 'exited'", ""),
    ("applied", "rejected", "不予通过", "c.k + 7", "'rejected'", "家庭月人均收入高于低保标准的 2 倍。"),
    ("filed", "exited", "脱困退档", f"{J} + h.id %% 300", "'exited'", "家庭收入稳定，已脱困。"),
)  # fmt: skip


def _history(cursor) -> int:
    """Each file's state changes up to its state (``care.services._move``'s rows)."""
    from gonghui.care.models import StateChange

    n = 0
    for before, after, step, day, states, note in STEPS:
        n += _ins(cursor, StateChange, {
            "file_id": "h.id", "from_state": lit(before), "to_state": lit(after),
            "step": lit(step), "note": lit(note), "at": "d.day || ' 02:00:00'",
        }, f"FROM care_hardshipfile h {CREATED_DAY} JOIN bench_day d ON d.k = {day}"
           f" WHERE h.state IN ({states})")  # fmt: skip
    return n


def _aids(cursor) -> int:
    """1–4 帮扶 in 2026 for every filed household, none before its filing day."""
    from gonghui.care.models import Aid

    spread = f"{J} + (h.id * 37 + n.n * 89) %% 330"
    kind = (
        "CASE WHEN n.n = 3 AND h.id %% 7 = 0 THEN 'job' ELSE (CASE n.n WHEN 0 THEN 'money'"
        " WHEN 1 THEN 'goods' WHEN 2 THEN 'medical' ELSE 'education' END) END"
    )
    return _ins(cursor, Aid, {
        "file_id": "h.id", "kind": kind, "given_on": "g.day",
        "amount": "CASE WHEN n.n = 3 AND h.id %% 7 = 0 THEN 0 ELSE (CASE n.n"
                  " WHEN 0 THEN (100050 + (h.id %% 10) * 10000) / 100.0 WHEN 1 THEN"
                  " 300 + (h.id %% 5) * 60 WHEN 2 THEN (200035 + (h.id * 7 %% 30) * 10000) / 100.0"
                  " ELSE 1500 END) END",
        "notes": "CASE n.n WHEN 0 THEN '春节慰问金' WHEN 1 THEN '米、油、棉被' WHEN 2 THEN"
                 " '住院医疗补助' ELSE '子女教育补助' END",
        "recorded_at": "g.day || ' 03:00:00'",
    }, "FROM care_hardshipfile h JOIN bench_day f ON f.day = h.filed_on"
       " JOIN bench_n n ON n.n <= h.id %% 4"
       f" JOIN bench_day g ON g.k = CASE WHEN {spread} > f.k THEN {spread} ELSE f.k + 1 END"
       " WHERE h.state = 'filed'")  # fmt: skip


EVENT_KIND = (
    "CASE WHEN e.kk < 8 THEN '生病住院' WHEN e.kk < 11 THEN '结婚' WHEN e.kk < 13 THEN '生育'"
    " WHEN e.kk < 16 THEN '直系亲属去世' WHEN e.kk = 16 THEN '退休' WHEN e.kk = 17 THEN"
    " '发生意外' ELSE '家庭困难' END"
)


def _events(cursor) -> int:
    """五必访: events of 2026 for ≈4 % of current members and the visits made for them."""
    from gonghui.care.models import CareVisit, LifeEvent

    inner = (
        f"SELECT id, union_id, {J} + (id * 7) %% 320 AS ok, id %% 20 AS kk, CASE WHEN"
        " id %% 50 = 0 THEN 'withdrawn' WHEN id %% 25 = 1 THEN 'due' ELSE 'visited' END AS state"
        f" FROM orgs_member WHERE status IN {CURRENT} AND (id * 131) %% 1013 < 40"
    )
    n = _ins(cursor, LifeEvent, {
        "union_id": "e.union_id", "member_id": "e.id", "kind": EVENT_KIND,
        "occurred_on": "o.day", "due_on": "d.day", "state": "e.state",
        "visited_on": "CASE e.state WHEN 'visited' THEN v.day END",
        "self_reported": "e.id %% 3 = 0",
        "withdrawn_reason": "CASE e.state WHEN 'withdrawn' THEN '重复登记，已在另一事件中走访'"
                            " ELSE '' END",
        "recorded_at": "o.day || ' 04:00:00'",
    }, f"FROM ({inner}) e JOIN bench_day o ON o.k = e.ok JOIN bench_day d ON d.k = e.ok + 7"
       " JOIN bench_day v ON v.k = e.ok + e.id %% 9")  # fmt: skip
    n += _ins(cursor, CareVisit, {
        "union_id": "e.union_id", "member_id": "e.member_id", "event_id": "e.id",
        "visited_on": "e.visited_on", "visitors": "'工会主席、小组长'",
        "goods": "CASE e.kind WHEN '生病住院' THEN '鲜花、水果' WHEN '生育' THEN '婴儿用品'"
                 " ELSE '' END",
        "amount": "CASE e.kind WHEN '家庭困难' THEN 1000 WHEN '生病住院' THEN 500 WHEN"
                  " '直系亲属去世' THEN 500 WHEN '发生意外' THEN 500 ELSE 300 END",
        "recorded_at": "e.visited_on || ' 05:00:00'",
    }, "FROM care_lifeevent e WHERE e.state = 'visited'")  # fmt: skip
    return n


SPRING = datetime.date(YEAR, 1, 19)
TARGET_SOURCE = (
    "CASE WHEN h.id IS NOT NULL THEN 'hardship' WHEN m.status = 'retired' THEN 'retired'"
    " ELSE 'frontline' END"
)


def _spring(cursor) -> int:
    """春节送温暖: a campaign per union; filed households, retirees and one front-line worker
    in ten as targets; all but one in twenty visited."""
    from gonghui.care.models import Campaign, CampaignTarget, CareVisit

    n = _ins(cursor, Campaign, {
        "union_id": "id", "name": f"'{YEAR}年春节送温暖'", "kind": "'spring'",
        "starts_on": lit(SPRING.isoformat()), "ends_on": f"'{YEAR}-02-16'",
        "notes": "'走访慰问困难职工、退休职工和一线职工'", "created_at": f"'{YEAR}-01-10 02:00:00'",
    }, f"FROM orgs_union WHERE {GRASSROOTS}")  # fmt: skip
    joins = (
        "FROM orgs_member m JOIN care_campaign c ON c.union_id = m.union_id AND c.kind = 'spring'"
        " LEFT JOIN care_hardshipfile h ON h.member_id = m.id AND h.state = 'filed'"
        f" AND h.filed_on < {lit(SPRING.isoformat())}"
    )
    who = (
        f" WHERE m.status IN {CURRENT} AND (h.id IS NOT NULL OR m.status = 'retired'"
        " OR (m.is_frontline AND m.id %% 10 = 0))"
    )
    n += _ins(cursor, CareVisit, {
        "union_id": "m.union_id", "member_id": "m.id", "campaign_id": "c.id",
        "visited_on": "v.day", "visitors": "'工会主席、委员'", "goods": "'米、油、春联'",
        "amount": f"CASE {TARGET_SOURCE} WHEN 'hardship' THEN 1000 WHEN 'retired' THEN 300"
                  " ELSE 500 END",
        "recorded_at": "v.day || ' 08:00:00'",
    }, f"{joins} JOIN bench_day v ON v.k = {K(SPRING)} + m.id %% 27 {who}"
       " AND m.id %% 20 <> 7")  # fmt: skip
    n += _ins(cursor, CampaignTarget, {
        "campaign_id": "c.id", "member_id": "m.id", "source": TARGET_SOURCE,
        "visit_id": "v.id", "added_at": f"'{YEAR}-01-15 02:00:00'",
    }, f"{joins} LEFT JOIN care_carevisit v ON v.campaign_id = c.id AND v.member_id = m.id"
       f" {who}")  # fmt: skip
    return n


def _bursary(cursor) -> int:
    from gonghui.care.models import BursaryApplication, BursaryRound
    from gonghui.care.rules_bursary import EXAMPLE_EXCLUSIONS

    n = _ins(cursor, BursaryRound, {
        "union_id": "id", "year": str(YEAR), "opens_on": f"'{YEAR}-07-01'",
        "closes_on": f"'{YEAR}-08-27'",
        "status": "CASE WHEN id %% 10 = 3 THEN 'publicity' ELSE 'paid' END",
        "paid_on": f"CASE WHEN id %% 10 = 3 THEN NULL ELSE '{YEAR}-09-15' END",
        "created_at": f"'{YEAR}-06-20 02:00:00'",
    }, f"FROM orgs_union WHERE {GRASSROOTS}")  # fmt: skip
    high = "m.id %% 5 > 2"
    n += _ins(cursor, BursaryApplication, {
        "round_id": "r.id", "union_id": "m.union_id", "member_id": "m.id",
        "child_name": "substr(m.name, 1, 1) || CASE m.id %% 8 WHEN 0 THEN '子涵' WHEN 1 THEN"
                      " '一诺' WHEN 2 THEN '梓轩' WHEN 3 THEN '欣怡' WHEN 4 THEN '浩然' WHEN 5"
                      " THEN '雨桐' WHEN 6 THEN '宇航' ELSE '思琪' END",
        "level": "CASE WHEN m.id %% 5 < 2 THEN 'undergraduate' WHEN m.id %% 5 = 2 THEN"
                 " 'college' ELSE 'high_school' END",
        "school": "CASE m.id %% 5 WHEN 0 THEN '武汉大学' WHEN 1 THEN '湖北大学' WHEN 2 THEN"
                  " '湖北职业技术学院' ELSE '示范县第一中学' END",
        "proof_name": "'录取通知书.jpg'", "proof_type": "'image/jpeg'",
        "proof_size": "240000 + m.id %% 9000", "proof_sha256": lit(SHA),
        "exclusions": lit(json.dumps(list(EXAMPLE_EXCLUSIONS), ensure_ascii=False)),
        "filed": "h.id IS NOT NULL",
        "amount": f"CASE WHEN h.id IS NOT NULL THEN (CASE WHEN {high} THEN 3000 ELSE 5000 END)"
                  f" ELSE (CASE WHEN {high} THEN 2000 ELSE 4000 END) END",
        "state": "CASE WHEN m.id %% 15 = 0 THEN 'rejected' WHEN r.status = 'paid' THEN 'paid'"
                 " ELSE 'approved' END",
        "review_note": "CASE WHEN m.id %% 15 = 0 THEN '本年度已获得其他同类助学资助。' ELSE '' END",
        "reviewed_at": f"'{YEAR}-08-30 02:00:00'", "applied_on": "a.day",
        "self_applied": "m.id %% 4 <> 0", "created_at": "a.day || ' 06:00:00'",
    }, f"FROM orgs_member m JOIN care_bursaryround r ON r.union_id = m.union_id AND r.year = {YEAR}"
       " LEFT JOIN care_hardshipfile h ON h.member_id = m.id AND h.state = 'filed'"
       f" AND h.filed_on < '{YEAR}-07-01'"
       f" JOIN bench_day a ON a.k = {K(datetime.date(YEAR, 7, 1))} + m.id %% 50"
       " WHERE m.status = 'active' AND (m.id * 17) %% 1019 < 6")  # fmt: skip
    return n


GIFT = (
    "CASE d.member_id %% 8 WHEN 0 THEN 50 WHEN 3 THEN 200 WHEN 4 THEN 88.88 WHEN 5 THEN 150"
    " WHEN 6 THEN 300 WHEN 7 THEN 66.6 ELSE 100 END"
)
METHOD = (
    "CASE WHEN d.member_id %% 20 < 10 THEN 'payroll' WHEN d.member_id %% 20 < 16 THEN"
    " 'transfer' WHEN d.member_id %% 20 < 19 THEN 'cash' ELSE 'direct' END"
)


def _donations(cursor) -> int:
    """慈善一日捐 in eight unions of ten: three members in four give; one in five pledged
    first; one in 150 typed twice and the copy reversed; the money held handed over."""
    from gonghui.care.models import DonationCampaign, DonationEntry, DonationHandover, Donor

    n = _ins(cursor, DonationCampaign, {
        "union_id": "id", "name": f"'{YEAR}年慈善一日捐'", "kind": "'one_day'",
        "purpose": "'帮扶本县困难职工和困难群众'", "recipient": "'示范县慈善总会'",
        "starts_on": f"'{YEAR}-05-06'", "ends_on": f"'{YEAR}-05-31'",
        "suggestion": "'倡议捐出一天工资，自愿捐款'", "state": "'closed'",
        "opened_on": f"'{YEAR}-05-06'", "closed_on": f"'{YEAR}-06-05'",
        "created_at": f"'{YEAR}-04-28 02:00:00'",
    }, f"FROM orgs_union WHERE {GRASSROOTS} AND id %% 10 < 8")  # fmt: skip
    n += _ins(cursor, Donor, {
        "campaign_id": "c.id", "union_id": "m.union_id", "member_id": "m.id",
        "anonymous": "m.id %% 40 = 0", "created_at": f"'{YEAR}-05-08 02:00:00'",
    }, "FROM orgs_member m JOIN care_donationcampaign c ON c.union_id = m.union_id"
       f" WHERE m.status IN {CURRENT} AND (m.id * 29) %% 101 < 76")  # fmt: skip
    for kind, first, where, note in (
        ("pledge", datetime.date(YEAR, 5, 6), "d.member_id %% 5 = 0", ""),
        ("payment", datetime.date(YEAR, 5, 8), "1 = 1", ""),
        ("payment", datetime.date(YEAR, 5, 8), "d.member_id %% 150 = 7", "重复录入"),
    ):
        n += _ins(cursor, DonationEntry, {
            "campaign_id": "d.campaign_id", "donor_id": "d.id", "kind": lit(kind),
            "amount": GIFT, "method": "''" if kind == "pledge" else METHOD, "on": "o.day",
            "note": lit(note), "self_recorded": "d.member_id %% 3 = 0",
            "recorded_at": "o.day || ' 09:00:00'",
        }, f"FROM care_donor d JOIN bench_day o ON o.k = {K(first)} + d.member_id %% 20"
           f" WHERE {where}")  # fmt: skip
    n += _ins(cursor, DonationEntry, {
        "campaign_id": "e.campaign_id", "donor_id": "e.donor_id", "kind": "e.kind",
        "amount": "-e.amount", "method": "e.method", "on": f"'{YEAR}-06-01'",
        "reverses_id": "e.id", "reason": "'重复录入，撤销'", "recorded_at": f"'{YEAR}-06-01 02:00:00'",
    }, "FROM care_donationentry e WHERE e.note = '重复录入'")  # fmt: skip
    held = (
        "SELECT campaign_id, ROUND(SUM(amount), 2) AS t FROM care_donationentry"
        " WHERE kind = 'payment' AND method <> 'direct' GROUP BY campaign_id"
    )
    n += _ins(cursor, DonationHandover, {
        "campaign_id": "c.id", "on": f"'{YEAR}-06-10'", "recipient": "c.recipient",
        "amount": "s.t", "receipt_no": f"'慈收{YEAR}-' || c.id", "recorded_at": f"'{YEAR}-06-10 02:00:00'",
    }, f"FROM ({held}) s JOIN care_donationcampaign c ON c.id = s.campaign_id WHERE s.t > 0")  # fmt: skip
    return n


CLAIMED = "(100050 + (e.member_id %% 190) * 10000) / 100.0"
CLAIM_STATE = (
    "CASE e.member_id %% 20 WHEN 0 THEN 'denied' WHEN 1 THEN 'review' WHEN 2 THEN 'review'"
    " WHEN 3 THEN 'submitted' ELSE 'paid' END"
)


def _insurance(cursor) -> int:
    """住院医疗 in 85 % of unions (女职工特殊疾病 in a third of those), nine active members in
    ten and some retirees enrolled, one in 97 withdrawn; the premium; claims."""
    from gonghui.care.models import (
        InsuranceClaim,
        InsuranceEnrollment,
        InsurancePlan,
        InsurancePremium,
    )

    n = 0
    for kind, name, premium, where in (
        ("hospital", "职工住院医疗互助保障",
         "CASE WHEN kind IN ('agency', 'institution', 'school', 'hospital') THEN 60 ELSE 40 END", ""),
        ("women", "女职工特殊疾病互助保障", "15", " AND id %% 3 = 0"),
    ):  # fmt: skip
        n += _ins(cursor, InsurancePlan, {
            "union_id": "id", "name": lit(f"{YEAR}年度{name}"), "kind": lit(kind),
            "provider_kind": "'mutual'", "provider": "'示范县职工互助保障会'", "premium": premium,
            "max_benefit": "50000", "starts_on": f"'{YEAR}-01-01'", "ends_on": f"'{YEAR}-12-31'",
            "eligibility": "'women'" if kind == "women" else "'all'",
            "created_at": f"'{YEAR - 1}-12-20 02:00:00'",
        }, f"FROM orgs_union WHERE {GRASSROOTS} AND id %% 20 < 17{where}")  # fmt: skip
    for kind, who in (
        ("hospital", "(m.status = 'active' AND (m.id * 41) %% 100 < 90 OR m.status = 'retired'"
                     " AND (m.id * 41) %% 100 < 40)"),
        ("women", "m.status = 'active' AND m.sex = 'F' AND (m.id * 43) %% 100 < 80"),
    ):  # fmt: skip
        out = "m.id %% 97 = 0 AND (m.joined_on IS NULL OR m.joined_on < '2026-06-01')"
        n += _ins(cursor, InsuranceEnrollment, {
            "plan_id": "p.id", "union_id": "m.union_id", "member_id": "m.id",
            "enrolled_on": f"CASE WHEN m.joined_on > '{YEAR}-01-01' THEN m.joined_on"
                           f" ELSE '{YEAR}-01-01' END",
            "withdrawn_on": f"CASE WHEN {out} THEN '{YEAR}-06-30' END",
            "withdraw_reason": f"CASE WHEN {out} THEN '本人申请退保' ELSE '' END",
            "created_at": f"'{YEAR}-01-05 02:00:00'",
        }, "FROM orgs_member m JOIN care_insuranceplan p ON p.union_id = m.union_id"
           f" AND p.kind = {lit(kind)} WHERE {who}")  # fmt: skip
    n += _ins(cursor, InsurancePremium, {
        "plan_id": "p.id", "union_id": "p.union_id", "members": "e.n",
        "amount": "e.n * p.premium", "drafted_on": f"'{YEAR}-01-10'",
        "created_at": f"'{YEAR}-01-10 02:00:00'",
    }, "FROM care_insuranceplan p JOIN (SELECT plan_id, COUNT(*) AS n FROM care_insuranceenrollment"
       f" WHERE enrolled_on <= '{YEAR}-01-10' GROUP BY plan_id) e ON e.plan_id = p.id")  # fmt: skip
    n += _ins(cursor, InsuranceClaim, {
        "plan_id": "e.plan_id", "enrollment_id": "e.id", "union_id": "e.union_id",
        "member_id": "e.member_id", "event_on": "v.day", "kind": "'hospital'",
        "diagnosis": "'住院治疗'", "claimed": CLAIMED,
        "paid": f"CASE {CLAIM_STATE} WHEN 'paid' THEN ROUND({CLAIMED} * 0.6, 2) END",
        "state": CLAIM_STATE,
        "reason": f"CASE {CLAIM_STATE} WHEN 'denied' THEN '门诊费用不在保障范围内' ELSE '' END",
        "submitted_on": "s.day", "paid_on": f"CASE {CLAIM_STATE} WHEN 'paid' THEN pd.day END",
        "decided_at": f"CASE WHEN {CLAIM_STATE} IN ('paid', 'denied') THEN pd.day || ' 06:00:00' END",
        "created_at": "s.day || ' 06:00:00'",
    }, "FROM care_insuranceenrollment e JOIN care_insuranceplan p ON p.id = e.plan_id"
       f" AND p.kind = 'hospital' JOIN bench_day v ON v.k = {J + 20} + (e.member_id * 11) %% 250"
       " JOIN bench_day s ON s.k = v.k + 10 JOIN bench_day pd ON pd.k = v.k + 45"
       " WHERE (e.member_id * 53) %% 1021 < 25 AND e.withdrawn_on IS NULL"
       " AND v.day >= e.enrolled_on")  # fmt: skip
    return n


AUTUMN_NOW = f"'{YEAR}-11-30'"  # the running campaigns' slots up to here have happened
HEALTH_STATE = (
    f"CASE WHEN c.starts_on < '{YEAR}-07-01' THEN (CASE WHEN (m.id * 61) %% 100 < 88 THEN"
    f" 'done' ELSE 'absent' END) WHEN sd.day <= {AUTUMN_NOW} THEN (CASE WHEN"
    " (m.id * 61) %% 100 < 85 THEN 'done' WHEN (m.id * 61) %% 100 < 95 THEN 'absent' ELSE"
    " 'booked' END) WHEN (m.id * 61) %% 100 < 80 THEN 'booked' ELSE 'pending' END"
)


def _health(cursor) -> int:
    """体检 in nine unions of ten: 40 working-day slots, every active member a target."""
    from gonghui.care.models import HealthCampaign, HealthSlot, HealthTarget

    n = _ins(cursor, HealthCampaign, {
        "union_id": "id", "year": str(YEAR), "name": f"'{YEAR}年职工健康体检'",
        "provider": "'示范县人民医院体检中心'", "address": "'示范县人民医院门诊楼三楼'",
        "starts_on": f"CASE WHEN id %% 10 = 8 THEN '{YEAR}-10-12' ELSE '{YEAR}-04-07' END",
        "ends_on": f"CASE WHEN id %% 10 = 8 THEN '{YEAR}-12-18' ELSE '{YEAR}-06-30' END",
        "general": "TRUE", "screening": "TRUE", "capacity": "30", "afternoon": "FALSE",
        "notice": "'体检前一日晚八点后禁食，请携带身份证。'", "entrust_ref": "'单位职工体检委托函'",
        "created_at": f"'{YEAR}-03-20 02:00:00'",
    }, f"FROM orgs_union WHERE {GRASSROOTS} AND id %% 10 <> 9")  # fmt: skip
    n += _ins(cursor, HealthSlot, {
        "campaign_id": "c.id", "day": "d.day", "period": "'am'", "capacity": "32767",
        "booked": "0",
    }, "FROM care_healthcampaign c JOIN bench_day s0 ON s0.day = c.starts_on"
       " JOIN bench_day d ON d.wd BETWEEN s0.wd AND s0.wd + 39")  # fmt: skip
    targets = (
        f"SELECT m.id, m.union_id, m.sex, c.id AS cid, c.starts_on, sl.id AS slid, sd.day,"
        f" {HEALTH_STATE} AS state FROM orgs_member m"
        " JOIN care_healthcampaign c ON c.union_id = m.union_id"
        " JOIN bench_day s0 ON s0.day = c.starts_on JOIN bench_day sd ON sd.wd = s0.wd + m.id %% 40"
        " JOIN care_healthslot sl ON sl.campaign_id = c.id AND sl.day = sd.day AND sl.period = 'am'"
        " WHERE m.status = 'active'"
    )
    held = "t.state IN ('booked', 'done')"
    n += _ins(cursor, HealthTarget, {
        "campaign_id": "t.cid", "union_id": "t.union_id", "member_id": "t.id",
        "general": "TRUE", "screening": "t.sex = 'F'",
        "reasons": "CASE t.sex WHEN 'F' THEN '每年一次常规体检；女职工每年一次妇科/两癌筛查'"
                   " ELSE '每年一次常规体检' END",
        "state": "t.state", "slot_id": f"CASE WHEN {held} THEN t.slid END",
        "confirmed": held, "booked_at": f"CASE WHEN {held} THEN t.starts_on || ' 01:00:00' END",
        "done_on": "CASE t.state WHEN 'done' THEN t.day END",
        "general_done": "t.state = 'done'", "screening_done": "t.state = 'done' AND t.sex = 'F'",
        "absent_reason": "CASE t.state WHEN 'absent' THEN (CASE t.id %% 4 WHEN 0 THEN 'away'"
                         " WHEN 1 THEN 'sick' WHEN 2 THEN 'declined' ELSE 'elsewhere' END)"
                         " ELSE '' END",
        "marked_at": "CASE WHEN t.state IN ('done', 'absent') THEN t.day || ' 09:00:00' END",
        "added_at": f"'{YEAR}-03-25 02:00:00'",
    }, f"FROM ({targets}) t")  # fmt: skip
    held_of = (
        "(SELECT COUNT(*) FROM care_healthtarget t WHERE t.slot_id = care_healthslot.id"
        " AND t.state IN ('booked', 'done'))"
    )
    cursor.execute(f"UPDATE care_healthslot SET booked = {held_of}, capacity = {held_of} + 10")
    return n


RANKED = (
    "SELECT r.id AS rid, r.union_id, r.places, m.id AS mid, m.is_frontline AS fl,"
    " ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY (m.id * 7919 + r.id) %% 100003, m.id) AS rk"
    " FROM care_restround r JOIN orgs_member m ON m.union_id = r.union_id AND m.status = 'active'"
)
REST_STATE = (
    "CASE WHEN x.rk <= x.places THEN (CASE WHEN x.mid %% 20 = 0 THEN 'declined' WHEN"
    " x.mid %% 97 = 0 THEN 'removed' ELSE 'taken' END) WHEN x.rk <= x.places + x.places / 20"
    " THEN 'taken' ELSE 'candidate' END"
)


def _rest(cursor) -> int:
    """疗休养 in six unions of ten: a spring round, and an autumn one where 100 or more are
    active; places for one active member in twelve; the proposal's first 2 × places kept."""
    from gonghui.care.models import RestEntry, RestRound
    from gonghui.care.rules_rest import example_categories

    active = (
        "SELECT u.id, COUNT(m.id) AS n FROM orgs_union u JOIN orgs_member m ON m.union_id = u.id"
        f" AND m.status = 'active' WHERE u.{GRASSROOTS} AND u.id %% 10 < 6 GROUP BY u.id"
    )
    batches = (
        f"SELECT 1 AS b, '{YEAR}年第一批职工疗休养' AS name, '{YEAR}-05-11' AS starts"
        f" UNION ALL SELECT 2, '{YEAR}年第二批职工疗休养', '{YEAR}-10-19'"
    )
    n = _ins(cursor, RestRound, {
        "union_id": "s.id", "year": str(YEAR), "name": "b.name", "base": "'千岛湖职工疗休养基地'",
        "base_listed": "TRUE", "procurement_ref": "'县总工会疗休养基地名录内定点，2026年3月比选'",
        "insured": "TRUE", "starts_on": "b.starts", "days": "5",
        "places": "CASE WHEN s.n / 12 < 1 THEN 1 ELSE s.n / 12 END", "cost_per_day": "500",
        "dues_until": f"CASE b.b WHEN 1 THEN '{YEAR}-03-31' ELSE '{YEAR}-08-31' END",
        "status": "'paid'", "categories": lit(json.dumps(example_categories(), ensure_ascii=False)),
        "n_eligible": "s.n", "proposed_at": f"'{YEAR}-03-20 02:00:00'",
        "confirmed_at": f"'{YEAR}-04-10 02:00:00'",
        "paid_on": f"CASE b.b WHEN 1 THEN '{YEAR}-05-20' ELSE '{YEAR}-10-28' END",
        "created_at": f"'{YEAR}-03-15 02:00:00'",
    }, f"FROM ({active}) s CROSS JOIN ({batches}) b WHERE b.b = 1 OR s.n >= 100")  # fmt: skip
    for batch, skip in (
        ("第一批", ""),
        (
            "第二批",
            " AND NOT EXISTS (SELECT 1 FROM care_restentry e"
            " WHERE e.member_id = m.id AND e.state = 'taken')",
        ),
    ):
        n += _ins(cursor, RestEntry, {
            "round_id": "x.rid", "union_id": "x.union_id", "member_id": "x.mid",
            "year": str(YEAR), "rank": "x.rk",
            "last_year": "CASE x.mid %% 5 WHEN 0 THEN NULL ELSE 2020 + x.mid %% 5 END",
            "weight": "CASE WHEN x.fl THEN 3 ELSE 0 END", "mask": "CASE WHEN x.fl THEN 1 ELSE 0 END",
            "amount": "2500", "state": REST_STATE,
            "reason": "CASE WHEN x.rk > x.places THEN '' WHEN x.mid %% 20 = 0 THEN"
                      " '家中有事，本人放弃' WHEN x.mid %% 97 = 0 THEN '本年度已参加其他疗休养，调出'"
                      " ELSE '' END",
        }, f"FROM ({RANKED} WHERE r.name LIKE {lit('%' + batch + '%')}{skip}) x"
           " WHERE x.rk <= 2 * x.places")  # fmt: skip
    return n
