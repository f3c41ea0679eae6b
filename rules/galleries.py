"""What photo galleries and slideshows leave in the text: counters and their buttons."""

from __future__ import annotations

import regex

from cleaner.rule import Example, LineRule


class GalleryLabel(LineRule):
    id = "gallery-label"
    summary = "Drop photo-gallery counters and buttons ('Image 1 of 8', 'Back to Gallery')."
    why = (
        "Slideshows embedded in articles print where the reader is ('Image 1 of 8', 'Photo 3/12') "
        "and their buttons ('Back to Gallery', 'Enlarge this image', 'Hide caption') as lines of "
        "their own. A counter needs its picture word, so a bare '10 / 10' score stays."
    )
    max_words = 8
    triggers = ("image", "photo", "picture", "slide", "gallery", "caption", "of/")
    examples = (
        Example("Text.\nImage 1 of 8\nBack to Gallery\nMore.", "Text.\nMore."),
        Example("Text.\n1of/8\nPhoto 3/12\nEnlarge this image\nMore.", "Text.\nMore."),
    )
    keeps = (
        "10 / 10",
        "Image 1 of 8 shows the hall in 1910.",
        "The gallery reopened in May.",
        "Photo finish",
    )
    pattern = regex.compile(
        r"(?i)^\W*(?:(?:image|photo|picture|slide)\s*\d{1,3}\s*(?:of|/)\s*\d{1,3}|\d{1,3}\s*of\s*/\s*\d{1,3}"
        r"|(?:back\s+to|view|open|close|exit|launch)\s+(?:the\s+)?(?:photo\s+)?(?:gallery|slideshow)"
        r"|enlarge\s+(?:this\s+)?(?:image|photo|picture)|(?:hide|show|toggle)\s+caption)\W*$"
    )
