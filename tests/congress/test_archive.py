"""The whole sitting as one .zip for 归档: every document under its Chinese name in a fixed
order, a 目录.txt with the key figures, audited, for ``congress.view`` only."""

import io
import zipfile
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from gonghui.congress import archive
from gonghui.congress.services import papers as services
from gonghui.core.models import AuditEntry

from .papers_support import docx_text, small_hall

SITTING_NAME = "第八届第四次教职工代表大会"


@pytest.fixture
def hall(world):
    return small_hall(world)


def names_in(content: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_the_archive_holds_every_document_in_a_fixed_order(hall):
    content = archive.sitting_archive(hall.c.sitting)
    poll = "表决事项01_关于《学校工作报告》的决议"
    ev = "民主评议01_中层干部民主评议"
    el = "选举01_选举第九届工会委员会委员"
    assert names_in(content) == [
        "目录.txt",
        "会议通知.docx",
        "签到表.docx",
        "提案汇编.docx",
        f"{poll}_表决票.docx",
        f"{poll}_计票单.docx",
        f"{ev}_评议票.docx",
        f"{ev}_计票单.docx",
        f"{ev}_结果.xlsx",
        f"{el}_选举票.docx",
        f"{el}_计票单.docx",
        "决议.docx",
        "结果公示.docx",
    ]
    zf = zipfile.ZipFile(io.BytesIO(content))
    # The UTF-8 flag: without it Windows Explorer shows the Chinese names garbled.
    assert all(info.flag_bits & 0x800 for info in zf.infolist())
    texts = {n: docx_text(zf.read(n)) for n in zf.namelist() if n.endswith(".docx")}
    assert "赞成 5 票，反对 1 票，弃权 0 票" in texts["决议.docx"]
    assert texts[f"{poll}_表决票.docx"].count("表　决　票") == 6
    assert "75.00%" in texts[f"{ev}_计票单.docx"]
    sheet = load_workbook(io.BytesIO(zf.read(f"{ev}_结果.xlsx"))).active
    assert sheet["A1"].value == "中层干部民主评议结果统计表"


def test_the_index_lists_the_files_and_the_key_figures(hall):
    zf = zipfile.ZipFile(io.BytesIO(archive.sitting_archive(hall.c.sitting, exported_by="李主席")))
    raw = zf.read("目录.txt")
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert f"{SITTING_NAME} 会议文件归档" in text
    assert "应到代表 6 人，实到 6 人" in text
    assert (
        "1. 关于《学校工作报告》的决议：通过（赞成 5 票，反对 1 票，弃权 0 票；应到 6 人，实到 6 人）"
        in text
    )
    assert "中层干部民主评议：有效票 4 张；满意率 张主任 75.00%，刘主任 25.00%" in text
    elected = "、".join(rep.member.name for rep in hall.c.reps[-3:-1])
    assert f"选举第九届工会委员会委员：应选 2 名，当选 2 名（{elected}）" in text
    assert "提案：提交 0 件" in text
    listed = [line.split(". ", 1)[1].split("（")[0] for line in text.splitlines() if ". " in line]
    for name in zf.namelist()[1:]:
        assert name in listed
    assert "导出人：李主席" in text


def test_the_archive_export_is_audited_and_downloadable(hall, world, client_for):
    content, name = services.archive_export(actor=world.chair, sitting=hall.c.sitting)
    assert name == f"{SITTING_NAME}会议文件.zip"
    assert "决议.docx" in names_in(content)
    entry = AuditEntry.objects.get(action="congress.export")
    assert entry.actor == world.chair and entry.changes == {"导出": [None, name]}
    response = client_for(world.chair).get(f"/congress/sittings/{hall.c.sitting.pk}/archive.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith(quote(name))  # the Chinese name
    assert names_in(response.content)[0] == "目录.txt"
    assert AuditEntry.objects.filter(action="congress.export").count() == 2


def test_a_member_who_is_not_a_representative_cannot_take_the_archive(hall, world, client_for):
    url = f"/congress/sittings/{hall.c.sitting.pk}/archive.zip"
    assert client_for(world.group_leader).get(url).status_code == 403  # not seated, no role
    assert client_for(world.outsider).get(url).status_code == 404  # not in the school at all
    assert not AuditEntry.objects.filter(action="congress.export").exists()
