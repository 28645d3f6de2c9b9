"""Care test helpers: a welfare member of the committee, a valid application, a PNG."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.care import services
from gonghui.care.models import FileState
from gonghui.core.models import Role
from gonghui.core.queries_publicity import publicity_for
from gonghui.core.services_publicity import publicity_close
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Body, Duty, Post
from tests.conftest import make_user
from tests.e2e.conftest import e2e_world, login, new_page, results_dir  # noqa: F401  (test_browser)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def png(name="授权委托书.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def household(n=3):
    people = [
        {"relation": "本人", "name": "周会员", "age": 41, "standing": "employed", "health": "健康"},
        {
            "relation": "配偶",
            "name": "陈某",
            "age": 40,
            "standing": "unemployed",
            "health": "尿毒症",
        },
        {"relation": "子女", "name": "周小", "age": 12, "standing": "student", "health": "健康"},
        {"relation": "父亲", "name": "周老", "age": 70, "standing": "retired", "health": "健康"},
    ]
    return people[:n]


def figures(**over):
    data = {
        "household": household(3),
        "income": "30000",
        "rigid": "6000",
        "hardship_cost": "0",
        "cause": "illness",
        "cause_notes": "配偶患尿毒症，每周透析",
    }
    data.update(over)
    return data


@pytest.fixture
def welfare(world):
    """吴老师 (数学组) holds a plain member account and the 生活/福利 分工 of the school's
    current committee: the welfare member."""
    user = make_user("welfare", Role.MEMBER, union=world.school, member=world.members["吴老师"])
    term = org_services.term_create(
        actor=None,
        union=world.school,
        body=Body.COMMITTEE,
        number=3,
        elected_on=datetime.date(2022, 6, 1),
        term_years=5,
    )
    org_services.position_add(
        actor=None, term=term, member=world.members["吴老师"], post=Post.MEMBER, duty=Duty.WELFARE
    )
    user.term = term
    return user


@pytest.fixture
def applied(world):
    """周会员 (the `member` account) has applied for himself."""
    return services.hardship_apply(actor=world.member, member=world.members["周会员"], **figures())


def run_to(file, state, actor, *, today=None):
    """Take the file on from where it is through the flow up to ``state`` (as ``actor``)."""
    order = [FileState.SCREENED, FileState.VISITED, FileState.PUBLICITY, FileState.FILED]
    done = [FileState.APPLIED, *order].index(file.state)
    for step in order[done:]:
        if step == FileState.SCREENED:
            file = services.hardship_screen(actor=actor, file=file)
        elif step == FileState.VISITED:
            services.hardship_visit(
                actor=actor,
                file=file,
                visited_on=datetime.date.today(),
                visitors="王委员、李主席",
                findings="家中陈设简陋，配偶每周透析三次。",
                consent=png(),
            )
        elif step == FileState.PUBLICITY:
            file = services.hardship_publicize(actor=actor, file=file)
        elif step == FileState.FILED:
            clear_publicity(file, actor)
            file = services.hardship_establish(
                actor=actor, file=file, plan="每季度慰问，协助申请医疗救助。"
            )
        file.refresh_from_db()
        if file.state == state:
            return file
    return file


def clear_publicity(file, actor):
    """End the file's 公示 the day after its period, with no objection."""
    item = publicity_for(file)
    publicity_close(actor=actor, publicity=item, today=item.ends_on + datetime.timedelta(days=1))


ZERO = Decimal("0.00")
