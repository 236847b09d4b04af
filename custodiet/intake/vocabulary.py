"""Generic multilingual vocabularies used by the intake rules (en, ru, uk, de, fr).

Month and weekday names, number words, the words of a treaty's life and of the
legislative process, and the markers of what is not an article (donation
appeals, newsletter prompts, "read more" blocks, photo credits, comments).
Nothing here names an outlet, an article or a fact: these are the words any
news text in these languages uses. Pure data; no database, no heavy imports.
"""

# ruff: noqa: RUF001, RUF003  # Cyrillic words are the point: they are Russian and Ukrainian, not look-alikes

from __future__ import annotations

from typing import Final

SUPPORTED_LANGUAGES: Final = ("en", "ru", "uk", "de", "fr")

# Month stems: a word that starts with the stem (and is a month word) is that month.
# Stems cover the inflected forms (сентября, вересня, septembre, September, Sept.).
MONTH_STEMS: Final[dict[int, tuple[str, ...]]] = {
    1: ("january", "jan", "январ", "січ", "januar", "jänner", "janvier", "janv"),
    2: ("february", "feb", "феврал", "лют", "februar", "février", "fevrier", "févr"),
    3: ("march", "mar", "март", "берез", "märz", "maerz", "mars"),
    4: ("april", "apr", "апрел", "квіт", "avril", "avr"),
    5: ("may", "ма[йяе]", "трав", "mai"),
    6: ("june", "jun", "июн", "черв", "juni", "juin"),
    7: ("july", "jul", "июл", "лип", "juli", "juillet", "juil"),
    8: ("august", "aug", "август", "серп", "août", "aout"),
    9: ("september", "sept", "sep", "сентябр", "верес", "septembre"),
    10: ("october", "oct", "октябр", "жовт", "oktober", "okt", "octobre"),
    11: ("november", "nov", "ноябр", "листопад", "novembre"),
    12: ("december", "dec", "декабр", "груд", "dezember", "dez", "décembre", "decembre", "déc"),
}

# Full regex alternatives for month words (longest first so that "sept" wins over "sep").
MONTH_WORDS: Final[dict[int, str]] = {
    1: r"january|jan\.?|январ[ьяе]|січ(?:ень|ня|ні)|januar|jänner|janvier|janv\.?",
    2: r"february|feb\.?|феврал[ьяе]|лют(?:ий|ого|ому)|februar|février|fevrier|févr\.?",
    3: r"march|mar\.?|марта?|марте|берез(?:ень|ня|ні)|märz|maerz|mars",
    4: r"april|apr\.?|апрел[ьяе]|квіт(?:ень|ня|ні)|avril|avr\.?",
    5: r"may|ма[йяе]|трав(?:ень|ня|ні)|mai",
    6: r"june|jun\.?|июн[ьяе]|черв(?:ень|ня|ні)|juni|juin",
    7: r"july|jul\.?|июл[ьяе]|лип(?:ень|ня|ні)|juli|juillet|juil\.?",
    8: r"august|aug\.?|августа?|августе|серп(?:ень|ня|ні)|août|aout",
    9: r"september|sept\.?|sep\.?|сентябр[ьяе]|верес(?:ень|ня|ні)|septembre",
    10: r"october|oct\.?|октябр[ьяе]|жовт(?:ень|ня|ні)|oktober|okt\.?|octobre",
    11: r"november|nov\.?|ноябр[ьяе]|листопада?|листопаді|novembre",
    12: r"december|dec\.?|декабр[ьяе]|груд(?:ень|ня|ні)|dezember|dez\.?|décembre|decembre|déc\.?",
}

# Weekday words (Monday = 0), with the inflected forms used after "on"/"в"/"у"/"am".
WEEKDAY_WORDS: Final[dict[int, str]] = {
    0: r"monday|понедельник|понеділок|montag|lundi",
    1: r"tuesday|вторник|вівторок|dienstag|mardi",
    2: r"wednesday|среду|среда|середу|середа|mittwoch|mercredi",
    3: r"thursday|четверг|четвер|donnerstag|jeudi",
    4: r"friday|пятницу|пятница|пʼятницю|п'ятницю|п’ятницю|пʼятниця|freitag|vendredi",
    5: r"saturday|субботу|суббота|суботу|субота|samstag|sonnabend|samedi",
    6: r"sunday|воскресенье|неділю|неділя|sonntag|dimanche",
}

# Relative day words and their offset in days from the reference date.
RELATIVE_DAYS: Final[dict[str, int]] = {
    "today": 0,
    "yesterday": -1,
    "сегодня": 0,
    "вчера": -1,
    "сьогодні": 0,
    "вчора": -1,
    "heute": 0,
    "gestern": -1,
    "aujourd'hui": 0,
    "hier": -1,
}

