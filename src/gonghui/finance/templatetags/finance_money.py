"""``{{ amount|yuan }}`` → "12,345.67": the accountant's three-digit grouping. Django's
zh-hans number format groups by four digits with no separator, which no finance form
uses."""

from django import template

from gonghui.finance.money import yuan

register = template.Library()
register.filter("yuan", yuan)
