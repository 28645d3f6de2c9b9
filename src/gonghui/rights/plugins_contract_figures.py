"""The figures and papers of collective contracts plugged into the platform: the metrics
集体合同签订, 集体合同签订率, 集体合同覆盖职工数 and 集体合同覆盖率 (plan targets, the
year-end summary), a contract as a plan item's 落实记录 ("8月前签订集体合同"), the summary
paragraph, the audit action of a paper downloaded, and the demo factory's renewal.

**Not kept parts** (``core.kept_figures``). The four figures depend only on the period's
end and the records, so they could be kept — but a grassroots union's coverage also rests
on a record of ANOTHER union: a 区域性 or 行业性 contract held by the federation above names
the unions it covers (``ContractEmployer.union``), and its audit entries name the
federation, never the covered unions, so a kept part of a covered union would not be
recomputed when that contract takes effect or ends. And a union covered twice (its own
contract and a regional one) counts once, which per-holder parts cannot see. So they are
computed directly: two aggregate queries over the subtree's unions and contracts
(``queries_contract_figures.coverage``), shared by the four figures through
``metrics.shared`` — contracts are a handful per union, and the unions are one indexed
``path LIKE``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from gonghui.core import metrics
from gonghui.core.summary import Paragraph, Writer
from gonghui.members.metrics import percent

from . import queries_contract_figures as queries
from .models_contracts import ContractKind

AREA = "集体合同"
TOPICS = ("集体合同", "集体协商", "维权", "民主管理", "劳动关系", "女职工")


# --- metrics --------------------------------------------------------------------------------


def _coverage(union, start: datetime.date, end: datetime.date) -> queries.Coverage:
    return metrics.shared(queries.coverage, union, end)


def signed(union, start: datetime.date, end: datetime.date) -> Decimal:
    """A grassroots union: 1 when covered at the period's end, else 0; a federation: the
    grassroots unions beneath it that are."""
    return Decimal(_coverage(union, start, end)["covered"])


def signed_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    found = _coverage(union, start, end)
    return percent(found["covered"], found["grassroots"])


def covered_workers(union, start: datetime.date, end: datetime.date) -> Decimal:
    found = _coverage(union, start, end)
    return Decimal(found["workers"] + found["outside"])


def coverage_rate(union, start: datetime.date, end: datetime.date) -> Decimal | None:
    found = _coverage(union, start, end)
    return percent(found["workers"], found["staff"])


METRICS = (
    metrics.Metric(
        key="rights.contract_signed",
        label="集体合同签订",
        unit="家",
        area=AREA,
        compute=signed,
        describe="期末有生效的综合集体合同（本单位单独签订，或被区域性、行业性集体合同覆盖）："
        "基层工会为1，否则为0；上级工会为所辖已签订的基层工会数。",
        aliases=("签订集体合同", "集体合同签订", "签订综合集体合同"),
    ),
    metrics.Metric(
        key="rights.contract_rate",
        label="集体合同签订率",
        unit="%",
        area=AREA,
        compute=signed_rate,
        describe="期末已签订（含被区域性、行业性集体合同覆盖）生效综合集体合同的基层工会数"
        "÷所辖未归档的基层工会数×100。分母为全部基层工会（官方口径未确认，"
        "不区分是否具备协商条件）。",
        aliases=("集体合同签订率", "签订率", "集体合同建制率"),
    ),
    metrics.Metric(
        key="rights.covered_workers",
        label="集体合同覆盖职工数",
        unit="人",
        area=AREA,
        compute=covered_workers,
        describe="期末生效的综合集体合同覆盖的职工人数：基层工会取本单位合同的覆盖职工数，"
        "仅被区域性、行业性合同覆盖的取其中该企业的职工数（同一工会只计一次），"
        "另加区域性、行业性合同中未在平台建会企业的职工数。",
        aliases=("集体合同覆盖职工", "覆盖职工数", "覆盖职工"),
    ),
    metrics.Metric(
        key="rights.coverage_rate",
        label="集体合同覆盖率",
        unit="%",
        area=AREA,
        compute=coverage_rate,
        describe="所辖基层工会中被生效综合集体合同覆盖的职工数÷这些基层工会的职工人数合计×100"
        "（未在平台建会的企业不在分母中，也不计入分子）。没有职工人数时无数据。",
        aliases=("集体合同覆盖率", "覆盖率"),
    ),
)


# --- plan links -----------------------------------------------------------------------------


def link_kind():
    from gonghui.plans.links import LinkKind

    return LinkKind(
        "contract",
        "集体合同",
        "rights.CollectiveContract",
        queries.signed_in,
        lambda c: f"《{c.title}》签订",
        lambda c: c.signed_on,
    )


# --- the year-end summary -------------------------------------------------------------------


def paragraphs(union, start: datetime.date, end: datetime.date) -> list[Paragraph]:
    """全年发出集体合同要约 a 份，签订 b 份（综合集体合同 1 份、…），其中续订 c 份；报送人社
    部门审查 d 份，收到审查意见书 e 份。年末生效的集体合同 f 份[；所辖 g 家基层工会签订…]，
    覆盖职工 h 人，覆盖率 x%。 Nothing when the period has no contract work and none is in
    force."""
    found = queries.year_figures(union, start, end)
    cover = queries.coverage(union, end)
    if not any(found[k] for k in ("offered", "signed", "submitted", "reviews", "in_force")):
        return []
    w = Writer()
    done = []
    if found["offered"]:
        done.append(f"发出集体合同要约{w.n(found['offered'], '份')}")
    if found["signed"]:
        kinds = [
            f"{label}{w.n(found[f'signed_{kind}'], '份')}"
            for kind, label in ContractKind.choices
            if found[f"signed_{kind}"]
        ]
        clause = f"签订集体合同{w.n(found['signed'], '份')}（{'、'.join(kinds)}）"
        extra = []
        if found["renewed"]:
            extra.append(f"续订{w.n(found['renewed'], '份')}")
        if found["regional"]:
            extra.append(f"区域性、行业性{w.n(found['regional'], '份')}")
        if extra:
            clause += f"，其中{'，'.join(extra)}"
        done.append(clause)
    if found["submitted"]:
        done.append(f"报送人社部门审查{w.n(found['submitted'], '份')}")
    if found["reviews"]:
        done.append(f"收到审查意见书{w.n(found['reviews'], '份')}")
    sentences = []
    if done:
        who = "所辖工会全年" if union.is_federation else "全年"
        sentences.append(f"{who}{'，'.join(done)}。")
    state = []
    if found["in_force"]:
        state.append(f"年末生效的集体合同{w.n(found['in_force'], '份')}")
    if union.is_federation and cover["grassroots"]:
        rate = percent(cover["covered"], cover["grassroots"])
        state.append(
            f"所辖{w.n(cover['grassroots'], '家')}基层工会中{w.n(cover['covered'], '家')}"
            f"签订或被区域性、行业性集体合同覆盖，签订率{w.pct(rate, 2)}"
        )
    workers = cover["workers"] + cover["outside"]
    if workers:
        clause = f"覆盖职工{w.n(workers, '人')}"
        rate = percent(cover["workers"], cover["staff"])
        if rate is not None:
            clause += f"，覆盖率{w.pct(rate, 2)}"
        state.append(clause)
    if state:
        sentences.append(f"{'；'.join(state)}。")
    return [w.para("rights.contracts", AREA, "".join(sentences), topics=TOPICS)]


# --- registration ---------------------------------------------------------------------------

AUDIT_ACTIONS = {"rights.contract_paper": "下载集体合同文书"}


def connect(area: str) -> None:
    """Register the part's audit actions, metrics, plan link, summary paragraph and demo
    step."""
    from gonghui.core import audit, demo, summary
    from gonghui.plans import links

    from .demo_contracts import build_contracts

    metrics.register(*METRICS)
    summary.register("rights.contracts", paragraphs)
    kind = link_kind()
    if all(k.key != kind.key for k in links.KINDS):
        links.KINDS.append(kind)
    audit.register_actions(AUDIT_ACTIONS, area=area)
    audit.register_fields(
        {"paper": "文书", "session": "协商会议次数"}, model="rights.collectivecontract"
    )
    demo.register("rights.contracts", build_contracts)
