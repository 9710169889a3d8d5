"""Which page types may live below which in the page tree."""

import pytest
from wagtail.models import Page

from cms.models import ContentPage, HomePage
from curriculum.models import (
    CataloguePage,
    LessonPage,
    PracticeCasePage,
    TrackPage,
    UnitIndexPage,
    UnitPage,
)
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    HomePage,
    ContentPage,
    CataloguePage,
    TrackPage,
    UnitIndexPage,
    UnitPage,
    LessonPage,
    PracticeCasePage,
]

ALLOWED_CHILDREN = {
    Page: {HomePage},
    HomePage: {ContentPage, CataloguePage, UnitIndexPage},
    ContentPage: {ContentPage},
    CataloguePage: {TrackPage},
    TrackPage: set(),
    UnitIndexPage: {UnitPage},
    UnitPage: {LessonPage, PracticeCasePage},
    LessonPage: set(),
    PracticeCasePage: set(),
}


@pytest.mark.parametrize(
    ("parent", "child"),
    [(parent, child) for parent in ALLOWED_CHILDREN for child in PAGE_TYPES],
    ids=lambda model: model.__name__,
)
def test_page_type_may_live_below_parent_only_where_allowed(parent, child):
    expected = child in ALLOWED_CHILDREN[parent]

    allowed_below_parent = child in parent.allowed_subpage_models()
    parent_allowed_for_child = parent in child.allowed_parent_page_models()

    assert allowed_below_parent is expected
    assert parent_allowed_for_child is expected


@pytest.mark.parametrize(
    ("model", "create"),
    [(CataloguePage, factories.catalogue), (UnitIndexPage, factories.unit_index)],
)
def test_only_one_catalogue_and_unit_index_can_be_created(model, create):
    home = factories.home_page()
    assert model.can_create_at(home)

    create()

    assert not model.can_create_at(home)


def test_a_second_home_page_cannot_be_created_at_the_root():
    root = Page.get_first_root_node()

    assert not HomePage.can_create_at(root)


def test_a_lesson_can_be_created_in_a_unit_but_not_in_a_track(unit_with_lesson):
    track = factories.track(units=[unit_with_lesson])

    assert LessonPage.can_create_at(unit_with_lesson)
    assert not LessonPage.can_create_at(track)
