#!/usr/bin/env python3
"""poppler's `pdfinfo -struct-text` of a handout, read from a copy without the catalog's
/OutputIntents: the same text, a twentieth of the CPU time.

poppler reads the text of each marked-content sequence of the structure tree with a new
graphics state, and each new one loads the document's OutputIntent profile (the sRGB profile a
PDF/A handout embeds) as its display profile, where Little CMS reverses the profile's tone
curves: 93% of the time of `pdfinfo -struct-text` (perf, poppler 22.12), 7.1 s of CPU for
the seed's English A4 handout, 0.25 s for the copy. The profile says how colours look; which
text an element holds, and in what order, does not depend on it. The copy is written by pikepdf,
which numbers the objects anew and may order a dictionary's keys differently, so the lines
naming an object ("Object 57 0", a link's annotation) and the order of an element's attribute
lines ("/Placement /Block") can differ; the element lines and the quoted text lines, all that
the tests read, were the same for all 34 PDFs of pdf.extraction (and tagged.order's), and
same_text() checks them again on one file every run.

    /usr/bin/python3 poppler_struct.py IN.pdf OUT.pdf     writes the copy of IN.pdf

(The test scripts call reading_copy(); it runs this file with /usr/bin/python3 when their own
interpreter has no pikepdf.)
"""

import os
import re
import subprocess
import sys

try:
    import pikepdf
except ImportError:
    pikepdf = None

SYSTEM_PYTHON = "/usr/bin/python3"


def write_copy(pdf, out):
    """Writes PDF less the catalog's /OutputIntents to OUT (with pikepdf)."""
    with pikepdf.open(pdf) as doc:
        if "/OutputIntents" in doc.Root:
            del doc.Root.OutputIntents
        doc.save(out)


def reading_copy(pdf):
    """The file to give `pdfinfo -struct-text` for PDF: its copy without /OutputIntents,
    written beside it, or PDF itself when no python here has pikepdf (the same text, slowly)."""
    out = os.path.splitext(pdf)[0] + ".struct-text.pdf"
    if pikepdf is not None:
        try:
            write_copy(pdf, out)
            return out
        except Exception:  # pikepdf cannot read it: pdfinfo says what it makes of the file
            return pdf
    if os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON):
        r = subprocess.run([SYSTEM_PYTHON, os.path.abspath(__file__), pdf, out], capture_output=True)
        if r.returncode == 0:
            return out
    return pdf


def pdfinfo_struct_text(pdf):
    """`pdfinfo -enc UTF-8 -struct-text PDF`: (exit status, stdout, stderr) as text."""
    r = subprocess.run(["pdfinfo", "-enc", "UTF-8", "-struct-text", pdf], capture_output=True)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


ELEMENT_OR_TEXT = re.compile(r'^ *([A-Za-z][A-Za-z0-9]*( \((block|inline)\))?:?|".*")$')


def elements_and_text(out):
    """The lines of `pdfinfo -struct-text` output that name an element or quote its text."""
    return [line for line in out.splitlines() if ELEMENT_OR_TEXT.match(line)]


def same_text(pdf):
    """None when `pdfinfo -struct-text` gives the same elements and text of PDF and of its
    reading copy, else what differs (the premise of reading_copy, checked on one file a run)."""
    copy = reading_copy(pdf)
    if copy == pdf:
        return None
    got, want = pdfinfo_struct_text(copy), pdfinfo_struct_text(pdf)
    if got[0] != want[0]:
        return "pdfinfo exits %d on %s, %d on its copy without /OutputIntents" % (want[0], pdf, got[0])
    a, b = elements_and_text(want[1]), elements_and_text(got[1])
    if a == b:
        return None
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return ("pdfinfo -struct-text of %s and of its copy without /OutputIntents differ at line %d: %r, %r"
            % (pdf, i + 1, a[i] if i < len(a) else None, b[i] if i < len(b) else None))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    write_copy(sys.argv[1], sys.argv[2])
