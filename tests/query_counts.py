"""Exact query counts for a set of pages, compared all at once.

Each page is fetched once to warm per-process caches (content types, as a running site
has them), then again while its queries are counted. The counts are compared with the
expected dict as a whole, exactly (not as an upper bound): a failure shows every page's
new number in one diff, and the SQL of the pages that changed, so a merge that changes a
page just updates its number.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_query_counts(client, urls, expected):
    assert urls.keys() == expected.keys()
    measured, sql = {}, {}
    for name, url in urls.items():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        measured[name] = len(queries)
        sql[name] = [query["sql"] for query in queries.captured_queries]
    changed = {name: sql[name] for name in measured if measured[name] != expected[name]}
    assert measured == expected, f"measured: {measured}\n\n" + "\n\n".join(
        f"{name}:\n" + "\n".join(f"  {n}. {q[:200]}" for n, q in enumerate(queries, 1))
        for name, queries in changed.items()
    )
