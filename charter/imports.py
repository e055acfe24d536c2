"""Where an admin CSV import waits between its preview and its confirmation.

django-import-export keeps the uploaded file between the two requests; its default
is the web process's temporary folder, which another process (or container) does
not see. This storage keeps it in the database instead (IMPORT_EXPORT_TMP_STORAGE_CLASS).
"""

import re
import uuid
from datetime import timedelta

from django.utils import timezone
from import_export.tmp_storages import BaseStorage

from .models import PendingImport

KEEP_FOR = timedelta(days=1)
NAME = re.compile(r"^[0-9a-f]{32}$")


class PendingImportMissing(Exception):
    """The preview's file is gone: already imported, expired, or never there."""


class DatabaseStorage(BaseStorage):
    def save(self, data):
        if not self.name:
            self.name = uuid.uuid4().hex
        raw = data.encode(self.encoding or "utf-8") if isinstance(data, str) else bytes(data)
        PendingImport.objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
        PendingImport.objects.update_or_create(name=self.name, defaults={"data": raw})

    def read(self):
        row = None
        if self.name and NAME.match(self.name):
            row = PendingImport.objects.filter(name=self.name).first()
        if row is None:
            raise PendingImportMissing(self.name)
        raw = bytes(row.data)
        return raw if "b" in self.read_mode else raw.decode(self.encoding or "utf-8")

    def remove(self):
        PendingImport.objects.filter(name=self.name).delete()
