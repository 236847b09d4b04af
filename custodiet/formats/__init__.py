"""Date formats of the interface, by language (settings ``FORMAT_MODULE_PATH``): one way per language to
write a date, on pages, in the PDF and the DOCX of a report (custodiet.core.dates.shown_date). A language
without a module here keeps Django's own formats (French "2 décembre 2026", Russian in its own words)."""
