"""Uploads, for every app that stores files editors upload: the one place that checks
them, names them safely, keeps documents private and removes files nobody uses.

A document is accepted only if its extension is on the allowlist AND its content
is that format: magic bytes for PDF, and for the zip-based formats (OOXML, ODF,
EPUB) the container's member list, read from the zip directory without
extracting anything (so a zip bomb is never inflated). The Content-Type we serve
comes from this allowlist, never from what the browser claimed on upload.

CSV is deliberately not accepted: it has no signature, so an HTML page renamed
.csv could not be told apart. Data is published as XLSX or ODS.

A zip container is also refused, before anything is inflated, when its members
would expand past MAX_INFLATED_SIZE in total or by more than MAX_COMPRESSION_RATIO
each (a zip bomb): the sizes come from the zip directory alone.

Documents live in PrivateStorage (settings.PRIVATE_MEDIA_ROOT, never under
MEDIA_ROOT and with no URL): a draft's file cannot be fetched at any address;
only a view that applies the publishing rule reads it.

Stored files follow their rows: when a file field is cleared or given a new
file, or its row is deleted, the old file (and its image renditions) is removed
once the transaction commits, unless another row still uses it. This is
connected to every model of the project's apps (ContentConfig.ready).
"""

import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .stored import read_before_save, stored_row


@dataclass(frozen=True)
class DocumentFormat:
    extension: str
    content_type: str
    label: str  # what a download link says: 'PDF, 2.3 MB'


DOCUMENT_FORMATS = {
    f.extension: f
    for f in [
        DocumentFormat("pdf", "application/pdf", "PDF"),
        DocumentFormat(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX",
        ),
        DocumentFormat(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"
        ),
        DocumentFormat(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PPTX",
        ),
        DocumentFormat("odt", "application/vnd.oasis.opendocument.text", "ODT"),
        DocumentFormat("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS"),
        DocumentFormat("odp", "application/vnd.oasis.opendocument.presentation", "ODP"),
        DocumentFormat("epub", "application/epub+zip", "EPUB"),
    ]
}

# OOXML: the part that makes a package a document of each kind.
OOXML_MAIN_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
# ODF and EPUB: the uncompressed `mimetype` member names the format.
ZIP_MIMETYPES = {f.content_type: f.extension for f in DOCUMENT_FORMATS.values()}

# Characters never kept in a stored or displayed file name: controls (Cc) and
# format characters (Cf), which include bidi overrides such as U+202E that make
# 'report\u202efdp.exe' display as 'reportexe.pdf'.
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
MAX_NAME_LENGTH = 120

# Zip bombs: a real report of a few hundred pages inflates to tens of megabytes,
# its XML parts by ten or twenty times their packed size.
MAX_INFLATED_SIZE = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 10_000


def format_size(size):
    """A short human size: '812 bytes', '14.2 KB', '2.3 MB' (binary units)."""
    for unit, factor in ((_("GB"), 1024**3), (_("MB"), 1024**2), (_("KB"), 1024)):
        if size >= factor:
            number = f"{size / factor:.1f}".removesuffix(".0")
            return f"{number} {unit}"
    return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}


