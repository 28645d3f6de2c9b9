"""我的会费: a member sees their own charges and payments, and nobody else's."""

from .test_dues_support import charged_world, pay


def test_a_member_sees_what_they_owe_and_what_they_paid(world, client_for):
    charged_world(world)
    page = client_for(world.member).get("/me/dues/").content.decode()  # 周会员
    assert "我的会费" in page and "2026年10月" in page
    assert "尚有" in page and "未缴" in page
    assert "李主席" not in page  # only their own record
    own = world.members["周会员"].dues_charges.get()
    pay(world, "周会员", str(own.amount))
    page = client_for(world.member).get("/me/dues/").content.decode()
    assert "会费已全部缴清" in page and "已缴清" in page


def test_the_member_page_links_to_it(world, client_for):
    assert "/me/dues/" in client_for(world.member).get("/me/").content.decode()


def test_an_account_without_a_member_record_is_refused(world, client_for):
    assert client_for(world.nobody).get("/me/dues/").status_code == 403
    assert client_for(world.fed_admin).get("/me/dues/").status_code == 403


def test_the_outsider_sees_only_the_hospital_record(world, client_for):
    charged_world(world)  # charges the school only
    page = client_for(world.outsider).get("/me/dues/").content.decode()
    assert "卫生院工会" in page and "还没有您的会费记录" in page
