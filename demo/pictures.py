"""Photos for the demo posts, drawn with Pillow: no downloaded files, no real children.

Each picture is a simple, recognisable scene (autumn leaves, a drawing of a
house, paper cut-outs, a playground, letters), drawn from a seed so the demo
looks the same on every machine. JPEG bytes, small enough to seed quickly.
"""

import math
import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

SIZE = (720, 480)

SKY = (196, 226, 245)
GRASS = (122, 178, 92)
PAPER = (250, 246, 236)
PALETTE = [(231, 111, 81), (244, 162, 97), (233, 196, 106), (42, 157, 143), (38, 70, 83), (131, 56, 236), (255, 0, 110)]


def _leaves(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(245, 235, 215))
    for _ in range(70):
        x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1])
        w, h = rng.randrange(30, 70), rng.randrange(16, 36)
        colour = rng.choice([(196, 92, 38), (222, 151, 40), (160, 60, 30), (201, 170, 60)])
        draw.ellipse([x, y, x + w, y + h], fill=colour)
        draw.line([x + w // 2, y + h // 2, x + w + 8, y + h + 6], fill=(110, 70, 40), width=3)


def _house(draw, rng):
    draw.rectangle([0, 0, SIZE[0], 330], fill=SKY)
    draw.rectangle([0, 330, *SIZE], fill=GRASS)
    draw.ellipse([560, 40, 660, 140], fill=(255, 210, 60))
    for angle in range(0, 360, 30):
        r = math.radians(angle)
        draw.line(
            [610 + 60 * math.cos(r), 90 + 60 * math.sin(r), 610 + 85 * math.cos(r), 90 + 85 * math.sin(r)],
            fill=(255, 190, 40),
            width=6,
        )
    left = rng.randrange(120, 220)
    draw.rectangle([left, 200, left + 220, 360], fill=rng.choice(PALETTE))
    draw.polygon([(left - 20, 200), (left + 110, 110), (left + 240, 200)], fill=(180, 40, 40))
    draw.rectangle([left + 90, 280, left + 130, 360], fill=(90, 60, 40))
    draw.rectangle([left + 25, 230, left + 70, 270], fill=(230, 240, 250))
    draw.rectangle([left + 150, 230, left + 195, 270], fill=(230, 240, 250))
    for x in range(20, SIZE[0], 70):
        draw.ellipse([x, 380, x + 24, 404], fill=rng.choice(PALETTE))


def _cutouts(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=PAPER)
    for _ in range(18):
        x, y = rng.randrange(-40, SIZE[0]), rng.randrange(-40, SIZE[1])
        size = rng.randrange(50, 130)
        colour = rng.choice(PALETTE)
        shape = rng.choice(["circle", "square", "triangle"])
        if shape == "circle":
            draw.ellipse([x, y, x + size, y + size], fill=colour)
        elif shape == "square":
            draw.rectangle([x, y, x + size, y + size], fill=colour)
        else:
            draw.polygon([(x, y + size), (x + size // 2, y), (x + size, y + size)], fill=colour)


def _playground(draw, rng):
    draw.rectangle([0, 0, SIZE[0], 220], fill=SKY)
    draw.rectangle([0, 220, *SIZE], fill=(205, 190, 160))
    # A climbing frame, a slide and a sandpit.
    draw.rectangle([80, 120, 90, 380], fill=(200, 60, 50))
    draw.rectangle([250, 120, 260, 380], fill=(200, 60, 50))
    draw.rectangle([80, 120, 260, 132], fill=(200, 60, 50))
    for y in range(170, 380, 50):
        draw.rectangle([90, y, 250, y + 8], fill=(60, 120, 190))
    draw.polygon([(330, 380), (380, 180), (400, 180), (520, 380)], fill=(250, 200, 40))
    draw.ellipse([520, 330, 700, 440], fill=(235, 215, 150))
    for _ in range(6):
        x = rng.randrange(540, 660)
        draw.rectangle([x, 360, x + 18, 380], fill=rng.choice(PALETTE))


def _letters(draw, rng):
    draw.rectangle([0, 0, *SIZE], fill=(40, 70, 60))  # a blackboard
    draw.rectangle([0, 440, *SIZE], fill=(120, 80, 50))
    font = ImageFont.load_default(size=72)
    letters = list("aapnootmiesvuurboom")
    rng.shuffle(letters)
    for index, letter in enumerate(letters[:18]):
        row, column = divmod(index, 6)
        colour = rng.choice([(250, 250, 250), (255, 230, 120), (160, 220, 255), (255, 170, 200)])
        draw.text(
            (50 + column * 110 + rng.randrange(-8, 8), 40 + row * 130 + rng.randrange(-8, 8)),
            letter,
            fill=colour,
            font=font,
        )


SCENES = {
    "leaves": _leaves,
    "house": _house,
    "cutouts": _cutouts,
    "playground": _playground,
    "letters": _letters,
}


def picture(scene, seed):
    """JPEG bytes of a scene ("leaves", "house", "cutouts", "playground", "letters")."""
    rng = random.Random(f"{scene}:{seed}")
    image = Image.new("RGB", SIZE, PAPER)
    SCENES[scene](ImageDraw.Draw(image), rng)
    out = BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()
