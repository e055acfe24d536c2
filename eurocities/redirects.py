"""Old addresses to new pages: a CSV of (old path, content type, slug) read into
django.contrib.redirects, which answers 301 where the site would answer 404."""

import csv
import io

from django.conf import settings
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.utils.translation import gettext as _

from content.models import Article, City, Project, Theme, WorkingGroup
from events.models import Event
from publications.models import Publication

# What the CSV may name in its second column, and where the slug is looked up.
CONTENT_TYPES = {
    "article": Article.objects.all(),
    "event": Event.objects.all(),
    "publication": Publication.objects.all(),
    "topic": Theme.objects.filter(has_topic_page=True),
    "working_group": WorkingGroup.objects.all(),
    "project": Project.objects.all(),
    "city": City.objects.all(),
}
HEADER = ["old_path", "content_type", "slug"]
MAX_PATH = Redirect._meta.get_field("old_path").max_length


class RedirectsFailed(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_redirects(text):
    """The (old path, new path) pairs in the CSV `text`, or RedirectsFailed naming
    each bad line by its number (the first line is 1)."""
    problems, pairs, seen = [], [], {}
    rows = list(csv.reader(io.StringIO(text)))
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if number == 1 and [cell.strip().lower() for cell in row] == HEADER:
            continue
        if len(row) != 3:
            problems.append(
                _("Line %(n)d: expected 3 columns (old path, content type, slug), found %(c)d.")
                % {"n": number, "c": len(row)}
            )
            continue
        old_path, kind, slug = (cell.strip() for cell in row)
        kind = kind.lower().replace("-", "_").replace(" ", "_")
        if not old_path.startswith("/") or old_path.startswith("//"):
            problems.append(
                _("Line %(n)d: the old path “%(path)s” must start with a single /.")
                % {"n": number, "path": old_path}
            )
            continue
        if len(old_path) > MAX_PATH or any(ch.isspace() or ord(ch) < 32 for ch in old_path):
            problems.append(
                _("Line %(n)d: the old path is too long or contains spaces or control characters.")
                % {"n": number}
            )
            continue
        if old_path in seen:
            problems.append(
                _("Line %(n)d: the old path “%(path)s” is already on line %(first)d.")
                % {"n": number, "path": old_path, "first": seen[old_path]}
            )
            continue
        seen[old_path] = number
        if kind not in CONTENT_TYPES:
            problems.append(
                _("Line %(n)d: unknown content type “%(kind)s”; use one of: %(kinds)s.")
                % {"n": number, "kind": kind, "kinds": ", ".join(CONTENT_TYPES)}
            )
            continue
        target = CONTENT_TYPES[kind].filter(slug=slug).first()
        if target is None:
            problems.append(
                _("Line %(n)d: no %(kind)s with the slug “%(slug)s”.")
                % {"n": number, "kind": kind.replace("_", " "), "slug": slug}
            )
            continue
        new_path = target.get_absolute_url()
        if new_path == old_path:
            problems.append(
                _("Line %(n)d: “%(path)s” is already the address of that page.")
                % {"n": number, "path": old_path}
            )
            continue
        pairs.append((old_path, new_path))
    if problems:
        raise RedirectsFailed(problems)
    return pairs


def save_redirects(pairs):
    """Create or update each redirect; returns (created, updated)."""
    site = Site.objects.get(pk=settings.SITE_ID)
    created = updated = 0
    with transaction.atomic():
        for old_path, new_path in pairs:
            _redirect, made = Redirect.objects.update_or_create(
                site=site, old_path=old_path, defaults={"new_path": new_path}
            )
            created, updated = created + made, updated + (not made)
    return created, updated
