"""Check constraints answered in Python give Django's own answer (a database query)."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from charter.models import Signatory
from content.interchange.constraints import validate_constraints
from content.models import Article, City, Project

pytestmark = pytest.mark.django_db
AT = datetime(2026, 1, 1, tzinfo=UTC)


def django_says(instance):
    try:
        instance.validate_constraints()
    except ValidationError as error:
        return sorted(error.messages)
    return []


def python_says(instance):
    try:
        validate_constraints(instance)
    except ValidationError as error:
        return sorted(error.messages)
    return []


@pytest.mark.parametrize(
    "instance",
    [
        Article(kind="call", slug="a", published_at=AT),
        Article(kind="call", slug="a", published_at=AT, deadline=AT),
        Article(kind="news", slug="a", published_at=AT, lead_image="x.png"),
        Article(
            kind="news", slug="a", published_at=AT, lead_image="x.png", lead_image_alt_text="x"
        ),
        Project(slug="p", start_year=2020, end_year=2019),
        Project(slug="p", start_year=2020, end_year=None),
        Project(slug="p", start_year=2020, end_year=2020),
        City(name="X", country="BE", latitude=95, longitude=4),
        City(name="X", country="BE", latitude=50, longitude=None),
        Signatory(status="withdrawn"),
        Signatory(status="signed", signed_on=AT.date()),
    ],
    ids=lambda instance: type(instance).__name__,
)
def test_python_and_database_agree(instance):
    assert python_says(instance) == django_says(instance)
