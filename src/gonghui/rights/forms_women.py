"""The form of an 爱心妈咪小屋: place, area, the facilities as a checklist, keeper, state."""

from __future__ import annotations

from django import forms

from gonghui.care.forms_bursary import ChecksWidget
from gonghui.core.forms import StyledForm, date_input
from gonghui.members.picker import MemberField

from .models_women import MotherRoomFacility, MotherRoomState

# registered in members.picker.PURPOSES by plugins_women.connect
KEEPER_PICKER = "rights_women"


class MotherRoomForm(StyledForm, forms.Form):
    name = forms.CharField(label="名称", max_length=60, initial="爱心妈咪小屋")
    place = forms.CharField(label="位置", max_length=100, help_text="如：行政楼二层 203 室。")
    area = forms.DecimalField(
        label="面积（平方米）", max_digits=6, decimal_places=1, min_value=0.1, required=False
    )
    facilities = forms.MultipleChoiceField(
        label="设施",
        choices=MotherRoomFacility.choices,
        required=False,
        widget=ChecksWidget,
        help_text="勾选小屋里已有的设施。",
    )
    opened_on = forms.DateField(label="启用日期", widget=date_input())
    keeper = MemberField(label="管理人", purpose=KEEPER_PICKER, required=False)
    state = forms.ChoiceField(label="状态", choices=MotherRoomState.choices)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, union, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keeper"].for_union(union)
