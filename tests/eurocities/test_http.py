"""HTTP-level behaviour every public page shares, whichever app serves it."""

import pytest

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/topics/",
    "/topics/migration-and-integration/",
    "/news/",
    "/news/working-group-on-migration-meets-in-antwerp/",
    "/events/",
    "/events/past/",
    "/events/integrating-cities-conference-ix/",
    "/events/integrating-cities-conference-ix.ics",
    "/events/upcoming.ics",
    "/publications/",
    "/charter/",
    "/charter/pledges/",
    "/working-groups/migration-and-integration/",
    "/cities/nuremberg/",
]


def test_every_public_page_answers_get_and_head(client, demo):
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        head = client.head(url)
        assert head.status_code == 200, url
        assert head.content == b"", url


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_public_pages_refuse_unsafe_methods(client, demo, method):
    for url in PUBLIC_URLS:
        assert getattr(client, method)(url).status_code == 405, (method, url)


@pytest.mark.parametrize(
    "url",
    ["/publications/files/99999999999999999999/download/", "/publications/files/0/download/",
     "/events/%00.ics", "/charter/%00/", "/publications/%00/", "/topics/" + "x" * 3000 + "/"],
)  # fmt: skip
def test_odd_addresses_are_404(client, url):
    assert client.get(url).status_code == 404


def test_error_pages_carry_the_security_headers(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
