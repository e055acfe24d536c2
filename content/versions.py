"""The version public content is at, for what is kept derived from it.

settings.CONTENT_VERSION names a function giving it (the page cache's generation,
eurocities.pagecache.content_version, which every write to public content and
every scheduled change moves on), or giving None when the web processes could not
agree on one (no shared cache): then nothing derived is kept. The content app asks
through the setting because eurocities depends on content, not the reverse.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def current():
    path = getattr(settings, "CONTENT_VERSION", None)
    return import_string(path)() if path else None
