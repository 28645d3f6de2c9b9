"""Accounts and joining in a real browser (issue 14): the chair resets a password and the
owner must change it at the next login; someone applies on a phone, keeps the 查询码, the
chair approves from the 待办 and prints the new member's login slip. Screenshots of the
pages at phone and desktop width land in test-results/screens/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import id_number

from .conftest import DESKTOP

PHONE_390 = {"width": 390, "height": 844}
NEW = "Lantern-river-7"


def no_overflow(page) -> None:
    width = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert width == 0, f"{page.url} is {width}px wider than the screen"


@pytest.fixture
def screens(results_dir):
    path = results_dir / "screens"
    path.mkdir(exist_ok=True)
    return path


@pytest.mark.e2e
def test_chair_resets_a_password_and_the_owner_must_change_it(e2e_world, new_page, login, screens):
    chair = new_page(viewport=DESKTOP, name="chair")
    login(chair, "chair")
    chair.goto("/unions/school/roles/")
    row = chair.locator("tr", has=chair.get_by_role("cell", name="member", exact=True))
    row.first.get_by_role("link", name="重置密码").click()
    expect(chair.get_by_role("heading", level=1)).to_contain_text("重置「member」的密码")
    chair.get_by_role("button", name="重置密码").click()
    expect(chair.get_by_role("heading", level=1)).to_have_text("登录通知单")
    password = chair.locator("#slip-password").inner_text().strip()
    assert re.fullmatch(r"[a-z0-9]{10}", password)
    chair.screenshot(path=str(screens / "login-slip-1280.png"), full_page=True)

    owner = new_page(viewport=PHONE_390, name="owner")
    login(owner, "member", password)
    expect(owner).to_have_url(re.compile(r"/me/password/$"))
    expect(owner.get_by_role("alert").filter(has_text="一次性密码").first).to_be_visible()
    owner.screenshot(path=str(screens / "password-forced-390.png"), full_page=True)
    no_overflow(owner)
    owner.goto("/unions/school/")  # every page leads back until the password is changed
    expect(owner).to_have_url(re.compile(r"/me/password/$"))
    owner.get_by_label("当前密码").fill(password)
    owner.get_by_label(re.compile(r"^新密码")).fill(NEW)
    owner.get_by_label("再次输入新密码").fill(NEW)
    owner.get_by_role("button", name="保存新密码").click()
    expect(owner).to_have_url(re.compile(r"/me/$"))
    expect(owner.get_by_text("密码已修改")).to_be_visible()
    owner.screenshot(path=str(screens / "me-390.png"), full_page=True)
    owner.goto("/")
    expect(owner).to_have_url(re.compile(r"/$"))


@pytest.mark.e2e
def test_an_applicant_applies_on_a_phone_and_the_chair_approves_from_the_todo(
    e2e_world, new_page, login, screens
):
    phone = new_page(viewport=PHONE_390, name="applicant")
    phone.goto("/join/school/")
    phone.screenshot(path=str(screens / "join-390.png"), full_page=True)
    no_overflow(phone)
    phone.get_by_label("姓名").fill("冯晓")
    phone.get_by_label("证件号码").fill(id_number("19950505", 124))
    phone.get_by_label("手机号码").fill("13700001234")
    phone.get_by_label("我自愿加入中国工会").check()
    phone.get_by_role("button", name="提交申请").click()
    expect(phone.get_by_text("申请已提交")).to_be_visible()
    reference = phone.locator("#reference").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", reference)
    phone.screenshot(path=str(screens / "join-done-390.png"), full_page=True)
    phone.get_by_role("link", name="查询审批结果").click()
    phone.get_by_label("查询码").fill(reference.lower())
    phone.get_by_label("后 4 位").fill("1234")
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator("#application-status")).to_contain_text("待审批")
    no_overflow(phone)

    chair = new_page(viewport=DESKTOP, name="chair")
    login(chair, "chair")
    chair.locator("#todos").get_by_role("link", name=re.compile("待审批的入会申请")).click()
    chair.screenshot(path=str(screens / "applications-1280.png"), full_page=True)
    chair.get_by_role("row", name=re.compile("冯晓")).get_by_role("link", name="审批").click()
    chair.get_by_role("button", name="批准", exact=True).click()
    expect(chair.get_by_role("heading", level=1)).to_have_text("登录通知单")
    expect(chair.locator("#slip-username")).to_have_text("fengxiao")
    expect(chair.locator("#slip-password")).to_have_text(re.compile(r"^[a-z0-9]{10}$"))
    expect(chair.locator("#login-slip svg")).to_be_visible()

    phone.get_by_role("link", name="查询其他申请").click()
    phone.get_by_label("查询码").fill(reference)
    phone.get_by_label("后 4 位").fill("1234")
    phone.get_by_role("button", name="查询").click()
    status = phone.locator("#application-status")
    expect(status).to_contain_text("已批准")
    expect(status).to_contain_text("fengxiao")
    phone.screenshot(path=str(screens / "join-status-390.png"), full_page=True)
