"""Importing a roster spreadsheet built here with openpyxl, as people really fill them in."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from gonghui.core.models import AuditEntry
from gonghui.core.spreadsheets import CellError, SpreadsheetFileError, parse_date
from gonghui.members import services as member_services
from gonghui.members.idcard import id_check_char
from gonghui.members.models import EventKind, ImportRun, MemberEvent
from gonghui.members.services_import import roster_import
from gonghui.orgs.models import Member, UnionGroup

TODAY = datetime.date(2026, 6, 1)
HEADER = ["序号", "姓名", "性别", "身份证号码", "出生日期", "联系电话", "学历", "政治面貌",
          "部门", "用工形式", "是否一线职工", "入会时间", "会员证号", "工会小组"]  # fmt: skip


def gb_id(birth: str, order: int, region: str = "110105") -> str:
    """A valid 18-character ID: ``order`` odd for a man, even for a woman."""
    first17 = f"{region}{birth}{order:03d}"
    return first17 + id_check_char(first17)


MAN_1985 = gb_id("19850314", 123)  # 男
WOMAN_1990 = gb_id("19900307", 124)  # 女
MAN_1979 = gb_id("19791120", 31)
WOMAN_1962 = gb_id("19620405", 2)


def xlsx(rows, *, title=None, header=HEADER, sheet="Sheet1", extra_sheets=()) -> bytes:
    """A workbook whose rows are written cell by cell, so a Python int stays a number cell
    and a str stays a text cell, as Excel would have them."""
    wb = Workbook()
    for name, sheet_rows in extra_sheets:
        other = wb.create_sheet(name)
        for r in sheet_rows:
            other.append(r)
    ws = wb.active
    ws.title = sheet
    if title is not None:
        ws.cell(row=1, column=1, value=title)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def person(name, id_number, **cells):
    """One row in HEADER's columns; keyword names are HEADER texts."""
    row = dict.fromkeys(HEADER, None)
    row.update({"序号": 1, "姓名": name, "身份证号码": id_number}, **cells)
    return [row[h] for h in HEADER]


def run(world, data, **kwargs):
    kwargs.setdefault("today", TODAY)
    return roster_import(
        actor=world.chair, union=world.school, file=data, filename="花名册.xlsx", **kwargs
    )


