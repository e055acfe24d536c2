"""Back up and restore the database and the uploaded media (manage.py backup_site /
restore_site, `make backup` / `make restore`).

A backup is a folder backups/<UTC time>/ with:
- database.pgdump: pg_dump's custom format (PostgreSQL), restored with pg_restore;
  or database.sqlite3: a consistent copy made with SQLite's backup API;
- media.tar.gz: every file under MEDIA_ROOT (media/) and PRIVATE_MEDIA_ROOT (the
  documents, private-media/), when on local disk; a bucket is backed up by its own
  versioning or replication;
- manifest.json: when, which database engine, and each file's SHA-256.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

DB_ALIAS = "default"


class BackupError(Exception):
    pass


def _vendor():
    return connections[DB_ALIAS].vendor


def _pg_env_and_args():
    db = connections[DB_ALIAS].settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def file_digests(root):
    root = Path(root)
    digests = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digests[path.relative_to(root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return digests


def file_roots():
    """Archive folder name -> the local folder it holds."""
    return {"media": Path(settings.MEDIA_ROOT), "private-media": Path(settings.PRIVATE_MEDIA_ROOT)}


def backup(destination_root):
    """Write a new backup folder under `destination_root`; return its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = Path(destination_root) / stamp
    folder.mkdir(parents=True)
    vendor = _vendor()
    if vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file",
              str(folder / "database.pgdump"), *args], env)  # fmt: skip
    elif vendor == "sqlite":
        connection = connections[DB_ALIAS]
        connection.ensure_connection()
        with sqlite3.connect(folder / "database.sqlite3") as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise BackupError(f"No backup method for {vendor}.")
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        for arcname, root in file_roots().items():
            if root.is_dir():
                archive.add(root, arcname=arcname)
    manifest = {
        "created": stamp,
        "database": vendor,
        "files": {arcname: file_digests(root) for arcname, root in file_roots().items()},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return folder


def restore(folder):
    """Replace the database and MEDIA_ROOT with the backup in `folder`."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']} database; this site uses {vendor}."
        )
    # Unpack and check the files beside their folders before touching anything.
    roots = file_roots()
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            if member.name.split("/", 1)[0] not in roots:
                raise BackupError(f"Unexpected entry in media.tar.gz: {member.name}")
    staging = Path(settings.MEDIA_ROOT).with_name(Path(settings.MEDIA_ROOT).name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        archive.extractall(staging, filter="data")
    for arcname in roots:
        (staging / arcname).mkdir(exist_ok=True)
        if file_digests(staging / arcname) != manifest["files"].get(arcname, {}):
            shutil.rmtree(staging)
            raise BackupError("The media archive does not match its manifest.")
    try:
        if vendor == "postgresql":
            connections.close_all()  # pg_restore drops the tables
            env, args = _pg_env_and_args()
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  *args, str(folder / "database.pgdump")], env)  # fmt: skip
        else:
            connection = connections[DB_ALIAS]
            connection.ensure_connection()
            with sqlite3.connect(folder / "database.sqlite3") as source:
                source.backup(connection.connection)
            source.close()
    except BaseException:
        shutil.rmtree(staging)  # the database is as it was: pg_restore is one transaction
        raise
    for arcname, root in roots.items():
        if root.exists():
            shutil.rmtree(root)
        root.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staging / arcname, root)
    shutil.rmtree(staging)
    return manifest
