"""Image uploads checked with pillow, and the resized renditions pages show.

Uploads: the detected format must match the extension, the pixel count (times
frames for animations) is capped well below pillow's own decompression-bomb
limit, and the whole image is decoded once so a truncated file is refused.
SVG is never an image here: it can carry scripts.

Renditions: pages never show the uploaded original. `rendition(image, "card")`
makes a cropped, re-encoded copy (WebP where pillow can write it; metadata such
as EXIF GPS is dropped by re-encoding) under `renditions/`, once, and returns
it again from storage afterwards. Its name derives from the source's stored name,
which is unique per upload, so a replaced image gets new renditions; the old ones
are deleted with their original (content.uploads' file cleanup).
"""

import hashlib
import io
import logging
import time
import warnings
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

from . import versions
from .uploads import check_size, extension_of, is_new_upload

logger = logging.getLogger(__name__)

# Extension -> pillow format names it may contain.
IMAGE_FORMATS = {
    "jpg": {"JPEG", "MPO"},
    "jpeg": {"JPEG", "MPO"},
    "png": {"PNG"},
    "gif": {"GIF"},
    "webp": {"WEBP"},
}
MAX_IMAGE_PIXELS = 40_000_000  # a 40 Mpx photo; pillow warns from 89 Mpx

INVALID_IMAGE = _(
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
)


def validate_image(value):
    """Model/form validator for an uploaded image."""
    if not is_new_upload(value):
        return
    check_size(value)
    extension = extension_of(value.name)
    if extension not in IMAGE_FORMATS:
        raise ValidationError(
            _("File extension “%(extension)s” is not allowed. Allowed extensions are: %(allowed)s.")
            % {"extension": extension or "-", "allowed": ", ".join(IMAGE_FORMATS)},
            code="invalid_extension",
        )
    file = getattr(value, "file", value)
    try:
        with warnings.catch_warnings():
            # We apply our own, lower cap below; pillow's warning is not an answer.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                detected = image.format
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                pixels = width * height
                if pixels * frames > MAX_IMAGE_PIXELS:
                    raise ValidationError(
                        _(
                            "This image has too many pixels (%(pixels)s); "
                            "the maximum is %(maximum)s."
                        )
                        % {
                            "pixels": f"{pixels * frames:,}",
                            "maximum": f"{MAX_IMAGE_PIXELS:,}",
                        },
                        code="too_many_pixels",
                    )
                if detected not in IMAGE_FORMATS[extension]:
                    raise ValidationError(
                        _(
                            "Not a valid .%(extension)s image. The extension does not "
                            "match the file format (%(format)s)."
                        )
                        % {"extension": extension, "format": detected},
                        code="format_mismatch",
                    )
                image.verify()
            # verify() does not decode pixels; load() does, and fails on a truncated file.
            file.seek(0)
            with Image.open(file) as image:
                image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("This image is too large to process."), code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(INVALID_IMAGE, code="invalid_image") from error
    finally:
        file.seek(0)


@dataclass(frozen=True)
class RenditionSpec:
    width: int
    height: int
    # Where to keep the crop: (0.5, 0.5) centre; (0.5, 0.0) top, for document
    # covers whose title sits at the top.
    centering: tuple = (0.5, 0.5)
    # False: scale to fit inside width x height, keeping the whole picture (images
    # in a rich-text body are shown as the editor chose them, never cropped).
    crop: bool = True


RENDITIONS = {
    "thumbnail": RenditionSpec(120, 160, (0.5, 0.0)),
    "card": RenditionSpec(640, 360),
    "avatar": RenditionSpec(128, 128, (0.5, 0.3)),
    "cover": RenditionSpec(480, 640, (0.5, 0.0)),
    "wide": RenditionSpec(1200, 675),
    "body": RenditionSpec(1200, 1200, crop=False),
}
RENDITION_VERSION = 2  # bump to remake every rendition after changing the code


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    name: str


def _output_format():
    return ("WEBP", "webp") if features.check("webp") else ("JPEG", "jpg")


def rendition_name(source_name, size):
    fmt, extension = _output_format()
    key = f"{source_name}|{size}|{RENDITION_VERSION}|{fmt}".encode()
    digest = hashlib.sha256(key).hexdigest()[:24]
    return f"renditions/{digest[:2]}/{digest}-{size}.{extension}"


RENDITION_LOCK_SECONDS = 30
RENDITION_WAIT_SECONDS = 10