def dump():
    """Every row a failed import could have touched."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Member, UnionGroup, AuditEntry, ImportRun, MemberEvent)
    }


# --- reading -------------------------------------------------------------------


def test_merged_title_row_is_skipped_and_people_are_created(world):
    data = xlsx(
        [
            person(
                "张伟",
                MAN_1985,
                性别="男",
                联系电话="13812345678",
                学历="本科",
                政治面貌="党员",
                部门="初中部",
                用工形式="在编",
                是否一线职工="是",
                入会时间="2008.07",
                会员证号="GH-0001",
                工会小组="语文组",
            ),
            person(
                "欧阳娜",
                WOMAN_1990,
                学历="大专",
                政治面貌="团员",
                是否一线职工="否",
                入会时间=datetime.date(2012, 9, 1),
                工会小组="体育组",
            ),
        ],
        title="第一中学工会会员花名册（2026年）",
    )
    result = run(world, data)
    assert result.header_row == 2
    assert result.rows == 2
    assert result.summary() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [],
        "groups_created": ["体育组"],
    }
    assert result.written and result.unknown_columns == []
    zhang = Member.objects.get(id_number=MAN_1985)
    assert (zhang.union, zhang.group, zhang.sex) == (world.school, world.chinese, "M")
    assert zhang.birth_date == datetime.date(1985, 3, 14)  # derived from the ID number
    assert (zhang.education, zhang.political_status, zhang.employment) == (
        "bachelor",
        "cpc",
        "established",
    )
    assert zhang.is_frontline and not zhang.is_manager
    assert zhang.joined_on == datetime.date(2008, 7, 1)
    assert (zhang.card_number, zhang.mobile, zhang.status) == ("GH-0001", "13812345678", "active")
    assert (zhang.name_pinyin, zhang.name_initials, zhang.mobile_tail, zhang.id_tail) == (
        "zhangwei",
        "zw",
        "5678",
        MAN_1985[-4:],
    )
    ouyang = Member.objects.get(id_number=WOMAN_1990)
    assert ouyang.sex == "F" and ouyang.group.name == "体育组"
    assert (ouyang.education, ouyang.political_status) == ("college", "league")
    assert ouyang.name_initials == "oyn"
    assert UnionGroup.objects.get(union=world.school, name="体育组").archived_at is None


def test_full_width_digits_spaces_and_lowercase_x_are_normalised(world):
    number = gb_id("19491231", 2)
    assert number.endswith("X")
    fullwidth = number[:17].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + "x"
    data = xlsx([person(" 王 芳 ", fullwidth + "\u3000", 联系电话="１３８ ００００ ０１２３")])
    result = run(world, data)
    assert result.created == 1, result.rejected
    member = Member.objects.get(id_number=number)
    assert (member.name, member.mobile, member.sex) == ("王芳", "13800000123", "F")


def test_header_aliases_stars_brackets_and_unknown_columns(world):
    header = ["名字*", "证件号码（必填）", "手机", "文化程度", "备注", "年龄", "序号", "所在小组"]
    data = xlsx([["李雷", MAN_1979, 13900001111, "硕士", "新调入", 46, 1, "数学组"]], header=header)
    result = run(world, data)
    assert result.unknown_columns == ["备注", "年龄"]
    assert result.created == 1, result.rejected
    member = Member.objects.get(id_number=MAN_1979)
    # A phone number typed as a number keeps all 11 digits.
    assert (member.mobile, member.education, member.group) == ("13900001111", "master", world.maths)


def test_a_sheet_named_like_a_roster_is_preferred(world):
    data = xlsx(
        [person("张伟", MAN_1985)],
        sheet="花名册",
        extra_sheets=[("统计", [["部门", "人数"], ["初中部", 40]])],
    )
    # The statistics sheet comes first in the workbook; the roster is still found.
    result = run(world, data)
    assert (result.sheet_name, result.created) == ("花名册", 1)


def test_not_a_spreadsheet_and_no_header_are_refused(world):
    before = dump()
    with pytest.raises(SpreadsheetFileError, match="无法读取该文件"):
        run(world, b"name,id\n")
    with pytest.raises(SpreadsheetFileError, match="找不到表头行"):
        run(world, xlsx([["a", "b"]], header=["编号", "证件"]))
    assert dump() == before


def test_a_file_without_an_id_column_is_refused_as_a_whole(world):
    with pytest.raises(SpreadsheetFileError, match="没有“身份证号码”或“证件号码”列"):
        run(world, xlsx([["张伟", "男"]], header=["姓名", "性别"]))


def test_row_numbers_are_excel_rows_when_the_sheet_starts_lower_and_further_right(world):
    wb = Workbook()
    ws = wb.active
    ws.cell(row=3, column=2, value="姓名")  # rows 1-2 and column A are empty
    ws.cell(row=3, column=3, value="身份证号码")
    ws.cell(row=4, column=2, value="张伟")
    ws.cell(row=4, column=3, value=MAN_1985)
    ws.cell(row=6, column=2, value="李雷")
    ws.cell(row=6, column=3, value=bad_check_digit(MAN_1979))
    out = io.BytesIO()
    wb.save(out)
    result = run(world, out.getvalue())
    assert result.header_row == 3
    assert [(r["row"], r["column"]) for r in result.rejected] == [(6, "身份证号码")]


def test_a_federation_takes_no_members(world):
    with pytest.raises(ValidationError, match="基层工会"):
        roster_import(actor=None, union=world.fed, file=xlsx([]), filename="x.xlsx", today=TODAY)


# --- dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected", "month_only"),
    [
        (datetime.date(1985, 3, 1), datetime.date(1985, 3, 1), False),
        (datetime.datetime(1985, 3, 1, 0, 0), datetime.date(1985, 3, 1), False),
        ("1985.03", datetime.date(1985, 3, 1), True),
        (1985.03, datetime.date(1985, 3, 1), True),  # typed into a number cell
        (1985.12, datetime.date(1985, 12, 1), True),
        (1985.2, datetime.date(1985, 2, 1), True),
        ("1985年3月", datetime.date(1985, 3, 1), True),
        ("1985 年 3 月", datetime.date(1985, 3, 1), True),
        ("1985-3-1", datetime.date(1985, 3, 1), False),
        ("1985/03/01", datetime.date(1985, 3, 1), False),
        ("19850301", datetime.date(1985, 3, 1), False),
        (19850301, datetime.date(1985, 3, 1), False),
        ("1985.3.1", datetime.date(1985, 3, 1), False),
        ("1985年3月1日", datetime.date(1985, 3, 1), False),
        ("１９８５年３月１日", datetime.date(1985, 3, 1), False),
        ("1985-03-01 00:00:00", datetime.date(1985, 3, 1), False),
        ("198503", datetime.date(1985, 3, 1), True),
        (31107.0, datetime.date(1985, 3, 1), False),  # an Excel serial shown as a number
        ("", None, False),
        (None, None, False),
    ],
)
def test_date_formats(cell, expected, month_only):
    assert parse_date(cell) == (expected, month_only)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (1985.1, "分不清是 1 月还是 10 月"),
        ("1985", "只有年份"),
        (1985, "只有年份"),
        ("1985-13-01", "月份不对"),
        ("1985-02-30", "不存在"),
        ("85.3.1", "看不懂日期"),
        ("1885-03-01", "年份不合理"),
        (True, "应填日期"),
        (datetime.time(8, 30), "应填日期"),
        (float("nan"), "应填日期"),
        (1e-05, "看不懂日期"),
        (30.0, "看不懂日期"),  # before 1900-03-01
    ],
)
def test_dates_that_cannot_be_read_say_why(cell, message):
    with pytest.raises(CellError, match=message):
        parse_date(cell)


DAYS = st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 12, 31))


@given(day=DAYS)
def test_every_written_form_of_a_day_reads_back(day):
    y, m, d = day.year, day.month, day.day
    for text in (
        f"{y}-{m}-{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}年{m}月{d}日",
        f"{y}{m:02d}{d:02d}",
    ):
        assert parse_date(text) == (day, False), text
    assert parse_date(int(f"{y}{m:02d}{d:02d}")) == (day, False)
    first = day.replace(day=1)
    for text in (f"{y}.{m:02d}", f"{y}年{m}月", f"{y}-{m:02d}"):
        assert parse_date(text) == (first, True), text
    if m != 1 and m != 10:
        assert parse_date(float(f"{y}.{m:02d}")) == (first, True)
    serial = (day - datetime.date(1899, 12, 30)).days
    if serial > 2100:  # below that, numbers read as years
        assert parse_date(float(serial)) == (day, False)


@given(st.one_of(st.text(max_size=20), st.floats(allow_nan=True), st.integers()))
def test_the_date_parser_never_fails_other_than_with_a_message(value):
    try:
        day, _ = parse_date(value)
    except CellError as exc:
        assert str(exc)
    else:
        assert day is None or 1900 <= day.year <= 2100


def test_dates_in_every_format_through_the_import(world):
    cells = [
        datetime.date(2008, 7, 1),
        "2008.07",
        2008.07,
        "2008年7月",
        "2008-7-1",
        "2008/07/01",
        "20080701",
        20080701,
        "2008.7.1",
        "2008年7月1日",
        39630.0,
    ]
    rows = [
        person(f"会员{n}", gb_id("19800101", 2 * n + 1), 入会时间=cell)
        for n, cell in enumerate(cells)
    ]
    result = run(world, xlsx(rows))
    assert result.created == len(cells), result.rejected
    joined = set(Member.objects.filter(name__startswith="会员").values_list("joined_on", flat=True))
    assert joined == {datetime.date(2008, 7, 1)}


def test_a_month_only_birth_date_takes_the_day_from_the_id_number(world):
    result = run(world, xlsx([person("张伟", MAN_1985, 出生日期="1985.03")]))
    assert result.rejected == []
    assert Member.objects.get(id_number=MAN_1985).birth_date == datetime.date(1985, 3, 14)


# --- rejections ---------------------------------------------------------------------


@pytest.fixture
def hospital_nurse(world):
    return member_services.member_update(
        actor=None, member=world.members["郑护士"], id_number=WOMAN_1962, card_number="WS-9"
    )


def bad_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def test_every_kind_of_rejection_names_the_excel_row_and_column(world, hospital_nurse):
    ids = [gb_id("19800101", n) for n in range(1, 40, 2)]  # men born 1980-01-01
    rows = [
        person("张一", ids[0], 会员证号="C-1"),  # row 2: fine
        person("张二", 110105198001010000),  # row 3: a real number cell
        person("张三", bad_check_digit(ids[1])),  # row 4
        person("张四", ids[2], 性别="女"),  # row 5: the ID says male
        person("张五", ids[3], 出生日期="1980-02-01"),  # row 6: the ID says 1980-01-01
        [None] * len(HEADER),  # row 7: blank, skipped silently
        person(None, ids[4], 联系电话="138"),  # row 8: no name, and a short mobile
        person("张七", ids[5], 入会时间="1990-05-01"),  # row 9: aged 10
        person("张八", ids[6], 入会时间="2026-07-01"),  # row 10: after TODAY
        person("张九", ids[0]),  # row 11: same ID as row 2
        person("张十", ids[7], 会员证号="C-1"),  # row 12: same card as row 2
        person("李一", ids[8], 学历="火星大学", 用工形式="包身工"),  # row 13
        person("李二", ids[9], 是否一线职工="也许"),  # row 14
        person("李三", ""),  # row 15: no ID
        [2, None, "", "  ", None, None, None, None, None, None, None, None, None, None],  # 16
        person("李四", WOMAN_1962),  # row 17: a member of the hospital union
        person("李五", ids[10], 会员证号="WS-9"),  # row 18: the nurse's card
        person("李六", ids[11], 入会时间="2020.1"),  # row 19: fine (text 2020.1 is January)
        person("李七", ids[12], 入会时间=2020.1),  # row 20: number: January or October?
    ]
    result = run(world, xlsx(rows))
    got = [(r["row"], r["column"]) for r in result.rejected]
    assert got == [
        (3, "身份证号码"),
        (4, "身份证号码"),
        (5, "性别"),
        (6, "出生日期"),
        (8, "姓名"),
        (8, "联系电话"),
        (9, "入会时间"),
        (10, "入会时间"),
        (11, "身份证号码"),
        (12, "会员证号"),
        (13, "学历"),
        (13, "用工形式"),
        (14, "是否一线职工"),
        (15, "身份证号码"),
        (17, "身份证号码"),
        (18, "会员证号"),
        (20, "入会时间"),
    ]
    reasons = {(r["row"], r["column"]): r["reason"] for r in result.rejected}
    numeric = reasons[(3, "身份证号码")]
    assert "存成了数字" in numeric and "1.10105E+17" in numeric
    assert "末几位" in numeric and "文本" in numeric and "单引号 '" in numeric
    assert "校验位不符" in reasons[(4, "身份证号码")]
    assert "不一致" in reasons[(5, "性别")]
    assert "1980-02-01" in reasons[(6, "出生日期")] and "1980-01-01" in reasons[(6, "出生日期")]
    assert reasons[(8, "姓名")] == "姓名不能为空。"
    assert "格式不对" in reasons[(8, "联系电话")]
    assert "未满 16 周岁" in reasons[(9, "入会时间")]
    assert "晚于今天" in reasons[(10, "入会时间")]
    assert "第 2 行" in reasons[(11, "身份证号码")]
    assert "第 2 行" in reasons[(12, "会员证号")]
    assert "火星大学" in reasons[(13, "学历")] and "大学本科" in reasons[(13, "学历")]
    assert "是" in reasons[(14, "是否一线职工")]
    assert "不能为空" in reasons[(15, "身份证号码")]
    assert (
        reasons[(17, "身份证号码")]
        == "已是「卫生院工会」的会员，请办理转会，不能在本工会重复登记。"
    )
    assert "卫生院工会" in reasons[(18, "会员证号")]
    assert "10 月" in reasons[(20, "入会时间")]
    # Row 16 holds only a 序号 and spaces: blank. Rows 2 and 19 are the valid ones.
    assert result.rows == 17
    assert (result.created, result.written) == (2, False)


def test_a_rejected_row_means_the_database_is_exactly_as_before(world, hospital_nurse):
    run(world, xlsx([person("老会员", MAN_1979, 部门="总务处")]))
    before = dump()
    rows = [
        person("老会员", MAN_1979, 部门="教务处"),  # would be an update
        person("新会员", MAN_1985, 工会小组="新小组"),  # would be created, with a group
        person("错号码", bad_check_digit(WOMAN_1990)),
    ]
    result = run(world, xlsx(rows))
    assert not result.written and result.run is None
    assert (result.created, result.updated, len(result.rejected)) == (1, 1, 1)
    assert result.groups_created == ["新小组"]
    assert dump() == before


def test_skip_invalid_writes_the_valid_rows_with_one_audit_entry(world):
    rows = [
        person("张伟", MAN_1985, 工会小组="新小组"),
        person("错号码", bad_check_digit(WOMAN_1990)),
        person("李雷", MAN_1979),
    ]
    entries = AuditEntry.objects.count()
    result = run(world, xlsx(rows), skip_invalid=True)
    assert result.written
    assert result.summary() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": [{"row": 3, "column": "身份证号码", "reason": result.rejected[0]["reason"]}],
        "groups_created": ["新小组"],
    }
    added = Member.objects.filter(union=world.school, id_number__startswith="110105")
    assert set(added.values_list("name", flat=True)) == {"张伟", "李雷"}
    new = AuditEntry.objects.order_by("pk")[entries:]
    assert [e.action for e in new] == ["member.import"]  # new groups are listed in it
    run_entry = new[0]
    assert run_entry.object_id == str(result.run.pk)
    assert run_entry.union_id == world.school.pk
    assert run_entry.changes["created"] == [None, 2]
    assert run_entry.changes["groups_created"] == [None, ["新小组"]]
    assert run_entry.changes["sha256"] == [None, result.sha256]
    assert len(result.sha256) == 64
    stored = ImportRun.objects.get()
    assert stored.result == result.summary()
    assert (stored.uploaded_by, stored.skip_invalid, stored.filename) == (
        world.chair,
        True,
        "花名册.xlsx",
    )
    assert stored.applied_at is not None


def test_dry_run_reports_everything_and_writes_nothing(world):
    before = dump()
    data = xlsx([person("张伟", MAN_1985, 工会小组="新小组"), person("李雷", MAN_1979)])
    result = run(world, data, dry_run=True)
    assert not result.written
    assert result.summary()["created"] == 2 and result.groups_created == ["新小组"]
    assert dump() == before
    assert run(world, data).summary() == result.summary()


# --- upsert ---------------------------------------------------------------------------


def test_reimport_is_unchanged_then_one_changed_cell_is_one_update(world):
    rows = [
        person("张伟", MAN_1985, 部门="初中部", 入会时间="2008.07", 会员证号="A1", 工会小组="语文组"),
        person("李雷", MAN_1979, 学历="本科", 是否一线职工="是"),
        person("王芳", WOMAN_1990, 联系电话="13800000001"),
    ]  # fmt: skip
    assert run(world, xlsx(rows)).created == 3
    count = Member.objects.count()
    again = run(world, xlsx(rows))
    assert again.summary() == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "rejected": [],
        "groups_created": [],
    }
    rows[1] = person("李雷", MAN_1979, 学历="本科", 是否一线职工="否")
    changed = run(world, xlsx(rows))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert changed.preview[1]["action"] == "更新"
    assert Member.objects.count() == count
    assert Member.objects.filter(id_number=MAN_1979).count() == 1
    assert not Member.objects.get(id_number=MAN_1979).is_frontline
    assert ImportRun.objects.count() == 3


def test_columns_missing_from_the_file_keep_their_values(world):
    run(world, xlsx([person("张伟", MAN_1985, 联系电话="13812345678", 工会小组="数学组")]))
    header = ["姓名", "身份证号码", "部门"]
    result = run(world, xlsx([["张伟", MAN_1985, "高中部"]], header=header))
    assert (result.updated, result.unchanged) == (1, 0)
    zhang = Member.objects.get(id_number=MAN_1985)
    assert (zhang.mobile, zhang.group, zhang.department) == ("13812345678", world.maths, "高中部")


def test_a_card_number_held_by_another_member_of_this_union_is_refused(world):
    run(world, xlsx([person("张伟", MAN_1985, 会员证号="A1")]))
    result = run(world, xlsx([person("李雷", MAN_1979, 会员证号="A1")]))
    assert result.rejected == [
        {"row": 2, "column": "会员证号", "reason": "会员证号“A1”已被本工会会员「张伟」使用。"}
    ]


def test_preview_lists_valid_rows_masked(world):
    rows = [person(f"会员{n}", gb_id("19800101", 2 * n + 1), 联系电话="13812345678")
            for n in range(30)]  # fmt: skip
    rows.insert(1, person("错号码", bad_check_digit(WOMAN_1990)))
    result = run(world, xlsx(rows), dry_run=True)
    assert len(result.preview) == 20
    first = result.preview[0]
    assert first["row"] == 2 and first["action"] == "新增" and first["name"] == "会员0"
    assert first["id_number"] == "110105***********" + gb_id("19800101", 1)[-1]
    assert first["mobile"] == "138****5678"
    assert first["sex"] == "男" and first["birth_date"] == "1980-01-01"
    assert result.preview[1]["row"] == 4  # row 3 is the rejected one


def test_an_uploaded_file_object_and_overlong_text(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = ["姓名", "身份证号码", "部门", "工会小组"]
    rows = [
        ["张伟", MAN_1985, "部" * 61, "组" * 61],
        ["李雷", MAN_1979, "部" * 60, "新小组"],
    ]
    upload = SimpleUploadedFile("花名册.xlsx", xlsx(rows, header=header))
    upload.read()  # the view may have read it already
    result = run(world, upload, dry_run=True)
    assert [(r["row"], r["column"]) for r in result.rejected] == [(2, "部门"), (2, "工会小组")]
    assert "最多 60 个字符" in result.rejected[0]["reason"]
    assert result.created == 1


def test_other_id_documents_need_a_sex_and_take_any_number(world):
    header = ["姓名", "证件类型", "证件号码", "性别", "出生日期"]
    rows = [
        ["Anna Müller", "护照", "C12345678", "女", "1990-05-06"],
        ["陈大文", "回乡证", "H1234567801", None, "1988-01-02"],
    ]
    result = run(world, xlsx(rows, header=header))
    assert result.rejected == [{"row": 3, "column": "性别", "reason": "请填写性别（男/女）。"}]
    assert (result.created, result.written) == (1, False)
    rows[1][3] = "男"
    assert run(world, xlsx(rows, header=header)).summary()["created"] == 2
    anna = Member.objects.get(id_number="C12345678")
    assert (anna.id_type, anna.sex, anna.birth_date) == ("passport", "F", datetime.date(1990, 5, 6))
    assert Member.objects.get(id_number="H1234567801").id_type == "hkmo"


def test_a_number_held_by_someone_who_left_another_union_is_explained(world, hospital_nurse):
    member_services.member_leave(
        actor=None, member=hospital_nurse, on=datetime.date(2026, 1, 5), reason="调离"
    )
    result = run(world, xlsx([person("李四", WOMAN_1962)]))
    assert result.rejected[0]["reason"].startswith("该证件号码登记在「卫生院工会」（已离会）")


def test_a_masked_export_is_refused_with_one_clear_reason_per_row(world):
    from gonghui.members.spreadsheets import members_export

    data = members_export(
        actor=world.chair,
        union=world.school,
        queryset=world.school.members.filter(id_number__gt=""),
        masked=True,
    )
    result = roster_import(actor=world.chair, union=world.school, file=data, filename="导出.xlsx")
    rejected = result.summary()["rejected"]
    assert len(rejected) == 2  # 周会员 and 吴老师: one entry each
    assert all("打码" in r["reason"] and r["column"] == "证件号码" for r in rejected)
    assert not result.written


# --- history and who may import ---------------------------------------------------------


def test_new_members_get_the_join_step_the_services_write(world):
    rows = [
        person("张伟", MAN_1985, 入会时间="2008.07", 工会小组="新小组"),
        person("李雷", MAN_1979),  # no join date: joined as of the import, like member_create
    ]
    result = run(world, xlsx(rows))
    steps = {
        e.member.name: e
        for e in MemberEvent.objects.filter(member__union=world.school, import_run=result.run)
    }
    assert set(steps) == {"张伟", "李雷"}
    assert {e.kind for e in steps.values()} == {EventKind.JOIN}
    assert steps["张伟"].on == datetime.date(2008, 7, 1) and steps["李雷"].on == TODAY
    assert {(e.union, e.recorded_by) for e in steps.values()} == {(world.school, world.chair)}
    # The same as a member the committee adds by hand: one 入会 step each.
    by_hand = member_services.member_create(
        actor=world.chair, union=world.school, name="王芳", sex="F"
    )
    assert list(by_hand.events.values_list("kind", flat=True)) == [EventKind.JOIN]


def test_a_moved_member_gets_the_group_step_and_a_new_join_date_corrects_the_join_step(world):
    run(world, xlsx([person("张伟", MAN_1985, 入会时间="2008.07", 工会小组="语文组")]))
    member = Member.objects.get(id_number=MAN_1985)
    again = run(world, xlsx([person("张伟", MAN_1985, 入会时间="2009.07", 工会小组="数学组")]))
    assert again.updated == 1
    steps = list(member.events.order_by("id").values_list("kind", "on", "reason", "import_run"))
    assert steps == [
        (EventKind.JOIN, datetime.date(2009, 7, 1), "", member.events.first().import_run_id),
        (EventKind.GROUP, TODAY, "调入「数学组」", again.run.pk),
    ]
    # Unchanged on a third import: no step is added.
    third = run(world, xlsx([person("张伟", MAN_1985, 入会时间="2009.07", 工会小组="数学组")]))
    assert third.unchanged == 1 and member.events.count() == 2


def test_leaving_the_group_cell_empty_on_a_moved_member_says_so(world):
    member = world.members["周会员"]  # in 语文组, added by member_create
    rows = [["序号", "姓名", "身份证号码", "工会小组"], [1, "周会员", member.id_number, ""]]
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    run(world, out.getvalue())
    assert member.events.filter(kind=EventKind.GROUP).get().reason == "移出小组"


def test_a_dry_run_and_a_refused_import_write_no_history(world):
    before = MemberEvent.objects.count()
    run(world, xlsx([person("张伟", MAN_1985)]), dry_run=True)
    run(world, xlsx([person("张伟", MAN_1985), person("错号码", bad_check_digit(WOMAN_1990))]))
    assert MemberEvent.objects.count() == before


def test_only_those_who_may_change_the_roster_import(world):
    data = xlsx([person("张伟", MAN_1985)])
    for actor in (world.treasurer, world.group_leader, world.outsider):
        with pytest.raises(PermissionDenied):
            roster_import(actor=actor, union=world.school, file=data, filename="a.xlsx")
        with pytest.raises(PermissionDenied):  # not even a preview
            roster_import(
                actor=actor, union=world.school, file=data, filename="a.xlsx", dry_run=True
            )
    assert not Member.objects.filter(id_number=MAN_1985).exists()
    # The system itself (a command on the server) may; it is recorded as nobody.
    result = roster_import(actor=None, union=world.school, file=data, filename="a.xlsx")
    assert result.run.uploaded_by is None
    assert MemberEvent.objects.get(import_run=result.run).recorded_by is None


def test_control_characters_in_cells_are_dropped_at_the_edge(world):
    # Excel writes a control character as the escape _x000B_; calamine decodes it.
    rows = [person("张_x000B_伟", MAN_1985, 工会小组="英语_x0000_组")]
    result = run(world, xlsx(rows))
    assert result.written and result.rejected == []
    member = Member.objects.get(id_number=MAN_1985)
    assert member.name == "张伟" and member.group.name == "英语组"
