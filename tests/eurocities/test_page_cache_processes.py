"""Every web process keeps the pages it served while Redis reports no change
(eurocities.cache.ChangeWatch, eurocities.pagecache.KeptPages): a hit asks Redis
nothing, and a change made by any process is still seen on the next request."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from content.models import Article
from eurocities import pagecache
from eurocities.cache import ChangeWatch
from tests.conftest import TEST_REDIS_URL
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def page_cache(redis_cache, settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this process sends to Redis, as they are sent."""
    sent = []
    send = redis.connection.Connection.send_packed_command

    def counted(self, command, *args, **kwargs):
        sent.append(command)
        return send(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counted)
    return sent


def another_process_edits(article, title):
    """What an editor's save in another web process leaves behind: the row changed
    (no signal here) and the generation moved on in Redis by another connection."""
    Article.objects.filter(pk=article.pk).update(title=title)
    other = redis.Redis.from_url(TEST_REDIS_URL)
    other.incr(cache.make_and_validate_key(pagecache.GENERATION_KEY))
    other.close()


def test_a_hit_asks_redis_nothing_while_nothing_changes(
    client, page_cache, redis_commands, django_assert_num_queries
):
    ArticleFactory(title="Cities welcome newcomers")
    url = reverse("content:article_list")
    first = client.get(url)
    # Rendering the page moved what the watch sees (the horizon learnt): the next
    # request reads the generation and the page from Redis once, and keeps them.
    client.get(url)
    redis_commands.clear()
    with django_assert_num_queries(0):
        second = client.get(url)
    assert redis_commands == []
    assert "Cities welcome newcomers" in second.text
    assert second.content == first.content


def test_a_change_another_process_made_is_seen_on_the_next_request(client, page_cache):
    article = ArticleFactory(title="First version")
    url = reverse("content:article_list")
    client.get(url)
    assert "First version" in client.get(url).text  # kept here now
    another_process_edits(article, "Second version")
    assert "Second version" in client.get(url).text


def test_without_its_watch_a_process_asks_redis_again(
    client, page_cache, redis_commands, django_assert_num_queries
):
    """The connection the notices come on is lost (Redis restarted, a network cut): a
    notice may have been missed, so nothing kept is trusted any more."""
    article = ArticleFactory(title="First version")
    url = reverse("content:article_list")
    client.get(url)
    client.get(url)
    client.get(url)
    watching = redis.Redis.from_url(TEST_REDIS_URL)
    killed = 0
    for found in watching.client_list():
        if found["name"] == f"eurocities-change-watch-{os.getpid()}":
            killed += watching.client_kill_filter(_id=found["id"])
    watching.close()
    assert killed == 1
    another_process_edits(article, "Second version")  # its notice goes nowhere

    assert "Second version" in client.get(url).text
    redis_commands.clear()
    with django_assert_num_queries(0):  # still a hit, from Redis
        assert "Second version" in client.get(url).text
    assert redis_commands


def test_where_redis_refuses_tracking_every_hit_asks_redis(
    client, page_cache, redis_commands, monkeypatch, caplog
):
    def refused(self, *args, **kwargs):
        raise redis.ResponseError("unknown subcommand 'TRACKING'")

    monkeypatch.setattr(redis.Redis, "client_tracking_on", refused)
    article = ArticleFactory(title="First version")
    url = reverse("content:article_list")
    monkeypatch.setattr(ChangeWatch, "RETRY_AFTER", 0)  # asks again on every request
    with caplog.at_level(logging.WARNING, logger="eurocities.cache"):
        client.get(url)
        client.get(url)
    # Said once, not every time it asks again.
    assert caplog.text.count("Not watching Redis for changes") == 1
    redis_commands.clear()
    assert "First version" in client.get(url).text
    assert redis_commands  # the generation and the page, from Redis
    another_process_edits(article, "Second version")
    assert "Second version" in client.get(url).text


def test_a_process_keeps_pages_up_to_its_budget(
    client, page_cache, settings, redis_commands, django_assert_num_queries
):
    first, second = ArticleFactory(), ArticleFactory()
    size = len(client.get(first.get_absolute_url()).content)
    settings.PAGE_CACHE_PROCESS_BYTES = size * 3 // 2  # room for one page, not two
    client.get(first.get_absolute_url())
    client.get(second.get_absolute_url())
    client.get(second.get_absolute_url())  # kept here: the first is pushed out

    redis_commands.clear()
    with django_assert_num_queries(0):
        client.get(second.get_absolute_url())
    assert redis_commands == []
    with django_assert_num_queries(0):
        client.get(first.get_absolute_url())
    assert len(redis_commands) == 1  # the page, from Redis


SECOND_PROCESS = """
import json, sys
import django
django.setup()
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

sent = []
send = redis.connection.Connection.send_packed_command

def counted(self, command, *args, **kwargs):
    sent.append(command)
    return send(self, command, *args, **kwargs)

redis.connection.Connection.send_packed_command = counted
client = Client()
for url in sys.stdin:
    sent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url.strip())
    answer = {"status": response.status_code, "text": response.text}
    print(json.dumps({**answer, "queries": len(queries), "redis": len(sent)}), flush=True)
"""


@pytest.fixture
def second_process():
    """Another web process, running until the test ends: get(url) asks it for a page."""
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eurocities.settings",
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
        ),
        "REDIS_URL": TEST_REDIS_URL,
        "PAGE_CACHE": "on",
        "HTTPS": "off",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "on",  # plain static file names, no manifest needed
    }
    process = subprocess.Popen(
        [sys.executable, "-c", SECOND_PROCESS],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def get(url):
        process.stdin.write(url + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        assert line, "the second process stopped"
        return json.loads(line)

    yield get
    process.stdin.close()
    process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_an_edit_here_reaches_the_page_another_process_keeps(page_cache, second_process):
    """Two web processes: the other serves a page from its own memory, asking nothing
    of Redis or the database, until an editor's save here; its next request shows it."""
    if connection.vendor != "postgresql":
        pytest.skip("the other process needs a database it can open (PostgreSQL)")
    article = ArticleFactory(title="First version")
    url = reverse("content:article_list")
    filled = second_process(url)
    from_redis = second_process(url)  # read once since it rendered (see above)
    served = second_process(url)
    assert "First version" in filled["text"]
    assert from_redis["queries"] == 0 and from_redis["redis"] > 0
    assert served["text"] == filled["text"]
    assert served["queries"] == 0 and served["redis"] == 0
    assert Client().get(url).text == filled["text"]  # shared through Redis

    article.title = "Second version"
    article.save()
    after_edit = second_process(url)
    assert "Second version" in after_edit["text"] and after_edit["queries"] > 0

    article.delete()
    after_deletion = second_process(url)
    assert "Second version" not in after_deletion["text"]