def _known_key(name):
    return f"rendition:{name}"


# The renditions known to exist at the current version of public content, kept in
# this process, so a page of twenty covers asks the shared cache nothing. Sources
# are stored under names never used before (content.uploads.UploadTo), and a source
# image replaced or deleted is an edit, which moves the version on.
KEPT_RENDITIONS = 10_000
_known_renditions = versions.KeptPerVersion()


def _is_known(name, made_here=False):
    """Whether the rendition `name` exists, as the shared cache knows (or, with
    made_here, as this process just made it); only a yes is kept."""
    return _known_renditions.get(
        name,
        lambda: made_here or bool(cache.get(_known_key(name))),
        limit=KEPT_RENDITIONS,
        keep=bool,
    )


def rendition(image, size="card", storage=None):
    """The `size` rendition of a stored image (a FieldFile), made on first use.

    Made once, even when several requests ask at the same time: the first takes a
    cache lock and renders, the others wait for its file (across processes with the
    Redis cache; the local-memory cache locks within one process). Once a rendition
    exists, the cache remembers it, so pages do not ask the storage (an S3 request)
    on every view.

    Returns None when there is no image or it cannot be read, so a page shows no
    image rather than failing or falling back to the original.
    """
    if not image or not getattr(image, "name", None) or size not in RENDITIONS:
        return None
    spec = RENDITIONS[size]
    storage = storage or getattr(image, "storage", None) or default_storage
    name = rendition_name(image.name, size)
    if not _is_known(name) and not _ensure_rendition(image, spec, storage, name):
        return None
    width, height = spec.width, spec.height
    if not spec.crop:
        try:
            with storage.open(name, "rb") as stored, Image.open(stored) as picture:
                width, height = picture.size
        except Exception:
            logger.warning("Cannot read the %s rendition of %s", size, image.name, exc_info=True)
            return None
    return Rendition(storage.url(name), width, height, name)


def _ensure_rendition(image, spec, storage, name):
    """True once `name` is in storage, made here or by whoever holds the lock."""
    lock = f"rendition-lock:{name}"
    deadline = time.monotonic() + RENDITION_WAIT_SECONDS
    while not storage.exists(name):
        if cache.add(lock, 1, RENDITION_LOCK_SECONDS):
            try:
                if not storage.exists(name):
                    try:
                        content = _render(image, spec)
                    except Exception:  # an unreadable source must not break the page
                        logger.warning("Cannot make the rendition %s of %s", name, image.name,
                                       exc_info=True)  # fmt: skip
                        return False
                    saved = storage.save(name, ContentFile(content))
                    if saved != name:  # someone without the lock got there first
                        storage.delete(saved)
            finally:
                cache.delete(lock)
            break
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    cache.set(_known_key(name), True, None)
    return _is_known(name, made_here=True)


def _render(image, spec):
    fmt, _extension = _output_format()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with image.storage.open(image.name, "rb") as source, Image.open(source) as original:
            if original.width * original.height > MAX_IMAGE_PIXELS:
                raise ValueError("source image has too many pixels")
            picture = ImageOps.exif_transpose(original)
            picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
            # Never enlarge: a small source gives a smaller rendition of the same
            # shape, which the page scales; enlarging would only add bytes.
            scale = min(1.0, picture.width / spec.width, picture.height / spec.height)
            target = (max(1, round(spec.width * scale)), max(1, round(spec.height * scale)))
            if spec.crop:
                picture = ImageOps.fit(
                    picture,
                    target,
                    Image.Resampling.LANCZOS,
                    centering=spec.centering,
                )
            elif picture.width > spec.width or picture.height > spec.height:
                picture = ImageOps.contain(
                    picture, (spec.width, spec.height), Image.Resampling.LANCZOS
                )
    if fmt == "JPEG" and picture.mode == "RGBA":
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    # A fresh image carries no EXIF, ICC or XMP unless passed to save().
    picture.save(buffer, fmt, quality=80)
    return buffer.getvalue()


def _has_alpha(picture):
    return picture.mode in {"RGBA", "LA", "PA"} or (
        picture.mode == "P" and "transparency" in picture.info
    )


def remove_renditions(source_name, storage=None):
    """Delete every rendition made of a source image (it was replaced or deleted)."""
    storage = storage or default_storage
    for size in RENDITIONS:
        name = rendition_name(source_name, size)
        cache.delete(_known_key(name))
        if storage.exists(name):
            storage.delete(name)
