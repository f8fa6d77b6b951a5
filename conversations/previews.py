"""Previews of photos in conversations: what a phone loads instead of the original.

A photo from a phone camera is several megabytes; the conversation shows a
copy of at most LONGEST_SIDE pixels instead, turned upright (the original's
EXIF orientation applied, since the copy keeps no metadata) and saved as
JPEG. The original is still attached, one tap away. A JPEG is decoded at
the smallest scale that still gives the preview's size (`Image.draft`), and
like every decoding in a process one at a time
(`privatemedia.cleaning.one_decode_at_a_time`), so the memory of a message
with five large photos stays that of one reduced photo.
"""

import math
from io import BytesIO

from PIL import Image as PILImage
from PIL import ImageOps

from privatemedia.cleaning import one_decode_at_a_time

LONGEST_SIDE = 1280


def preview_of(data, longest_side=LONGEST_SIDE):
    """JPEG bytes of the photo scaled down to `longest_side`, or None when it is no larger than that."""
    with one_decode_at_a_time(), PILImage.open(BytesIO(data)) as image:
        if max(image.size) <= longest_side:
            return None
        if image.format == "JPEG":
            # The size whose longest side is `longest_side`: draft decodes at 1/2, 1/4 or 1/8 while it stays larger.
            factor = max(image.size) / longest_side
            image.draft("RGB", (math.ceil(image.width / factor), math.ceil(image.height / factor)))
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((longest_side, longest_side))
        if upright.mode in ("RGBA", "LA", "P"):
            # Transparent parts on white, as the page shows them.
            with_alpha = upright.convert("RGBA")
            upright = PILImage.new("RGB", with_alpha.size, "white")
            upright.paste(with_alpha, mask=with_alpha.getchannel("A"))
        elif upright.mode != "RGB":
            upright = upright.convert("RGB")
        out = BytesIO()
        upright.save(out, format="JPEG", quality=82, optimize=True)
        return out.getvalue()
