"""The page cache for anonymous visitors, kept right by invalidation, not expiry.

A page is stored with the cache *generation* it was rendered in. Every write to
public content (a save, a deletion, a change of themes or contacts) bumps the
generation, so every web process sees the change on its next request: the
generation lives in the shared cache (Redis when REDIS_URL is set). Time changes
pages too, with nobody saving anything: a scheduled item goes live, an event
starts or ends, a call closes. The cache also stores the *horizon*, the first
such moment (each model's `next_visibility_change()`, next to the publishing
rule), and drops everything once it passes.

Over Redis, each process keeps its own copy of the generation, the horizon and
the pages it served (`KeptPages`) for as long as Redis reports no change to the
generation or the horizon (eurocities.cache.ChangeWatch): a hit then asks Redis
nothing. Otherwise one cache read (generation, horizon and page together) serves
a hit. The per-request CSP nonce is never stored: the page keeps a placeholder
where the nonce was and each hit gets a fresh nonce, which the CSP middleware
(outside this one) then puts in the header.
"""

import functools
import hashlib
import os
import secrets
import threading
import time
from collections import OrderedDict
from contextvars import ContextVar
from fnmatch import fnmatch
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone

from content.conditional import conditional_response
from content.models import Publishable

GENERATION_KEY = "pagecache:generation"
HORIZON_KEY = "pagecache:horizon"
# Pages are dropped after this even if valid, so odd query strings cannot fill
# the cache for ever; it is not what keeps pages fresh.
PAGE_TIMEOUT = 60 * 60
# With nothing scheduled, look again after a day anyway.
QUIET_HORIZON = 24 * 60 * 60
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"
# Apps whose models appear on public pages; writes to any of their models invalidate.
PUBLIC_APPS = {"content", "events", "publications", "charter", "taggit"}
SKIPPED_PREFIXES = ("/admin/", "/media/", "/static/", "/healthz")
SKIPPED_HEADERS = {"content-length", "set-cookie"}


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


# The version a request has read, so the pieces of one page (facet counts, the theme
# tree, the page cache itself) ask the cache once, and see the same version. Only
# between request_started and request_finished; this process's writes forget it.
_this_request = ContextVar("content_version_this_request", default=None)


def start_request(**kwargs):
    _this_request.set({})


def finish_request(**kwargs):
    _this_request.set(None)


def remember(generation):
    read = _this_request.get()
    if read is not None:
        read["generation"] = generation
    return generation


def bump():
    read = _this_request.get()
    if read is not None:
        read.clear()
    kept.forget()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet (or evicted): a value no process has known
        # Random, not the clock: a frozen or repeated clock (tests pin it) would give
        # a generation some process still keeps values of.
        cache.set(GENERATION_KEY, secrets.randbits(62), timeout=None)
    cache.delete(HORIZON_KEY)


def invalidate():
    """Drop every cached page, now and again when the current transaction commits
    (so no process can store a page read from the old data under the new generation)."""
    bump()
    transaction.on_commit(bump)


def current(found):
    """(generation, horizon) from what a get_many of both keys `found`: the
    generation is moved on when it is missing or the horizon has passed (a scheduled
    change may have happened since); the horizon is then None, to be learnt again."""
    generation, horizon = found.get(GENERATION_KEY), found.get(HORIZON_KEY)
    if horizon is not None and time.time() >= horizon:
        generation = horizon = None
    if generation is None:
        bump()
        generation = cache.get(GENERATION_KEY)
    return generation, horizon


def learn_horizon():
    cache.set(HORIZON_KEY, compute_horizon(), timeout=None)
    kept.forget()


class KeptPages:
    """This process's copy of the generation, the horizon and the pages served under
    them, right while Redis reports no change to the generation or the horizon (the
    watch's version stays the same): a hit then costs no round trip. Pages are kept
    newest-used first up to settings.PAGE_CACHE_PROCESS_BYTES of content."""

    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._state = None
        self._generation = None  # the pages'
        self._pages = OrderedDict()
        self._bytes = 0

    def state(self, version):
        """The generation and horizon as read under this watch version, or None."""
        with self._lock:
            return self._state if version is not None and version == self._version else None

    def keep_state(self, version, found):
        """Keeps what a read made after the watch said `version` (so a change since
        then moves the version on)."""
        state = {key: found[key] for key in (GENERATION_KEY, HORIZON_KEY) if key in found}
        with self._lock:
            if state.get(GENERATION_KEY) != self._generation:
                self._pages.clear()
                self._bytes = 0
                self._generation = state.get(GENERATION_KEY)
            self._version, self._state = version, state

    def forget(self):
        with self._lock:
            self._version = self._state = None

    def page(self, key, generation):
        with self._lock:
            entry = self._pages.get(key)
            if entry is None or entry[0] != generation:
                return None
            self._pages.move_to_end(key)
            return entry

    def keep_page(self, key, entry):
        """Keeps a page of the kept generation (a page of any other is never served)."""
        size = len(entry[2])
        with self._lock:
            if entry[0] != self._generation or size > settings.PAGE_CACHE_PROCESS_BYTES:
                return
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old[2])
            self._pages[key] = entry
            self._bytes += size
            while self._bytes > settings.PAGE_CACHE_PROCESS_BYTES:
                _key, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped[2])


kept = KeptPages()


def watch_version():
    """The version of the watch on the generation and horizon keys (Redis only), or
    None: then nothing is kept in this process, and every request asks the cache."""
    change_watch = getattr(cache, "change_watch", None)
    if change_watch is None:
        return None
    return change_watch(GENERATION_KEY, HORIZON_KEY).version()


