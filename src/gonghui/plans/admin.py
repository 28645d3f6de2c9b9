from gonghui.core.admin import register_read_only

from .models import Item, ItemLink, Plan, Section, SummaryText, Target

register_read_only(Plan, Section, Item, Target, ItemLink, SummaryText)
