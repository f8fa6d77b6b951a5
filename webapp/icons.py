"""The app's icons, drawn here with Pillow: a school gate ("schoolpoort") in the site's colours.

`python manage.py make_icons` writes them to webapp/static/webapp/icons/;
the PNGs are committed, and webapp/tests/test_webpush.py checks they are what this
module draws. No icon comes from elsewhere.

* icon-192.png, icon-512.png: purpose "any", a rounded square.
* maskable-192.png, maskable-512.png: purpose "maskable", full bleed, the
  gate inside the central safe circle (40% of the size as radius), so any
  mask shape a launcher cuts keeps it whole.
* apple-touch-icon.png (180): iOS home screens, full bleed without alpha.
* badge-96.png: the monochrome silhouette Android shows in the status bar.
* favicon-32.png: the browser tab.
"""

from pathlib import Path

from PIL import Image, ImageDraw

ACCENT = (0x1F, 0x6F, 0x8B)  # --accent in static/css/site.css
PAPER = (0xFB, 0xFA, 0xF7)  # --paper
SUN = (0xF2, 0xB7, 0x05)  # the focus outline colour
WHITE = (255, 255, 255)
SUPERSAMPLE = 4

OUTPUT = Path(__file__).resolve().parent / "static" / "webapp" / "icons"

# name: (size, kind)
ICONS = {
    "icon-192.png": (192, "any"),
    "icon-512.png": (512, "any"),
    "maskable-192.png": (192, "maskable"),
    "maskable-512.png": (512, "maskable"),
    "apple-touch-icon.png": (180, "apple"),
    "badge-96.png": (96, "badge"),
    "favicon-32.png": (32, "any"),
}


def _gate(draw, size, colour, opening, scale=1.0):
    """A gate: a wall with an arched opening and three bars, centred, `scale` times the standard size."""
    c = size / 2
    half_width = 0.24 * size * scale
    top = c - 0.25 * size * scale
    bottom = c + 0.27 * size * scale
    # The wall: a rectangle under a half circle.
    draw.pieslice((c - half_width, top, c + half_width, top + 2 * half_width), 180, 360, fill=colour)
    draw.rectangle((c - half_width, top + half_width, c + half_width, bottom), fill=colour)
    # The arched opening.
    inner = half_width * 0.68
    inner_top = top + (half_width - inner) * 1.1
    draw.pieslice((c - inner, inner_top, c + inner, inner_top + 2 * inner), 180, 360, fill=opening)
    draw.rectangle((c - inner, inner_top + inner, c + inner, bottom), fill=opening)
    # Three bars across the opening.
    bar = max(inner * 0.13, 1)
    for offset in (-0.5, 0, 0.5):
        x = c + offset * inner
        draw.rectangle((x - bar / 2, inner_top + inner * 0.35, x + bar / 2, bottom), fill=colour)
    # The ground.
    draw.rectangle(
        (c - half_width * 1.25, bottom, c + half_width * 1.25, bottom + max(0.035 * size * scale, 1)), fill=colour
    )
    # A small sun above the gate.
    sun = 0.055 * size * scale
    sx, sy = c + half_width * 0.95, top + sun * 0.4
    return (sx - sun, sy - sun, sx + sun, sy + sun)


def draw(size, kind):
    """One icon as a Pillow image (RGBA; RGB for the Apple icon)."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    if kind == "badge":
        _gate(canvas, big, WHITE + (255,), (0, 0, 0, 0), scale=1.45)
    else:
        if kind == "any":
            radius = int(0.22 * big)
            canvas.rounded_rectangle((0, 0, big - 1, big - 1), radius=radius, fill=ACCENT + (255,))
            scale = 1.2
        else:  # maskable and apple: full bleed, the gate in the safe zone
            canvas.rectangle((0, 0, big, big), fill=ACCENT + (255,))
            scale = 0.9
        sun = _gate(canvas, big, PAPER + (255,), ACCENT + (255,), scale=scale)
        canvas.ellipse(sun, fill=SUN + (255,))
    image = image.resize((size, size), Image.LANCZOS)
    if kind == "apple":
        image = image.convert("RGB")
    return image


def write_icons(folder=OUTPUT):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (size, kind) in ICONS.items():
        path = folder / name
        draw(size, kind).save(path, format="PNG", optimize=True)
        written.append(path)
    return written
