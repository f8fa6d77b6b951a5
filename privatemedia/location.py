"""Remove location data (EXIF GPS, and XMP that mentions GPS) from images.

Phones write where a photo was taken into the file. On a school portal that
can be a child's home address, so originals are cleaned before they are
stored (see `privatemedia.signals`). An image without location data is left
byte for byte as it is; one with location data is written again by Pillow
with the same EXIF minus the GPS block (JPEG keeps its quantisation tables,
so the quality does not drop noticeably).
"""

from io import BytesIO

from PIL import ExifTags
from PIL import Image as PILImage

GPS_IFD = ExifTags.IFD.GPSInfo


def has_location(image):
    if GPS_IFD in image.getexif():
        return True
    xmp = image.info.get("xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "ignore")
    return b"gps" in xmp.lower()


def without_location(data):
    """Bytes of the image without location data, or None if it had none."""
    with PILImage.open(BytesIO(data)) as image:
        if not has_location(image):
            return None
        exif = image.getexif()
        exif.pop(GPS_IFD, None)
        options = {"exif": exif.tobytes()}
        if image.info.get("icc_profile"):
            options["icc_profile"] = image.info["icc_profile"]
        image_format = image.format
        if image_format == "JPEG":
            options.update(quality="keep", subsampling="keep", qtables="keep")
            if image.info.get("progressive"):
                options["progressive"] = True
        elif image_format == "WEBP":
            options.update(quality=90, lossless=False)
        if getattr(image, "n_frames", 1) > 1:
            options["save_all"] = True
        out = BytesIO()
        image.save(out, format=image_format, **options)
        return out.getvalue()
