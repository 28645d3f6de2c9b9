"""The import template and the member list export."""

import datetime
import io

from openpyxl import load_workbook

from gonghui.core.models import AuditEntry
from gonghui.members.columns import COLUMNS
from gonghui.members.idcard import parse_id_number
from gonghui.members.services_import import roster_import
from gonghui.members.spreadsheets import members_export, roster_export, roster_template
from gonghui.orgs.models import Member

from .test_import import MAN_1979, MAN_1985, TODAY, WOMAN_1990, person, xlsx

LABELS = [c.label for c in COLUMNS]


def load(data: bytes):
    return load_workbook(io.BytesIO(data))


def run(world, data, **kwargs):
    return roster_import(
        actor=world.chair,
        union=world.school,
        file=data,
        filename="x.xlsx",
        today=TODAY,
        **kwargs,
    )


def test_template_has_the_columns_lists_text_formats_and_notes():
    wb = load(roster_template())
    assert wb.sheetnames == ["花名册", "填写说明", "选项"]
    assert wb["选项"].sheet_state == "hidden"
    ws = wb["花名册"]
    headers = [c.value for c in ws[1]]
    assert [h.rstrip("*") for h in headers] == LABELS
    assert headers[0] == "姓名*" and headers[LABELS.index("证件号码")] == "证件号码*"
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")

    def column(label):
        return ws.cell(row=1, column=LABELS.index(label) + 1).column_letter

    for label in ("证件号码", "手机号码", "会员证号"):
        assert ws[f"{column(label)}2"].number_format == "@"
        assert ws[f"{column(label)}500"].number_format == "@"
    lists = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            sheet_range = dv.formula1.split("!")[1].replace("$", "")
            options = [c.value for row in wb["选项"][sheet_range] for c in row]
            for target in str(dv.sqref).split():
                lists[target.split(":")[0].rstrip("0123456789")] = options
    assert lists[column("性别")] == ["男", "女"]
    assert len(lists[column("民族")]) == 58 and lists[column("民族")][0] == "汉族"
    assert "居民身份证" in lists[column("证件类型")]
    assert "大学本科" in lists[column("学历")]
    assert "中共党员" in lists[column("政治面貌")]
    assert "劳务派遣" in lists[column("用工形式")]
    for label in ("一线职工", "中层及以上管理人员", "教师"):
        assert lists[column(label)] == ["是", "否"]
    prompts = [dv for dv in ws.data_validations.dataValidation if dv.prompt]
    assert {str(dv.sqref)[0] for dv in prompts} == {column("出生日期"), column("入会时间")}

    example = {label: ws.cell(row=2, column=n + 1).value for n, label in enumerate(LABELS)}
    facts = parse_id_number(example["证件号码"])
    assert example["出生日期"].date() == facts.birth_date
    assert example["性别"] == {"M": "男", "F": "女"}[facts.sex]

    notes = wb["填写说明"]
    explained = {row[0].value: row[2].value for row in notes.iter_rows(min_row=5) if row[2].value}
    assert set(LABELS) <= set(explained)
    assert "文本" in explained["证件号码"]


def test_importing_the_template_as_is_creates_the_example_member(world):
    before = Member.objects.count()
    result = run(world, roster_template())
    assert result.summary() == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "groups_created": [],
    }
    assert result.unknown_columns == []
    assert Member.objects.count() == before + 1
    assert Member.objects.get(name="张示例").union == world.school


def test_a_full_export_reimports_unchanged(world):
    rows = [
        person(
            "张伟",
            MAN_1985,
            联系电话="13812345678",
            学历="本科",
            政治面貌="党员",
            部门="初中部",
            用工形式="合同制",
            是否一线职工="是",
            入会时间="2008.07",
            会员证号="00123",
            工会小组="新小组",
        ),
        person("李雷", MAN_1979),
        person("王芳", WOMAN_1990, 入会时间=datetime.date(2015, 9, 1)),
    ]
    assert run(world, xlsx(rows)).created == 3
    members = (
        Member.objects.filter(union=world.school)
        .exclude(id_number="")  # the import needs the number to recognise a member
        .select_related("group")
        .order_by("pk")
    )
    data = roster_export(
        members,
        masked=False,
        exported_by="李主席",
        exported_at=datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC),
        union_name="第一中学工会",
    )
    ws = load(data).active
    assert ws["A1"].value == "第一中学工会会员名单（导出人：李主席，导出时间：2026-05-04 17:30）"
    assert "A1:T1" in {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[2]] == ["序号", *LABELS, "状态"]
    zhang = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[1] == "张伟")
    assert zhang[LABELS.index("证件号码") + 1] == MAN_1985
    assert zhang[LABELS.index("会员证号") + 1] == "00123"  # text: the leading zeros stay
    assert zhang[LABELS.index("入会时间") + 1] == datetime.datetime(2008, 7, 1)
    assert zhang[-1] == "在会"
    again = run(world, data)
    assert again.header_row == 2 and again.unknown_columns == []
    assert (again.created, again.updated, again.rejected) == (0, 0, [])
    assert again.unchanged == members.count()


def test_a_masked_export_hides_the_middle_of_numbers(world):
    member = world.members["周会员"]
    data = roster_export(
        [member],
        masked=True,
        exported_by="李主席",
        exported_at=datetime.date(2026, 5, 4),
        union_name="第一中学工会",
    )
    ws = load(data).active
    assert "导出时间：2026-05-04" in ws["A1"].value and "隐去" in ws["A1"].value
    row = [c.value for c in ws[3]]
    number = row[LABELS.index("证件号码") + 1]
    assert number == member.id_number[:6] + "*" * 11 + member.id_number[-1]
    assert row[LABELS.index("手机号码") + 1] == member.mobile[:3] + "****" + member.mobile[-4:]


def test_members_export_records_who_exported_how_many(world):
    queryset = Member.objects.filter(union=world.school)
    data = members_export(actor=world.chair, union=world.school, queryset=queryset, masked=True)
    ws = load(data).active
    assert "导出人：chair" in ws["A1"].value
    assert ws.max_row == 2 + queryset.count()
    entry = AuditEntry.objects.order_by("pk").last()
    assert (entry.action, entry.actor, entry.union_id) == (
        "member.export",
        world.chair,
        world.school.pk,
    )
    assert entry.changes == {"count": [None, queryset.count()], "masked": [None, True]}
