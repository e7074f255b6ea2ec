"""newswire: read news about wars and international politics into structured, verifiable records.

>>> from newswire import Reader
>>> reading = Reader().read_text('"We will not retreat," the minister said.')  # doctest: +SKIP
"""

from newswire.records import (
    Actor, Assessment, Boilerplate, Document, Event, Place, Quantity, Reading, Span, Statement,
)

__version__ = "0.1.0"


def __getattr__(name: str):
    if name == "Reader":
        from newswire.pipeline import Reader

        return Reader
    raise AttributeError(name)


__all__ = [
    "Actor", "Assessment", "Boilerplate", "Document", "Event", "Place", "Quantity", "Reader",
    "Reading", "Span", "Statement", "__version__",
]
