#!/usr/bin/env python3
"""Draws the sample handouts' pictures (simple diagrams, no text in them, so one picture
serves every language) and writes them as PNG with zlib: no third-party images, no
imaging library. Re-running gives the same bytes.

    python3 scripts/draw-figures.py [OUT_DIR [BRANDS_DIR]]
    (defaults: content/wound-care/images and brands/; the JPEG is made from the PPM with
    `cjpeg -quality 85 -optimize`)

Also writes a PPM of the "photo" (wound-check.ppm) that scripts turn into a JPEG with
cjpeg when they need one.
"""
import math
import os
import struct
import sys
import zlib

SS = 2  # supersampling: shapes are drawn at twice the size, then averaged


class Canvas:
    def __init__(self, w, h, background=(255, 255, 255, 255)):
        self.w, self.h = w * SS, h * SS
        self.px = [list(background) for _ in range(self.w * self.h)]

    def _blend(self, i, c):
        a = c[3] / 255.0
        p = self.px[i]
        if a >= 1:
            p[0], p[1], p[2], p[3] = c
            return
        out_a = a + p[3] / 255.0 * (1 - a)
        for k in range(3):
            src, dst = c[k], p[k]
            p[k] = int(round((src * a + dst * (p[3] / 255.0) * (1 - a)) / out_a)) if out_a else 0
        p[3] = int(round(out_a * 255))

    def polygon(self, pts, c):
        pts = [(x * SS, y * SS) for x, y in pts]
        ys = [p[1] for p in pts]
        y0, y1 = max(0, int(min(ys))), min(self.h - 1, int(max(ys)) + 1)
        n = len(pts)
        for y in range(y0, y1 + 1):
            yc = y + 0.5
            xs = []
            for i in range(n):
                (ax, ay), (bx, by) = pts[i], pts[(i + 1) % n]
                if (ay <= yc < by) or (by <= yc < ay):
                    xs.append(ax + (yc - ay) * (bx - ax) / (by - ay))
            xs.sort()
            for k in range(0, len(xs) - 1, 2):
                for x in range(max(0, int(xs[k] + 0.5)), min(self.w, int(xs[k + 1] + 0.5))):
                    self._blend(y * self.w + x, c)

    def rect(self, x, y, w, h, c):
        self.polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], c)

    def ellipse(self, cx, cy, rx, ry, c, steps=72):
        self.polygon([(cx + rx * math.cos(2 * math.pi * i / steps), cy + ry * math.sin(2 * math.pi * i / steps))
                      for i in range(steps)], c)

    def line(self, x0, y0, x1, y1, width, c):
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1
        nx, ny = -dy / length * width / 2, dx / length * width / 2
        self.polygon([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)], c)
        self.ellipse(x0, y0, width / 2, width / 2, c, 24)
        self.ellipse(x1, y1, width / 2, width / 2, c, 24)

    def pixels(self):
        """Rows of RGBA at the final size (each pixel the mean of SS×SS samples)."""
        w, h = self.w // SS, self.h // SS
        rows = []
        for y in range(h):
            row = []
            for x in range(w):
                acc = [0, 0, 0, 0]
                for sy in range(SS):
                    for sx in range(SS):
                        p = self.px[(y * SS + sy) * self.w + x * SS + sx]
                        for k in range(4):
                            acc[k] += p[k]
                row.append(tuple(v // (SS * SS) for v in acc))
            rows.append(row)
        return rows


def write_png(path, rows, alpha):
    h, w = len(rows), len(rows[0])
    raw = bytearray()
    for row in rows:
        raw.append(0)
        for p in row:
            raw.extend(p if alpha else p[:3])

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 6 if alpha else 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
                chunk(b"IEND", b""))


def write_ppm(path, rows):
    h, w = len(rows), len(rows[0])
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h))
        for row in rows:
            for p in row:
                f.write(bytes(p[:3]))


SKIN = (233, 190, 160, 255)
SKIN_DARK = (200, 140, 110, 255)
WOUND = (190, 60, 60, 255)
PAD = (250, 250, 245, 255)
FILM = (90, 150, 210, 150)
OUTLINE = (60, 70, 80, 255)
WATER = (80, 160, 220, 255)
GREEN = (60, 150, 110, 255)


def dressing_layers():
    """A cross-section: skin with a wound, a pad on it, a clear film over both.
    Transparent background (the PNG has alpha)."""
    c = Canvas(720, 360, (255, 255, 255, 0))
    c.rect(20, 220, 680, 120, SKIN)
    c.rect(20, 300, 680, 40, SKIN_DARK)
    c.polygon([(320, 220), (400, 220), (380, 270), (340, 270)], WOUND)
    c.rect(230, 180, 260, 40, PAD)
    c.rect(230, 180, 260, 4, OUTLINE)
    c.rect(230, 180, 4, 40, OUTLINE)
    c.rect(486, 180, 4, 40, OUTLINE)
    c.polygon([(150, 220), (230, 165), (490, 165), (570, 220), (560, 226), (488, 176), (232, 176), (160, 226)], FILM)
    for x, tip in ((120, 150), (360, 110), (600, 150)):
        c.line(x, 40, x, tip, 6, OUTLINE)
        c.polygon([(x - 14, tip - 6), (x + 14, tip - 6), (x, tip + 16)], OUTLINE)
    c.ellipse(120, 30, 14, 14, GREEN)
    c.ellipse(360, 30, 14, 14, GREEN)
    c.ellipse(600, 30, 14, 14, GREEN)
    return c


