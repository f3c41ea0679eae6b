"""Names of the agencies that credit photos and wire copy, shared by the credit rules.

A credit is recognised by who it credits, so a slash or parentheses alone ("Men's/Women's",
"Pick-Up/Drop-Off") never make a line a credit.
"""

IMAGE_AGENCY = (
    r"(?:Getty\s+Images|Shutterstock|iStock(?:photo)?|Alamy|Unsplash|Pexels|Corbis|WireImage"
    r"|NurPhoto|SOPA\s+Images|Sipa(?:\s+USA)?|ZUMA(?:\s+Press|\s+Wire)?|Zuma(?:\s+Press)?"
    r"|Stocksy|Adobe\s+Stock|Pixabay|Flickr|Wikimedia(?:\s+Commons)?|Bloomberg\s+via\s+Getty"
    r"|AP\s+Photo|AFP\s+Photo|Reuters\s+Photo|EPA(?:-EFE)?|Pool\s+Photo|File\s+Photo)"
)
NEWS_AGENCY = (
    r"(?:Reuters|AP|AFP|UPI|Xinhua|Anadolu(?:\s+Agency)?|Associated\s+Press|Bloomberg|TNS"
    r"|Tribune\s+News\s+Service|dpa|ANI|PTI|IANS|Pool)"
)
CREDIT_SOURCE = rf"(?:{IMAGE_AGENCY}|{NEWS_AGENCY}(?:\s+(?:Photo|Images|Pool))?)"
