"""De-identification of free text: the cleaner interface and its default implementation.

The clinical-notes scrubber plugs in here by implementing :class:`TextCleaner`.
"""

from medprivacy.deid.text.cleaner import TextCleaner, VocabularyCleaner

__all__ = ["TextCleaner", "VocabularyCleaner"]
