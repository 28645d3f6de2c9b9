"""The year-end statements survive any stored text: a group or union name holding control
characters or formula-like text (stored straight through the ORM, as old data may be) is
written as the cleaned text, never as a formula; the audit report opens in Word."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import docx
import openpyxl
from django.urls import reverse

from gonghui.finance.models import DuesCharge
from gonghui.orgs.models import Union, UnionGroup

from .test_budget_support import ledger_voucher


def url(name, *args):
    return reverse(f"finance:{name}", args=["school", *args])


def test_statements_write_stored_names_as_text(world, client_for):
    ledger_voucher(world, [("401", "100")], date=datetime.date(2026, 1, 1))
    DuesCharge.objects.create(
        union=world.school,
        member=world.members["周会员"],
        month=datetime.date(2026, 1, 1),
        base=Decimal("4000"),
        rate=Decimal("0.005"),
        amount=Decimal("20.00"),
        paid=Decimal("0"),
        group_id_at=world.chinese.pk,
    )
    UnionGroup.objects.filter(pk=world.chinese.pk).update(name='=HYPERLINK("x","组")\x0b')
    Union.objects.filter(pk=world.school.pk).update(name="第一中学\x0b工会&")
    client = client_for(world.treasurer)
    response = client.get(url("statement_download", 2026))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert '=HYPERLINK("x","组")' in values and "编制单位：第一中学工会&" in values
    assert wb.worksheets[0].oddFooter.center.text.startswith("第一中学工会&& ")  # "&&" prints "&"
    report = client.get(url("audit_report", 2026))
    assert report.status_code == 200
    assert "第一中学工会&" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs
    )
