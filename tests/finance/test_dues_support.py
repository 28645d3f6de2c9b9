"""Helpers for the dues tests (no tests here): bases for the school's members, spreadsheets
built with openpyxl, and the figures the tests expect.

The school's bases under the default setting (counted: 基本工资 + 岗位工资 + 基础性绩效工资,
0.5 %, the part under ten yuan not counted):

==========  ===================================  ========  ======
member      items                                counted   dues
==========  ===================================  ========  ======
李主席      basic 3,009.99                       3,000     15.00
王委员      basic 3,010.00                       3,010     15.05
赵财务      basic 5,000, post 1,000, bonus 800   6,000     30.00
钱经审      basic 4,000                          4,000     20.00
孙组长      basic 2,999.99                       2,990     14.95
周会员      basic 2,500, performance 500.50      3,000     15.00
吴老师      basic 4,500, exempt (病休)           —         —
==========  ===================================  ========  ======
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook

from gonghui.finance.services import dues as ds

MONTH = datetime.date(2026, 10, 1)
D = Decimal

BASES = {
    "李主席": {"basic": D("3009.99")},
    "王委员": {"basic": D("3010.00")},
    "赵财务": {"basic": D("5000"), "post": D("1000"), "bonus": D("800")},
    "钱经审": {"basic": D("4000")},
    "孙组长": {"basic": D("2999.99")},
    "周会员": {"basic": D("2500"), "performance": D("500.50")},
}
DUES = {
    "李主席": D("15.00"),
    "王委员": D("15.05"),
    "赵财务": D("30.00"),
    "钱经审": D("20.00"),
    "孙组长": D("14.95"),
    "周会员": D("15.00"),
}
MONTH_TOTAL = sum(DUES.values(), D("0"))  # 110.00


def set_bases(world) -> None:
    for name, items in BASES.items():
        ds.dues_base_set(actor=None, member=world.members[name], items=items)
    ds.dues_base_set(
        actor=None,
        member=world.members["吴老师"],
        items={"basic": D("4500")},
        exempt=True,
        exempt_reason="病休",
    )


def charged_world(world, month=MONTH):
    """The school with bases set and ``month`` charged."""
    set_bases(world)
    ds.dues_run(actor=world.treasurer, union=world.school, month=month)
    return world


def xlsx(rows, header=("姓名", "身份证号", "会员证号", "代扣金额"), title=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    # ID and card numbers as text, as a careful payroll office keeps them.
    for col in ws.iter_cols():
        for cell in col:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def pay(world, name, amount, *, month=MONTH, key="", method="cash", actor=None):
    return ds.dues_pay(
        actor=actor or world.treasurer,
        union=world.school,
        member=world.members[name],
        month=month,
        amount=amount,
        paid_on=datetime.date(2026, 10, 20),
        method=method,
        idempotency_key=key,
    )
