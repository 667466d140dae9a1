"""Sections that apps above the follow-up add to its review (the promises after questioning).

followup/ sits below the apps whose work it tracks (questioning/ turns promises into tasks),
so it never imports them: they register a section here from their AppConfig.ready, and the
"followup-review" region renders each one under the conclusions' table. A section's
callable returns its HTML in the active language, or "" when it has nothing to show; it
reads only the sitting, like every region (one render per event, never per viewer).
"""

from collections.abc import Callable

from django.utils.safestring import SafeString

from sessions.models import Sitting

Section = Callable[[Sitting], SafeString | str]
SECTIONS: list[Section] = []


def register(section: Section) -> None:
    if section not in SECTIONS:
        SECTIONS.append(section)


def render(sitting: Sitting) -> list[SafeString | str]:
    return [html for section in SECTIONS if (html := section(sitting))]
