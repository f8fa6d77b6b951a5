"""CSV exports that are safe to open in a spreadsheet.

A cell that starts with =, +, -, @ (or a tab, a return, | or %) is run as a
formula by Excel and LibreOffice: a parent's note could then read other
cells or call out. Every export writes its cells through `safe_cell`.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value):
    """A value for one CSV cell that no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
