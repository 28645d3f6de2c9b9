"""Text at the edges: ``core.text.clean_text`` takes out what XML 1.0 and Excel cannot hold
and keeps every other character; ``core.exports`` writes any stored string into a cell as
text, never as a formula; every form cleans what is typed."""

from __future__ import annotations

import io
import re

from django import forms
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from gonghui.core import exports
from gonghui.core.forms import StyledForm
from gonghui.core.text import clean_text

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
# What no cleaned text may hold (XML 1.0's excluded characters, DEL and the C1 controls).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_ESCAPE = re.compile(
    r"_x(00[01][0-9a-f]|007f|00[89][0-9a-f]|d[89a-f][0-9a-f]{2}|fff[ef])_", re.IGNORECASE
)
ESCAPES = st.sampled_from(["_x0000_", "_x000B_", "_x000d_", "_x001F_", "_x0085_", "_x0041_"])
# Any text at all, surrogates included, with OOXML escapes spliced in.
ANY_TEXT = st.lists(st.one_of(st.text(max_size=12), ESCAPES), max_size=6).map("".join)
# Text with nothing to clean: CJK of every plane, emoji, rare characters, but no controls.
PLAIN_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff_")
)


@PROPERTY
@given(ANY_TEXT, st.booleans())
@example("a\x0bb_x0000_c", True)
@example("_x00_x0000_0B_", True)  # taking one escape out joins another
@example("_x00\x0b0B_", False)  # so does taking a control character out
def test_cleaned_text_holds_nothing_xml_cannot_and_cleaning_twice_changes_nothing(text, multiline):
    cleaned = clean_text(text, multiline=multiline)
    assert not FORBIDDEN.search(cleaned)
    assert not CONTROL_ESCAPE.search(cleaned)
    if not multiline:
        assert not set(cleaned) & set("\t\n\r")
    assert clean_text(cleaned, multiline=multiline) == cleaned


@PROPERTY
@given(PLAIN_TEXT)
@example("𠀀𪚥龘 👨‍👩‍👧‍👦 🇨🇳 é ـ ＝")
def test_text_with_nothing_to_clean_is_kept_as_it_is(text):
    assert clean_text(text) == text
    assert clean_text(text, multiline=False) == text


def test_line_breaks_stay_in_multi_line_text_and_go_from_one_line():
    assert clean_text("第一条\r\n\t第二条\x0b") == "第一条\r\n\t第二条"
    assert clean_text("张\n三\t", multiline=False) == "张三"
    assert clean_text("_x000D_\n", multiline=True) == "\n"  # an undecoded CR escape
    assert clean_text("备注_x0041_") == "备注_x0041_"  # not a control: stays as typed
    assert clean_text(None) == "" and clean_text(12) == "12"


# --- spreadsheets ---------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.cn","点我")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(1)"]


def _saved(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_put_makes_a_cell_of_a_normal_sheet_text():
    wb = Workbook()
    cell = exports.put(wb.active.cell(1, 1), "=1+1")
    styled = exports.put(WriteOnlyCell(wb.active), "-3")
    assert (cell.data_type, cell.quotePrefix, styled.quotePrefix) == ("s", True, True)
    assert load_workbook(io.BytesIO(_saved(wb))).active["A1"].value == "=1+1"
    assert exports.put(wb.active.cell(2, 1), -3).data_type == "n"


# --- forms ------------------------------------------------------------------------------


class NoteForm(StyledForm, forms.Form):
    title = forms.CharField(max_length=5)
    body = forms.CharField(widget=forms.Textarea)
    secret = forms.CharField(widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["late"] = forms.CharField(required=False)  # added after StyledForm ran


def test_every_text_field_of_a_form_is_cleaned_before_it_is_checked():
    form = NoteForm(
        {
            "title": "通\x0b知\n一_x0000_二三",  # 5 characters once cleaned
            "body": "第一段\x0c\r\n第二段",
            "secret": "pass\x0bword",
            "late": "晚\x1f到",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "title": "通知一二三",
        "body": "第一段\r\n第二段",
        "secret": "pass\x0bword",  # a password is checked as typed
        "late": "晚到",
    }
    assert not NoteForm({"title": "\x0b\x0c", "body": "正文", "secret": "x"}).is_valid()
