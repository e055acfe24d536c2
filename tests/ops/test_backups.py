"""backup_site then restore_site gives back every row of every table and every media file."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from content.models import Article
from eurocities.backups import file_digests, file_roots
from publications.models import Publication
from tests.factories import ArticleFactory, PublicationFileFactory, ThemeFactory
from tests.publications.test_renditions import publication_with_cover

# Transactional: pg_restore and SQLite's backup need committed data. (The reference
# data the flush afterwards removes is put back by the post-flush hook.)
pytestmark = pytest.mark.django_db(transaction=True)


def every_row():
    """{table: sorted rows} for every table of the database."""
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            tables[table] = sorted(map(repr, cursor.fetchall()))
    return tables


def test_a_backup_restores_every_row_and_every_file(tmp_path, capsys):
    ArticleFactory.create_batch(3, themes=[ThemeFactory()])
    publication_with_cover()
    PublicationFileFactory(file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"))
    (settings.MEDIA_ROOT / "notes").mkdir(parents=True)
    (settings.MEDIA_ROOT / "notes" / "ünïcode name.txt").write_bytes(b"\x00binary\xff")
    rows = every_row()
    files = {name: file_digests(root) for name, root in file_roots().items()}
    assert rows["content_article"] and files["media"] and files["private-media"]

    call_command("backup_site", "--to", str(tmp_path / "backups"))
    folder = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]

    # Damage: delete rows, add rows, change and remove files.
    Article.objects.all().delete()
    Publication.objects.all().delete()
    ArticleFactory(title="Written after the backup")
    (settings.MEDIA_ROOT / "notes" / "ünïcode name.txt").write_bytes(b"changed")
    (settings.MEDIA_ROOT / "stray.txt").write_bytes(b"not in the backup")
    assert every_row() != rows

    call_command("restore_site", folder, "--no-input")

    assert every_row() == rows
    assert {name: file_digests(root) for name, root in file_roots().items()} == files
    assert "Restored" in capsys.readouterr().out


def test_restore_refuses_a_damaged_media_archive_and_changes_nothing(tmp_path, capsys):
    ArticleFactory()
    (settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "kept.txt").write_bytes(b"kept")
    call_command("backup_site", "--to", str(tmp_path / "backups"))
    folder = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    manifest = tmp_path / "backups" / folder.rsplit("/", 1)[-1] / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"kept.txt": "', '"kept.txt": "0'))
    ArticleFactory(title="After")
    before = every_row()

    with pytest.raises(CommandError, match="does not match its manifest"):
        call_command("restore_site", folder, "--no-input")
    assert every_row() == before
    assert (settings.MEDIA_ROOT / "kept.txt").read_bytes() == b"kept"
