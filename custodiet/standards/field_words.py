"""The words of the field table (``data/measurements.json``) that the pages show: each value's label, its
help and the labels of its choices. They are listed here so that ``makemessages`` extracts them into the
standards catalogue; the data file stays their one source (``tests/test_languages.py`` fails when one of its
words is missing here), and the form and the catalogue page translate them when they are drawn.

The short words that sum up a stored measurement (``short``) are listed too: the summary of a measurement
on a page (``measures.describe``) is said in the reader's language; the refusals of its values are too.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

WORDS = (
    gettext_noop("Floor area (sanitary annex excluded)"),
    gettext_noop("The living space: measure the floor and leave out the toilet and washbasin area"),
    gettext_noop("People held in the cell"),
    gettext_noop("Everyone held there on the day, not the number of beds"),
    gettext_noop("Sanitary annex"),
    gettext_noop("No sanitary annex in the cell"),
    gettext_noop("Fully partitioned annex"),
    gettext_noop("Annex not fully partitioned"),
    gettext_noop("Floor to ceiling"),
    gettext_noop("Shortest distance between walls"),
    gettext_noop("Details"),
    gettext_noop("What was seen, how it was checked"),
    gettext_noop("Outdoor exercise offered per day"),
    gettext_noop("Minutes in the open air on an ordinary day; 0 when there is none"),
    gettext_noop("Days of solitary confinement imposed as a punishment"),
    gettext_noop("For one offence, as recorded in the disciplinary register or told by the person"),
    gettext_noop("A relative or third party was notified of the custody from the outset"),
    gettext_noop("Leave unchecked when the delegation could not verify it"),
    gettext_noop("Access to a lawyer from the outset"),
    gettext_noop("Access to a doctor from the outset"),
    gettext_noop("Informed of these rights from the outset"),
    gettext_noop("Natural light reaches the accommodation"),
    gettext_noop("No: windows blocked, shutters, no window"),
    gettext_noop("Fresh air and adequate ventilation"),
    gettext_noop("No: windows cannot open, stale air, no ventilation"),
    gettext_noop("Ready access to a toilet"),
    gettext_noop("In the cell, or release to one without undue delay at all times (night included)"),
    gettext_noop("The toilet offers privacy"),
    gettext_noop("Fully partitioned in a shared cell; leave unchecked when not verified"),
    gettext_noop("Newly arrived people are medically screened on admission"),
    gettext_noop("Seen by the health-care service without delay, examined by a doctor as soon as possible"),
    # the short words of a stored measurement's summary
    gettext_noop("no sanitary annex"),
    gettext_noop("annex partitioned"),
    gettext_noop("annex not partitioned"),
    gettext_noop("third party notified"),
    gettext_noop("lawyer"),
    gettext_noop("doctor"),
    gettext_noop("informed of rights"),
    gettext_noop("natural light"),
    gettext_noop("fresh air"),
    gettext_noop("access to a toilet"),
    gettext_noop("privacy"),
    gettext_noop("screening on admission"),
)