NUMBER_WORDS: Final[dict[str, int]] = {
    # English
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    # Russian
    "один": 1,
    "одна": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "двух": 2,
    "трёх": 3,
    "трех": 3,
    "четырёх": 4,
    "четырех": 4,
    # Ukrainian
    "дві": 2,
    "чотири": 4,
    "пʼять": 5,
    "п'ять": 5,
    "шість": 6,
    "сім": 7,
    "вісім": 8,
    "дев'ять": 9,
    "двох": 2,
    "трьох": 3,
    "чотирьох": 4,
    # German
    "eins": 1,
    "ein": 1,
    "eine": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "zwölf": 12,
    # French
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "douze": 12,
}

# Words for "year(s)" and "month(s)" (offsets such as "one year after", "two years later").
YEAR_WORDS: Final = r"years?|год[ау]?|лет|рік|року|роки|років|jahre?n?|ans?|années?"
MONTH_UNIT_WORDS: Final = r"months?|месяц\w*|місяц\w*|monate?n?|mois"
LATER_WORDS: Final = r"later|позже|спустя|пізніше|потому|später|plus tard"
AFTER_WORDS: Final = r"after|после|після|nach|après"

# Prepositions that make a date a duration ("since 1996"), not the date of an event.
SINCE_WORDS: Final = r"since|с|з|seit|depuis"

# ----- Boilerplate markers (what is not the article) ---------------------------------
# A strong marker makes a paragraph boilerplate wherever it is and however long.
STRONG_MARKERS: Final[dict[str, str]] = {
    "donation appeal": (
        r"\bdonat(?:e|ion|ions|ing)\b|\byour support\b|\bsupport us\b|\bsupport our\b"
        r"|\bwe need your help\b|\bevery contribution\b|\bmake a contribution\b|\bdear readers\b"
        r"|\bremind me later\b|\bnot ready to support\b|\bbecome a (?:member|patron|supporter)\b"
        r"|пожертв\w*|поддержите нас|поддержать нас|ваша поддержка|дорогие читатели"
        r"|підтримайте нас|підтримати нас|ваша підтримка|дорогі читачі|донат\w*"
        r"|\bjetzt spenden\b|\bspenden sie\b|\bunterstützen sie uns\b|\bliebe leserinnen\b|\bliebe leser\b"
        r"|\bfaites? un don\b|\bsoutenez[- ]nous\b|\bchers lecteurs\b|\bchères lectrices\b"
    ),
    "newsletter or subscription prompt": (
        r"\bsign up for (?:our|the)\b.*\bnewsletter\b|\bsubscribe to (?:our|the)\b"
        r"|подпишитесь на|підпишіться на|\bnewsletter abonnieren\b|\babonnez-vous\b"
        r"|\binscrivez-vous à (?:notre|la) newsletter\b"
    ),
}

# Weak markers count when the paragraph is short, or when two different ones occur.
WEAK_MARKERS: Final[dict[str, str]] = {
    "donation appeal": (
        r"^support\b|\bsupporting\b|\bcontribution\b|\bmonthly\b|\bpayment methods?\b|\bpaiment\b"
        r"|^a message from\b|поддерж\w*|підтрим\w*|\bspende\w*|\bsoutien\b|\bsoutenir\b"
    ),
    "newsletter or subscription prompt": (
        r"\bnewsletters?\b|\bsubscri\w*|\bsign up\b|\bmailbox\b|\binbox\b|\bprivacy policy\b"
        r"|рассылк\w*|подпис\w*|розсилк\w*|підпис\w*|\babonn\w*|\binscri\w*|datenschutz\w*"
        r"|politique de confidentialité"
    ),
    "read-more or related-links block": (
        r"^read more\b|^read also\b|^related\b|^see also\b|^more on this\b|^more from\b"
        r"|^читайте также\b|^читайте також\b|^по теме\b|^на тему\b|^mehr zum thema\b|^lesen sie auch\b"
        r"|^lire aussi\b|^à lire aussi\b|^voir aussi\b|^share\b|^tweet\b|^print\b"
    ),
    "photo credit": (
        r"^(?:photo|photos|фото|світлина|foto|bild|crédit photo|image)\s*[:/©|]|©|\bgetty images\b"
    ),
}

# A heading that opens the reader comments: everything after it is comments.
COMMENTS_HEADING: Final = (
    r"^\s*(?:\d+\s+)?(?:reader\s+)?(?:comments?|responses?|replies|комментари[йиея]\w*|коментар\w*"
    r"|kommentare?|leserkommentare|commentaires?|réactions)\s*(?:\(\d+\))?\s*:?\s*$"
    r"|^\s*(?:leave a (?:comment|reply)|add a comment|join the discussion|оставьте комментарий"
    r"|залиште коментар|kommentar schreiben|laisser un commentaire)\s*$"
)

# First and second person words: the voice of an appeal to readers, rare in reporting.
APPEAL_VOICE: Final = (
    r"\b(?:we|our|us|you|your)\b|\b(?:мы|наш\w*|нас|вы|ваш\w*|ми|вас)\b"
    r"|\b(?:wir|unser\w*)\b|\b(?:nous|notre|nos|vous|votre|vos)\b"
)
