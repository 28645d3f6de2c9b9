"""The federation refusal of the books, the inherited settings and sums in fen."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField, F, Q, Sum
from django.db.models.functions import Cast, Round

from gonghui.core import union_settings
from gonghui.orgs.models import Union

from .. import rules
from ..models import FinanceSettings
from ..money import FEN

# Said to a federation's administrator on any page of the books: get_union(..., grassroots=).
GRASSROOTS = "上级工会不在本平台记账；请进入下属基层工会查看。"


def refuse_federation(union: Union) -> None:
    """PermissionDenied for a federation: it keeps no books here (a command's check; pages
    ask ``core.queries.get_union(..., grassroots=GRASSROOTS)``)."""
    if union.is_federation:
        raise PermissionDenied(GRASSROOTS)


def settings_for(union: Union) -> FinanceSettings:
    """The union's finance settings: its own row, else its nearest ancestor's (a federation
    sets the rule for its district), else the defaults of ``finance/rules.py``."""
    found = union_settings.inherited(FinanceSettings, union)
    if found.pk is None and not found.dues_items:
        found.dues_items = list(rules.DUES_COUNTED_ITEMS)
    return found


def fen_total(expression, *, where: Q | None = None) -> Sum:
    """SUM of a money expression (a field name or an expression) in integer fen. SQLite
    keeps a DecimalField as a REAL and its plain SUM is a float sum (0.00999… for 0.01;
    a loan repaid to the fen could still look open); whole fen add up exactly on both
    engines."""
    expr = F(expression) if isinstance(expression, str) else expression
    return Sum(Cast(Round(expr * 100), BigIntegerField()), filter=where)


def fen_to_yuan(fen) -> Decimal:
    return (Decimal(int(fen or 0)) / 100).quantize(FEN)