def readable_name(name):
    """`name` without directories, control or bidi characters: for display and
    for the Content-Disposition of a download."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = "".join(ch for ch in name if unicodedata.category(ch) not in UNSAFE_CATEGORIES)
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip().strip(".")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem[: MAX_NAME_LENGTH - len(extension) - 1]
    return f"{stem}.{extension}" if extension else stem


def safe_filename(name):
    """A storable file name: readable_name, then only letters, digits, '-', '_', '.'."""
    name = readable_name(name)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"(?u)[^-\w.]", "", stem.replace(" ", "_")).strip("._") or "file"
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    return get_valid_filename(f"{stem}.{extension}" if extension else stem)


def extension_of(name):
    base = readable_name(name)
    return base.rpartition(".")[2].lower() if "." in base else ""


@deconstructible
class UploadTo:
    """upload_to for FileFields: '<prefix>/<year>/<random hex>/<safe name>'.

    The random folder means two uploads never collide, so no upload can overwrite
    another file, and stored addresses cannot be guessed from a title.
    """

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        return "/".join(
            [self.prefix, str(timezone.now().year), uuid.uuid4().hex, safe_filename(filename)]
        )

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)


def is_new_upload(value):
    """True for a file just uploaded (not yet stored); stored files were checked
    when they arrived and are not re-read on every save."""
    return bool(value) and not getattr(value, "_committed", False)


def _rewound(value):
    file = getattr(value, "file", value)
    file.seek(0)
    return file


def check_size(value, limit=None):
    limit = settings.MAX_UPLOAD_SIZE if limit is None else limit
    size = value.size
    if not size:
        raise ValidationError(_("The submitted file is empty."), code="empty")
    if size > limit:
        raise ValidationError(
            _("File too large: %(size)s (maximum %(limit)s).")
            % {"size": format_size(size), "limit": format_size(limit)},
            code="too_large",
        )


def check_zip_expansion(file):
    """Refuse a zip container that would inflate too far, reading only its directory."""
    file.seek(0)
    if file.read(4) != b"PK\x03\x04":
        file.seek(0)
        return
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return  # not a readable zip: the format check refuses it
    finally:
        file.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError(
            _("This document has too many parts (%(count)s; the maximum is %(maximum)s).")
            % {"count": f"{len(members):,}", "maximum": f"{MAX_ZIP_MEMBERS:,}"},
            code="zip_bomb",
        )
    total = sum(member.file_size for member in members)
    if total > MAX_INFLATED_SIZE:
        raise ValidationError(
            _(
                "This document would expand to %(size)s when opened (the maximum is "
                "%(limit)s), so it was refused unopened. It may be a zip bomb; save it "
                "again from your office program or as PDF."
            )
            % {"size": format_size(total), "limit": format_size(MAX_INFLATED_SIZE)},
            code="zip_bomb",
        )
    for member in members:
        packed = max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and member.file_size / packed > MAX_COMPRESSION_RATIO:
            raise ValidationError(
                _(
                    "A part of this document (%(part)s) would expand %(ratio)s times its "
                    "packed size (the maximum is %(maximum)s), so it was refused unopened. "
                    "It may be a zip bomb; save it again from your office program or as PDF."
                )
                % {
                    "part": readable_name(member.filename),
                    "ratio": f"{member.file_size // packed:,}",
                    "maximum": MAX_COMPRESSION_RATIO,
                },
                code="zip_bomb",
            )


def detect_document_format(file):
    """The extension of the allowed format `file` really is, or None.

    Zip containers are judged from their directory and at most the tiny
    `mimetype` member; nothing is extracted.
    """
    file.seek(0)
    head = file.read(262)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macro-enabled Office files are not published
            if "[Content_Types].xml" in names:
                found = [ext for part, ext in OOXML_MAIN_PARTS.items() if part in names]
                return found[0] if len(found) == 1 else None
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > 100:
                    return None
                mimetype = archive.read(info).decode("ascii", "replace").strip()
                return ZIP_MIMETYPES.get(mimetype)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def describe_content(file):
    """What the content looks like, for the error message ('EXE', 'HTML')."""
    file.seek(0)
    head = file.read(512)
    file.seek(0)
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<head", b"<body")):
        return "HTML"
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "SVG" if b"<svg" in text else "XML"
    kind = filetype.guess(head)
    return kind.extension.upper() if kind else None


@deconstructible
class DocumentValidator:
    """Model/form validator for an uploaded document.

    `extensions` narrows the allowlist for one field (say, PDF only for a
    monitoring report); formats outside DOCUMENT_FORMATS are never accepted.
    """

    def __init__(self, extensions=None):
        self.extensions = tuple(
            e for e in (extensions or DOCUMENT_FORMATS) if e in DOCUMENT_FORMATS
        )

    def __call__(self, value):
        if not is_new_upload(value):
            return
        check_size(value)
        extension = extension_of(value.name)
        if extension not in self.extensions:
            raise ValidationError(
                _(
                    "File extension “%(extension)s” is not allowed. "
                    "Allowed extensions are: %(allowed)s."
                )
                % {"extension": extension or "-", "allowed": ", ".join(self.extensions)},
                code="invalid_extension",
            )
        file = _rewound(value)
        check_zip_expansion(file)
        if detect_document_format(file) != extension:
            seen = describe_content(file)
            message = _("The file content does not match its .%(extension)s extension.") % {
                "extension": extension
            }
            if seen:
                message = f"{message} " + _("Detected format: %(kind)s.") % {"kind": seen}
            raise ValidationError(message, code="content_mismatch")

    def __eq__(self, other):
        return isinstance(other, DocumentValidator) and other.extensions == self.extensions

    def __hash__(self):
        return hash(self.extensions)


validate_document = DocumentValidator()


def document_format(name):
    """The allowlisted format for a stored file name (None if not a document)."""
    return DOCUMENT_FORMATS.get(extension_of(os.path.basename(name or "")))


# --- Private storage for documents ------------------------------------------------


class PrivateStorage(FileSystemStorage):
    """Files with no public address, under settings.PRIVATE_MEDIA_ROOT.

    Nothing routes or serves this folder; a view reads a file after checking who
    may see it (publications' download view).
    """

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("A private file has no public address; link to its download view.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


private_storage = PrivateStorage()
setting_changed.connect(private_storage._clear_cached_properties)


class _PrivateStorageHandle(LazyObject):
    """The bucket's private prefix when STORAGES["private"] is configured (object
    storage), else PrivateStorage on disk; looked up again when STORAGES changes."""

    def _setup(self):
        if "private" in settings.STORAGES:
            self._wrapped = storages["private"]
        else:
            self._wrapped = private_storage


private_storage_handle = _PrivateStorageHandle()


def _forget_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        private_storage_handle._wrapped = empty


setting_changed.connect(_forget_private_storage)


def get_private_storage():
    """For FileField(storage=...): a callable, so migrations do not freeze a path."""
    return private_storage_handle


# --- Removing files nobody uses -------------------------------------------------


def file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def remove_stored_file(model, field, name):
    """Delete `name` from `field`'s storage after the commit, unless a row still uses it."""
    if not name:
        return

    def remove():
        if model._base_manager.filter(**{field.attname: name}).exists():
            return
        storage = field.storage
        storage.delete(name)
        if isinstance(field, models.ImageField):
            from .images import remove_renditions

            remove_renditions(name, storage)

    transaction.on_commit(remove)


def _remove_replaced_files(sender, instance, raw=False, **kwargs):
    before = stored_row(instance)  # content.stored read it before the save (None: new)
    if before is None:
        return
    for field in file_fields(sender):
        old = getattr(before, field.attname).name or ""
        new = getattr(instance, field.attname).name or ""
        if old and old != new:
            remove_stored_file(sender, field, old)


def _remove_deleted_files(sender, instance, **kwargs):
    for field in file_fields(sender):
        remove_stored_file(sender, field, getattr(instance, field.attname).name or "")


def connect_file_cleanup():
    """Follow the files of every model of the project's own apps (not Django's)."""
    base = str(settings.BASE_DIR)
    for model in apps.get_models():
        path = str(apps.get_app_config(model._meta.app_label).path)
        ours = path.startswith(base) and "site-packages" not in path
        if not ours or not file_fields(model):
            continue
        uid = f"file-cleanup-{model._meta.label}"
        read_before_save(model)
        post_save.connect(_remove_replaced_files, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_remove_deleted_files, sender=model, dispatch_uid=f"{uid}-del")
