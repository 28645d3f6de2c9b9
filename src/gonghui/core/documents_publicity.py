"""The printed 公示 notice for the 公示栏 (.docx, GB/T 9704 layout of ``core.documents``):
the title, the explanation, the table, the period and how to object, the union's signature.
The objections are never printed: they are named and for the committee only."""

from __future__ import annotations

from . import documents as d
from .models import Publicity


def period_text(item: Publicity) -> str:
    return f"公示期为{d.cn_date(item.starts_on)}至{d.cn_date(item.ends_on)}"


def notice(item: Publicity) -> bytes:
    union = item.union
    doc = d.new_document()
    d.title(doc, item.title)
    for line in (item.body or "").splitlines():
        if line.strip():
            d.para(doc, line.strip())
    if item.columns:
        d.table(
            doc, ["序号", *item.columns], [[str(n), *row] for n, row in enumerate(item.rows, 1)]
        )
    d.para(doc)
    d.para(
        doc,
        f"{period_text(item)}。公示期间，本工会会员如有异议，可通过平台“公示”页面或向工会"
        "委员会实名提出，工会将逐一核实并答复。",
    )
    d.signature(doc, union.name, item.starts_on)
    return d.to_bytes(doc)
