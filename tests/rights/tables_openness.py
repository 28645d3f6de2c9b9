"""厂务公开 in the project's access tables (tests/core/tables.py): its pages in the role
matrix, its services refused to a user without the permission, its URL patterns walked with
the hospital's objects, and its two 待办 sources' cost on the 工作台."""

from __future__ import annotations

from gonghui.rights import services_openness as services
from tests.core.tables import GONE, LOGIN, NO, OK, f
from tests.rights.support_openness import TODAY, D, adopt, publish

MODULES = ("gonghui.rights.services_openness",)


def _item(w, union=None, **kw):
    """A published October item of the school (or ``union``)."""
    union = union or w.school
    cats = adopt(union)
    return publish(union, cats["职工切身利益"], period=10, published_on=D(2026, 11, 5), **kw)


def _question(w, union=None, **kw):
    from gonghui.orgs.models import Member

    item = _item(w, union, **kw)
    member = Member.objects.filter(union=item.union).first()
    return services.openness_question_ask(actor=None, publication=item, member=member, text="问")


PAGES = {
    "openness_year": lambda w: "/unions/school/rights/openness/",
    "openness_categories": lambda w: "/unions/school/rights/openness/categories/",
    "openness_category_new": lambda w: "/unions/school/rights/openness/categories/new/",
    "openness_publish": lambda w: "/unions/school/rights/openness/new/",
    "openness_item": lambda w: f"/rights/openness/{_item(w).pk}/",
    "openness_mine": lambda w: "/rights/openness/mine/",
}
# fmt: off
MATRIX = {
    #                      anon   plat  fed   chair comm  treas aud   gl    mem   out   nob
    # read by who holds rights.view (the 经审 too), kept by rights.change
    "openness_year":       (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "openness_categories": (LOGIN, NO,   OK,   OK,   OK,   NO,   OK,   NO,   NO,   GONE, GONE),
    "openness_category_new":
                           (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    "openness_publish":    (LOGIN, NO,   OK,   OK,   OK,   NO,   NO,   NO,   NO,   GONE, GONE),
    # a published item: every current member of the school (no role), and rights.view
    "openness_item":       (LOGIN, NO,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   GONE, GONE),
    # every account has its own list (one without a member record is told so)
    "openness_mine":       (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
}
# fmt: on


def _category(w):
    return adopt(w.school)["财务"]


def _sitting(w):
    from tests.congress.test_polls_fixtures import congress

    adopt(w.school)
    return congress(w, 3).sitting


CASES = {
    "openness_adopt": (services.openness_adopt, lambda w: {"union": w.school, "today": TODAY}),
    "openness_category_save": (
        services.openness_category_save,
        lambda w: {"union": w.school, "fields": {"name": "食堂", "schedule": "yearly"}},
    ),
    "openness_category_retire": (
        services.openness_category_retire,
        lambda w: {"category": _category(w)},
    ),
    "openness_publish": (
        services.openness_publish,
        lambda w: {
            "union": w.school,
            "category": _category(w),
            "year": 2026,
            "period": 3,
            "title": "三季度经费收支",
            "published_on": D(2026, 10, 8),
            "channel": "board",
            "today": TODAY,
        },
    ),
    "openness_withdraw": (
        services.openness_withdraw,
        lambda w: {"publication": _item(w), "reason": "登记错了"},
    ),
    "openness_question_answer": (
        services.openness_question_answer,
        lambda w: {"question": _question(w), "answer": "答复"},
    ),
    "openness_poll_create": (
        services.openness_poll_create,
        lambda w: {"union": w.school, "year": 2026, "sitting": _sitting(w)},
    ),
    # openness_question_ask is left out: any current member of the union may ask, by design
    # (tests/rights/test_openness_services.py refuses an outsider)
}


def foreign(w) -> dict:
    """The hospital's category, publication (with a photo) and question."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("公开栏.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    question = _question(w, w.hospital, evidence=photo)
    return {
        "openness_category": question.publication.category_id,
        "openness_item": question.publication_id,
        "openness_question": question.pk,
    }


FILL = {
    "rights:openness": f(),
    "rights:openness_categories": f(),
    "rights:openness_adopt": f(),
    "rights:openness_category_new": f(),
    "rights:openness_category_edit": f("openness_category"),
    "rights:openness_category_retire": f("openness_category"),
    "rights:openness_publish": f(),
    "rights:openness_poll": f(),
    "rights:openness_item": f("openness_item"),
    "rights:openness_evidence": f("openness_item"),
    "rights:openness_withdraw": f("openness_item"),
    "rights:openness_ask": f("openness_item"),
    "rights:openness_answer": f("openness_question"),
}
SKIPPED = {"rights:openness_mine": "the member's own union's items, from the account"}


# --- the 工作台's cost -----------------------------------------------------------------------


def grow_overdue(world, n: int) -> None:
    """``n`` categories of the school, each with October (due 10 November) unpublished."""
    from django.utils import timezone

    from gonghui.rights.models_openness import OpennessCategory

    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    have = OpennessCategory.objects.filter(union=world.school).count()
    OpennessCategory.objects.bulk_create(
        [
            OpennessCategory(
                union=world.school,
                name=f"年度事项{i}",
                schedule="yearly",
                counts_from=start.replace(year=start.year - 1),
                order=i,
            )
            for i in range(have, n)
        ]
    )


def grow_questions(world, n: int) -> None:
    """``n`` questions of the school's members waiting for an answer."""
    from gonghui.rights.models_openness import OpennessPublication, OpennessQuestion

    item = OpennessPublication.objects.filter(union=world.school).first() or _item(world)
    have = OpennessQuestion.objects.filter(union=world.school).count()
    OpennessQuestion.objects.bulk_create(
        [
            OpennessQuestion(
                publication=item, union=world.school, member=world.members["周会员"], text="问"
            )
            for _ in range(have, n)
        ]
    )


COST = {
    # counted with the other sources' in one query (categories with a period overdue)
    "rights.plugins_openness.todos": ("chair", 1, lambda world: grow_overdue),
    # counted with the other sources' in one query
    "rights.plugins_openness.question_todos": ("chair", 1, lambda world: grow_questions),
}
