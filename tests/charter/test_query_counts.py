"""Exact query counts of the charter page and the pledges page."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from charter.models import Signatory
from content.models import Status
from tests.factories import CityFactory, EventFactory, PledgeFactory, SignatoryFactory
from tests.query_counts import assert_query_counts

pytestmark = pytest.mark.django_db

# Queries per page (SQLite and PostgreSQL alike), pinned exactly so that one more fails:
# when a page legitimately changes, update its number here, the one place that holds them.
# A city's charter section is counted with the city page in tests/eurocities/.
QUERIES = {
    "charter": 2,
    "pledges": 3,
}
SIZES = [1, 40]  # signatories and pledges: one, and many


def make_charter(count):
    start = datetime(2020, 12, 2, 9, tzinfo=UTC)
    events = [
        EventFactory(kind="conference", starts_at=start, ends_at=start),
        EventFactory(kind="conference", starts_at=start, ends_at=start, status=Status.DRAFT),
    ]
    for n in range(count):
        city = CityFactory(country=["BE", "DE", "NL", "PL"][n % 4])
        SignatoryFactory(city=city, signing_event=events[n % 2])
        PledgeFactory(city=city, principles=[3, 4, 19])
    SignatoryFactory(status=Signatory.Status.WITHDRAWN)
    SignatoryFactory(status=Signatory.Status.SCHEDULED)


@pytest.mark.parametrize("count", SIZES)
def test_the_charter_pages_run_an_exact_number_of_queries(client, count):
    make_charter(count)
    urls = {"charter": reverse("charter:charter"), "pledges": reverse("charter:pledges")}
    assert_query_counts(client, urls, QUERIES)
