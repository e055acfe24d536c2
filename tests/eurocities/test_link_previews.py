"""Link previews and search engines: canonical, Open Graph, Twitter card, JSON-LD."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory, EventFactory, PublicationFactory

pytestmark = pytest.mark.django_db

PAYLOAD = '</script><script>alert(1)</script> "quoted" & <b>'


def png(name="lead.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def meta(page, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', page)
    return match.group(1) if match else None


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_an_article_has_canonical_open_graph_twitter_and_news_article_data(client):
    article = ArticleFactory(
        title=PAYLOAD,
        summary=f"Summary {PAYLOAD}",
        lead_image=png(),
        lead_image_alt_text=f"Alt {PAYLOAD}",
    )
    page = client.get(article.get_absolute_url() + "?utm_source=x").text
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in page
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:url") == url
    escaped = (
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;b&gt;"
    )
    assert meta(page, "og:title") == escaped
    assert meta(page, "og:description") == f"Summary {escaped}"
    assert meta(page, "og:image").startswith("http://testserver/media/renditions/")
    assert meta(page, "og:image:alt") == f"Alt {escaped}"
    assert meta(page, "twitter:card") == "summary_large_image"
    assert meta(page, "twitter:image:alt") == f"Alt {escaped}"
    assert "<script>alert(1)" not in page
    data = json_ld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == PAYLOAD
    assert data["url"] == url
    assert data["image"] == [meta(page, "og:image")]
    assert data["publisher"]["@type"] == "Organization"


def test_a_story_is_a_news_article_too_and_an_item_without_image_gets_a_summary_card(client):
    page = client.get(ArticleFactory(kind="story").get_absolute_url()).text
    assert json_ld(page)["@type"] == "NewsArticle"
    assert meta(page, "twitter:card") == "summary"
    assert meta(page, "og:image") is None


def test_a_publication_is_a_report_with_its_type_and_languages(client):
    publication = PublicationFactory(title=PAYLOAD)
    page = client.get(publication.get_absolute_url()).text
    data = json_ld(page)
    assert data["@type"] == "Report"
    assert data["name"] == PAYLOAD
    assert data["genre"] == publication.document_type.name
    assert "<script>alert(1)" not in page


def test_an_event_keeps_one_event_json_ld_and_gets_previews(client):
    page = client.get(EventFactory(title="Summit").get_absolute_url()).text
    assert json_ld(page)["@type"] == "Event"
    assert meta(page, "og:title") == "Summit"


def test_the_home_page_describes_the_organisation(client):
    page = client.get(reverse("home")).text
    data = json_ld(page)
    assert data["@type"] == "Organization"
    assert data["url"] == "http://testserver/"
    assert '<link rel="canonical" href="http://testserver/">' in page


def test_list_pages_are_canonical_without_their_filters(client):
    page = client.get(reverse("content:article_list"), {"kind": "news", "page": "2"}).text
    assert '<link rel="canonical" href="http://testserver/news/">' in page