def hand_washing():
    """Three steps: water from a tap, soap bubbles, a towel. Opaque RGB."""
    c = Canvas(720, 260, (244, 248, 250, 255))
    for i in range(3):
        c.rect(20 + i * 235, 20, 210, 220, (255, 255, 255, 255))
        c.ellipse(45 + i * 235, 45, 16, 16, GREEN)
        for k in range(i + 1):
            c.rect(41 + i * 235 + k * 0, 37 + k * 0, 0, 0, GREEN)
    # step 1: tap and water
    c.rect(70, 60, 90, 24, OUTLINE)
    c.rect(140, 60, 24, 50, OUTLINE)
    for k in range(4):
        c.ellipse(152, 130 + k * 24, 7, 10, WATER)
    c.ellipse(125, 215, 55, 12, (200, 225, 240, 255))
    # step 2: hands (two rounded palms) and bubbles
    c.ellipse(335, 150, 50, 70, SKIN)
    c.ellipse(400, 150, 50, 70, SKIN_DARK)
    for bx, by, r in ((300, 90, 14), (340, 70, 10), (430, 80, 16), (460, 120, 9), (310, 200, 12), (445, 205, 11)):
        c.ellipse(bx, by, r, r, (210, 235, 250, 255))
        c.ellipse(bx - r / 3, by - r / 3, r / 4, r / 4, (255, 255, 255, 255))
    # step 3: a towel on a rail
    c.rect(520, 70, 180, 10, OUTLINE)
    c.polygon([(545, 80), (675, 80), (665, 220), (555, 220)], (120, 180, 160, 255))
    for k in range(4):
        c.rect(555 + 3, 110 + k * 28, 104, 6, (160, 210, 190, 255))
    return c


def wound_check():
    """A soft 'photo': skin tones with a healing cut and a ruler, for the JPEG sample."""
    c = Canvas(480, 320, (230, 200, 180, 255))
    for k in range(16):
        c.ellipse(240 + 40 * math.cos(k), 160 + 30 * math.sin(k * 1.7), 200 - k * 10, 140 - k * 7,
                  (225 + k % 3 * 3, 185 + k, 160 + k, 60))
    c.line(150, 170, 330, 150, 10, (200, 110, 110, 255))
    for k in range(7):
        c.line(170 + k * 26, 150 - k * 3 + 8, 176 + k * 26, 176 - k * 3, 3, (120, 70, 70, 255))
    c.rect(60, 260, 360, 30, (250, 240, 170, 255))
    for k in range(19):
        c.rect(64 + k * 19, 260, 2, 12 if k % 5 else 20, OUTLINE)
    return c


def riverside_logo():
    """A wave under a sun, on transparent ground."""
    c = Canvas(240, 120, (255, 255, 255, 0))
    c.ellipse(120, 50, 34, 34, (240, 170, 60, 255))
    for k in range(3):
        pts = [(20 + x * 4, 82 + k * 12 + 7 * math.sin(x * 0.35)) for x in range(51)]
        c.polygon(pts + [(p[0], p[1] + 6) for p in reversed(pts)], (40, 110, 170, 255))
    return c


def al_noor_logo():
    """A crescent and a cross-shaped star: a clinic mark without text. Opaque."""
    c = Canvas(240, 120, (255, 255, 255, 255))
    c.ellipse(120, 60, 48, 48, (30, 120, 100, 255))
    c.ellipse(136, 52, 42, 42, (255, 255, 255, 255))
    c.rect(150, 34, 12, 40, (200, 60, 70, 255))
    c.rect(136, 48, 40, 12, (200, 60, 70, 255))
    return c


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "content", "wound-care", "images")
    os.makedirs(out, exist_ok=True)
    write_png(os.path.join(out, "dressing-layers.png"), dressing_layers().pixels(), alpha=True)
    write_png(os.path.join(out, "hand-washing.png"), hand_washing().pixels(), alpha=False)
    write_ppm(os.path.join(out, "wound-check.ppm"), wound_check().pixels())
    brands = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "brands")
    write_png(os.path.join(brands, "riverside-logo.png"), riverside_logo().pixels(), alpha=True)
    write_png(os.path.join(brands, "al-noor-logo.png"), al_noor_logo().pixels(), alpha=False)


if __name__ == "__main__":
    main()
