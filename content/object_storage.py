"""Documents in the bucket (settings: STORAGES["private"] when AWS_STORAGE_BUCKET_NAME
is set), under their own prefix, with no address of their own: like PrivateStorage on
disk, only the download view reads them, after the publishing rule."""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name, *args, **kwargs):
        raise ValueError("A private file has no public address; link to its download view.")
