"""Schema steps the apps' migrations share (PostgreSQL only; other databases skip them)."""

from django.db import migrations

REWRITE_CHUNK = 5000


def search_vectors_inline(table):
    """A migration operation keeping `table`'s search vectors in the row itself.

    PostgreSQL moves a row's largest values out of line once the row passes about
    2 KB; by default that was the search vector (about 1 KB), so ranking every match
    of a query read each vector from the TOAST table: four buffers per match, most of
    a search's time at full scale. With STORAGE MAIN the body and search text go out
    of line first (pages read them once, for one item) and the vector stays in the
    row that the match already read (docs/performance.md, "Search at full scale").
    Rows stored before keep their old layout until written again, so they are
    rewritten here.
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE MAIN")
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT min(id), max(id) FROM {table}")
            first, last = cursor.fetchone()
        # A new value (the vector joined with nothing) is stored anew, under MAIN; a
        # few thousand rows a statement, each well within the statement timeout.
        for start in range(first or 0, (last or 0) + 1, REWRITE_CHUNK):
            schema_editor.execute(
                f"UPDATE {table} SET search_vector = search_vector || ''::tsvector "
                "WHERE id >= %s AND id < %s AND search_vector IS NOT NULL",
                [start, start + REWRITE_CHUNK],
            )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN search_vector SET STORAGE EXTENDED"
            )

    return migrations.RunPython(forwards, backwards, elidable=False)
