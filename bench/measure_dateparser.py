"""Measures dateparser.search.search_dates against the intake's date finder on the development corpus.

For each article: time to find (and resolve) every date in its text; recall of the labelled
day-precision step dates among the values found; dates whose written form states only a year
or only a month but which come back as a full day (precision invented).

    .venv/bin/python bench/measure_dateparser.py

The figures are quoted in docs/intake.md (Libraries, measured).
"""

import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
import django

django.setup()
from datetime import UTC, datetime

from dateparser.languages import default_loader
from dateparser.search import search_dates

from custodiet.core import clock
from custodiet.intake.dates import DateValue, find_dates, resolve

arts = [
    json.loads(line) for line in open(ROOT / "custodiet/intake/tests/corpus/articles.jsonl", encoding="utf-8")
]
ours_t = dp_t = 0.0
labels = ours_hit = dp_hit = 0
dp_found = dp_invented = ours_found = 0
dp_errors = 0
YEAR_ONLY = re.compile(r"^\D*(?:18|19|20)\d\d\D*$")
for a in arts:
    text, lang = a["text"], a["language"]
    pub = DateValue.parse(a["published"], a.get("published_precision") or "") if a.get("published") else None
    t0 = time.perf_counter()
    mentions = resolve(find_dates(text, lang), published=pub, anchor=None, language=lang)
    ours_t += time.perf_counter() - t0
    ours = {m.value.iso() for m in mentions if m.value.year is not None}
    ours_found += len(ours)
    base = (
        datetime(pub.year, pub.month or 12, pub.day or 28, tzinfo=UTC)
        if pub is not None and pub.year
        else clock.now()  # no publication date: dateparser counts from "now", as a user's run would
    ).replace(tzinfo=None)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        default_loader.get_locale(lang)
        langs = [lang]
    except Exception:
        langs = None
    t0 = time.perf_counter()
    try:
        found = search_dates(text, languages=langs, settings=settings) or []
    except Exception:
        found = []
        dp_errors += 1
    dp_t += time.perf_counter() - t0
    dp = {d.date().isoformat() for _s, d in found}
    dp_found += len(found)
    dp_invented += sum(1 for s, _d in found if YEAR_ONLY.match(s))
    for s in a.get("steps", []):
        if s["precision"] != "day":
            continue
        labels += 1
        ours_hit += s["date"] in ours
        dp_hit += s["date"] in dp
n = len(arts)
print(
    json.dumps(
        {
            "articles": n,
            "day_labels": labels,
            "intake_finder": {
                "seconds": round(ours_t, 2),
                "ms_per_article": round(1000 * ours_t / n, 2),
                "day_labels_found": ours_hit,
            },
            "dateparser_search_dates": {
                "seconds": round(dp_t, 2),
                "ms_per_article": round(1000 * dp_t / n, 2),
                "day_labels_found": dp_hit,
                "dates_found": dp_found,
                "year_only_text_returned_as_a_day": dp_invented,
                "errors": dp_errors,
            },
        },
        indent=1,
    )
)