def read_state(*also):
    """(found, kept): the generation and horizon, from this process's copy while Redis
    reports no change (`kept` is then True and nothing else is read), or else read
    from the cache with the keys `also` in one round trip, and kept."""
    version = watch_version()
    state = kept.state(version)
    if state is not None:
        return state, True
    found = cache.get_many([GENERATION_KEY, HORIZON_KEY, *also])
    if version is not None:
        kept.keep_state(version, found)
    return found, False


def content_version():
    """The generation public content is at, for caches of what is derived from it
    (content.versions: facet counts, the theme tree), whether the page cache
    is on or not. None without a shared cache (settings.SHARED_CACHE: processes
    could not agree on it); then nothing is kept."""
    if not getattr(settings, "SHARED_CACHE", False):
        return None
    read = _this_request.get()
    if read and "generation" in read:
        return read["generation"]
    generation, horizon = current(read_state()[0])
    if horizon is None:
        learn_horizon()
    return remember(generation)


def compute_horizon():
    now = timezone.now()
    times = [
        model.objects.next_visibility_change(now)
        for model in apps.get_models()
        if issubclass(model, Publishable)
    ]
    upcoming = [t.timestamp() for t in times if t is not None]
    return min(upcoming, default=now.timestamp() + QUIET_HORIZON)


def page_key(request):
    address = f"{release()} {request.get_host()}{request.get_full_path()}"
    return "pagecache:page:" + hashlib.sha256(address.encode()).hexdigest()


# What a page is made from besides content: the site's code, templates, static files
# and translations. A new build must not serve the old one's pages for up to
# PAGE_TIMEOUT: their markup, and links to static files the build no longer has.
FINGERPRINTED = ("*.py", "*.html", "*.txt", "*.css", "*.js", "*.svg", "*.mo")
NOT_FINGERPRINTED = {"tests", "__pycache__"}


@functools.cache
def release():
    """settings.RELEASE, or else a fingerprint of the files pages are made from (the
    same for every process of a build; read once a process, 20-40 ms here)."""
    if settings.RELEASE:
        return settings.RELEASE
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in sorted(fingerprinted(source_folders(root))):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def source_folders(root):
    """The site's own folders under `root` that pages are made from: its apps,
    template and static folders and translations (not the packages it uses: a
    change of those comes with a new lock, which a deploy names in RELEASE)."""
    folders = {Path(config.path) for config in apps.get_app_configs()}
    folders.update(Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"])
    folders.update(Path(folder) for folder in settings.STATICFILES_DIRS)
    folders.update(Path(folder) for folder in getattr(settings, "LOCALE_PATHS", ()))
    mine = {
        folder
        for folder in folders
        if folder.is_relative_to(root)
        and not any(  # an installed package's, in a virtualenv under the site's folder
            part.startswith(".") or part == "site-packages"
            for part in folder.relative_to(root).parts
        )
    }
    return [folder for folder in mine if not any(folder in other.parents for other in mine)]


def fingerprinted(folders):
    for top in folders:
        for folder, subfolders, files in os.walk(top):
            subfolders[:] = [
                name
                for name in subfolders
                if not name.startswith(".") and name not in NOT_FINGERPRINTED
            ]
            for name in files:
                if any(fnmatch(name, pattern) for pattern in FINGERPRINTED):
                    yield Path(folder, name)


def cacheable_request(request):
    return (
        enabled()
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "authorization" not in request.headers
        and not request.path_info.startswith(SKIPPED_PREFIXES)
    )


def cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")  # a form token is per visitor
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Just inside the CSP middleware, which sets each hit's header; a hit skips the
    middleware below it (sessions, CSRF, messages and the rest), and a stored page
    keeps the headers they added when it was rendered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        found, from_process = read_state(key)
        generation, horizon = current(found)
        entry = kept.page(key, generation) if from_process else None
        if entry is None:
            entry = cache.get(key) if from_process else found.get(key)
            if entry is not None:
                kept.keep_page(key, entry)
        if entry is not None and horizon is not None and entry[0] == generation:
            return self.hit(request, entry)
        if horizon is None:
            learn_horizon()
        remember(generation)  # the page's facet counts and theme tree need not ask again
        response = self.get_response(request)
        if cacheable_response(request, response):
            entry = self.entry(request, response, generation)
            cache.set(key, entry, timeout=PAGE_TIMEOUT)
            kept.keep_page(key, entry)
        return response

    def entry(self, request, response, generation):
        content = response.content
        nonce = get_nonce(request)
        has_nonce = bool(nonce)  # a LazyNonce is true once a template used it
        if has_nonce:
            content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
        ]
        return (generation, headers, content, has_nonce)

    def hit(self, request, entry):
        _generation, headers, content, has_nonce = entry
        if has_nonce:
            content = content.replace(NONCE_PLACEHOLDER, str(get_nonce(request)).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        # As CommonMiddleware sets it on a rendered page (a nonce changes the length).
        response["Content-Length"] = len(content)
        if "ETag" in response:
            return conditional_response(request, response)
        return response


def content_changed(sender, **kwargs):
    if sender._meta.app_label in PUBLIC_APPS:
        invalidate()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"pagecache-{id(signal)}")
    request_started.connect(start_request, dispatch_uid="pagecache-request-started")
    request_finished.connect(finish_request, dispatch_uid="pagecache-request-finished")
