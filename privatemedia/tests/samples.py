"""Real image files with everything a phone or a camera writes into them, made with Pillow.

Shared by the tests of every place photos are uploaded (Wagtail images,
conversation attachments, leave attachments): EXIF with camera serial,
owner, time stamps, GPS and orientation; XMP; a JPEG comment; an ICC
profile with text in it, sRGB or not.
"""

import struct
from io import BytesIO

from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

SECRETS = (b"Jansen", b"SN-4711", b"2026:05:04", b"GPS", b"Schoolcamera")

# D50-adapted primaries of sRGB (the PCS is D50), columns red, green, blue.
SRGB_PRIMARIES = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _desc(text):
    ascii_text = text.encode("ascii") + b"\x00"
    return (
        b"desc"
        + bytes(4)
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + bytes(4)
        + bytes(4)
        + bytes(2)
        + bytes(68)
    )


def icc_profile(description="Camera of P. Jansen SN-4711", swap_red_green=True):
    """An ICC v2 RGB display profile with `description`; by default not sRGB (red and green swapped)."""
    red, green, blue = SRGB_PRIMARIES
    if swap_red_green:
        red, green = green, red
    curve = b"curv" + bytes(4) + struct.pack(">I", 1) + struct.pack(">H", 0x0233)  # gamma 2.2
    tags = [
        (b"desc", _desc(description)),
        (b"cprt", b"text" + bytes(4) + b"Copyright P. Jansen\x00"),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body + bytes(-len(body) % 4)
    body = struct.pack(">I", len(tags)) + table + data
    header = (
        struct.pack(">I", 128 + len(body))
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 5, 4, 12, 0, 0)
        + b"acsp"
        + b"APPL"
        + bytes(4)
        + b"none"
        + b"none"
        + bytes(8)
        + bytes(4)
        + _s15(0.9642)
        + _s15(1.0)
        + _s15(0.8249)
        + b"lcms"
        + bytes(16)
        + bytes(28)
    )
    return header + body


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def camera_exif(orientation=1):
    """EXIF as a phone writes it: make, owner, serial, time stamps, GPS, orientation."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Schoolcamera"
    exif[ExifTags.Base.Artist] = "P. Jansen"
    exif[ExifTags.Base.DateTime] = "2026:05:04 12:00:00"
    exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.BodySerialNumber] = "SN-4711"
    details[ExifTags.Base.CameraOwnerName] = "P. Jansen"
    details[ExifTags.Base.DateTimeOriginal] = "2026:05:04 12:00:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 5.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 18.0, 10.0)
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,5.5N" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="P. Jansen"/></rdf:RDF></x:xmpmeta>'
)


def landscape(size=(60, 40), color=(200, 30, 30)):
    """A picture whose top-left corner is blue, so turning it shows."""
    image = PILImage.new("RGB", size, color)
    image.paste((0, 0, 255), (0, 0, size[0] // 4, size[1] // 4))
    return image


def camera_photo(image_format="JPEG", orientation=6, icc=None, size=(60, 40), color=(200, 30, 30)):
    """Bytes of a photo with every kind of metadata the format can hold; stored on its side (orientation 6)."""
    image = landscape(size, color)
    options = {"exif": camera_exif(orientation).tobytes(), "icc_profile": icc or srgb_profile()}
    if image_format in ("JPEG", "WEBP", "PNG"):
        options["xmp"] = XMP
    if image_format == "JPEG":
        options.update(comment=b"Foto van P. Jansen", quality=95)
    if image_format == "PNG":
        from PIL.PngImagePlugin import PngInfo

        text = PngInfo()
        text.add_text("Author", "P. Jansen")
        text.add_text("Comment", "GPS 52.09 N 4.30 E")
        options["pnginfo"] = text
    out = BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


def assert_clean(data, expected_format=None):
    """The stored bytes hold pixels only: no EXIF, XMP, comment, text chunks or ICC profile; still an image."""
    for secret in SECRETS:
        assert secret not in data, secret
    assert b"xmpmeta" not in data and b"Exif\x00\x00" not in data
    with PILImage.open(BytesIO(data)) as image:
        image.load()  # still viewable: it decodes
        assert not image.getexif()
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment", "Author", "Comment"):
            assert key not in image.info, key
        if expected_format:
            assert image.format == expected_format
        return image.copy()


def csp_directives(response):
    return {
        part.strip().split(" ")[0] for part in response.get("Content-Security-Policy", "").split(";") if part.strip()
    }


def assert_sandboxed(response):
    """A served upload: its Content-Security-Policy has a `sandbox` directive, its type is never sniffed."""
    assert "sandbox" in csp_directives(response), response.get("Content-Security-Policy")
    assert response["X-Content-Type-Options"] == "nosniff"
