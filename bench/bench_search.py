"""Benchmark of the portal's search over 100,000 generated public documents in five languages.

Two ways over the same index, in the same run, on the same queries:

- the **search** (``custodiet.portal.selectors.search``): the query read into terms in every language
  of the interface and of the documents, the page of results (by relevance or date, with facet filters
  where the query has them; at most ``PORTAL_SEARCH_CAP`` matches read, beyond which the page is found
  by walking the entries in its order), the total and the counts by facet, the entries of the page read
  back, their titles and snippets marked;
- the **raw full-text query** (the baseline, ``custodiet.portal.fulltext.raw_search``): the same terms
  as the back end's own full-text query, the best 20 by its own measure, nothing else (no count, no
  facet, no filter, no snippet, no entry read back).

The documents are made from a vocabulary of the monitoring domain in English, French, Russian,
Ukrainian and German, inflected as texts use them, and a long tail of made-up words, drawn by a Zipf
law (so that some words are in most documents and most in few). Queries are one to three words drawn
from the same vocabulary (inflected forms other than the documents' where the language has them), a
fifth with a facet, a third sorted by date.

    python bench/bench_search.py                      # SQLite (a throwaway database)
    python tools/with_postgres.py -- python bench/bench_search.py   # PostgreSQL

Prints Markdown and writes bench/out/search-<vendor>.md. ``SEARCH_DOCUMENTS`` and ``SEARCH_QUERIES``
change the sizes. Making the documents' terms is most of the indexing time (about 14 minutes for
100,000 on a shared machine), so two options keep them between runs:

    --entries FILE   the generated entries with their terms, written to FILE on the first run and read
                     back on the next ones (the same seed and size; another file otherwise);
    --reuse          keep the entries already in the database (a server of your own, with
                     CUSTODIET_DATABASE_URL; on SQLite, the database in SEARCH_BENCH_DIR, a directory
                     of the benchmark's own) when it holds exactly the benchmark's documents.

The indexing time is reported only when the terms were made in the run.
"""

# ruff: noqa: RUF001  # Cyrillic letters and typographic apostrophes are the point: texts use them
from __future__ import annotations

import argparse
import itertools
import os
import pickle
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# SEARCH_BENCH_DIR: a directory of the benchmark's own whose SQLite database is kept (for --reuse)
os.environ["CUSTODIET_DATA_DIR"] = os.environ.get("SEARCH_BENCH_DIR") or tempfile.mkdtemp(
    prefix="custodiet-bench-"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "custodiet.settings")
os.environ.setdefault("CUSTODIET_LOG_LEVEL", "ERROR")
os.environ["CUSTODIET_DEBUG"] = "true"

import django

django.setup()

from django.core.management import call_command
from django.db import connection, transaction

from custodiet.portal import fulltext, selectors
from custodiet.portal.fulltext import Filters
from custodiet.portal.models import Kind, Precision, SearchEntry
from custodiet.portal.text import index_terms, parse_query

DOCUMENTS = int(os.environ.get("SEARCH_DOCUMENTS", "100000"))
QUERIES = int(os.environ.get("SEARCH_QUERIES", "400"))
SEED = 20261122
OUT = ROOT / "bench" / "out"

# Words of the domain, as texts inflect them; one line a word, its forms separated by spaces.
VOCABULARY = {
    "en": """prison prisons | detainee detainees | cell cells | overcrowding overcrowded | visit visits visited visiting
report reports reported reporting | police | custody | torture tortured | ill-treatment | psychiatric
hospital hospitals | colony colonies | delegation delegations | recommendation recommendations
response responses | authorities authority | committee committees | convention conventions
denunciation denounced | ratification ratified | safeguard safeguards | lawyer lawyers | doctor doctors
medical | examination examinations examined | solitary | confinement | juvenile juveniles | women
staff | conditions condition | sanitation | ventilation ventilated | light | exercise exercises
complaint complaints | investigation investigations investigated | injury injuries injured
allegation allegations alleged | violence violent | inspection inspections inspected
facility facilities | establishment establishments | remand | sentence sentenced""",
    "fr": """prison prisons | détenu détenus détenue détenues | cellule cellules | surpopulation | visite visites visité visitée
rapport rapports | police | garde | torture tortures torturé | traitement traitements | psychiatrique psychiatriques
hôpital hôpitaux | colonie colonies | délégation délégations | recommandation recommandations
réponse réponses | autorités autorité | comité comités | convention conventions | dénonciation dénoncée
ratification ratifiée | garantie garanties | avocat avocats | médecin médecins | médical médicale médicaux
examen examens | isolement | mineur mineurs | femmes femme | personnel | conditions condition
sanitaires | aération | lumière | exercice exercices | plainte plaintes | enquête enquêtes
blessure blessures blessé | allégation allégations | violence violences | inspection inspections
établissement établissements | détention | provisoire | condamné condamnés""",
    "ru": """тюрьма тюрьмы тюрьме тюрьмой тюрьмах тюрем | заключённый заключённые заключённых заключенных
камера камеры камер камерах камерой | переполненность переполненности | визит визита визиты визитов визитом
посещение посещения посещений | доклад доклада доклады докладов докладе докладом | полиция полиции
задержание задержания задержанных | пытка пытки пыток пытками пытках | обращение обращения
психиатрическая психиатрической психиатрических | больница больницы больниц больницах
колония колонии колоний колониях | делегация делегации делегацией | рекомендация рекомендации рекомендаций
ответ ответа ответы ответов | власти властей властями | комитет комитета комитету комитетом
конвенция конвенции конвенцию конвенцией | денонсация денонсации денонсацию | ратификация ратификации
гарантии гарантий | адвокат адвоката адвокатов адвокатом | врач врача врачей врачом
медицинский медицинского медицинской медицинских | осмотр осмотра осмотров | одиночное одиночного
несовершеннолетние несовершеннолетних | женщины женщин женщинам | персонал персонала | условия условий
вентиляция вентиляции | свет света | прогулка прогулки прогулок | жалоба жалобы жалоб жалобами
расследование расследования расследований | травма травмы травм травмами | насилие насилия
проверка проверки проверок | учреждение учреждения учреждений учреждениях | изолятор изолятора изоляторе""",
    "uk": """в'язниця в'язниці в'язниць в'язницях в'язницею | ув'язнений ув'язнені ув'язнених | камера камери камер камерах
переповненість переповненості | візит візиту візити візитів візитом | відвідування відвідувань
доповідь доповіді доповідей доповіддю | поліція поліції | затримання затриманих | катування катувань катуваннями
поводження поводженням | психіатрична психіатричної психіатричних | лікарня лікарні лікарень лікарнях
колонія колонії колоній | делегація делегації делегацією | рекомендація рекомендації рекомендацій
відповідь відповіді відповідей | влада влади владою | комітет комітету комітетом | конвенція конвенції конвенцію
денонсація денонсації денонсацію | ратифікація ратифікації | гарантії гарантій | адвокат адвоката адвокатів
лікар лікаря лікарів | медичний медичного медичної | огляд огляду оглядів | одиночне одиночного
неповнолітні неповнолітніх | жінки жінок | персонал персоналу | умови умов | вентиляція вентиляції
світло світла | прогулянка прогулянки | скарга скарги скарг | розслідування розслідувань
травма травми травм | насильство насильства | перевірка перевірки перевірок | установа установи установ
ізолятор ізолятора""",
    "de": """Gefängnis Gefängnisse Gefängnissen | Häftling Häftlinge Häftlingen | Zelle Zellen | Überbelegung
Besuch Besuche Besuchs | Bericht Berichte Berichts Berichten | Polizei | Folter | Misshandlung Misshandlungen
Krankenhaus Krankenhäuser | Ausschuss Ausschusses | Übereinkommen | Kündigung | Empfehlung Empfehlungen
Antwort Antworten | Behörden Behörde | Anwalt Anwälte | Arzt Ärzte | Beschwerde Beschwerden""",
}
SYLLABLES = {
    "latin": "ba be bi bo bu da de di do du fa fe fi ka ke ki ko la le li lo lu ma me mi mo na ne ni no nu "
    "pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze zi".split(),
    "cyrillic": "ба бе би бо бу да де ди до ду ка ке ки ко ку ла ле ли ло лу ма ме ми мо му на не ни но ну "
    "па пе пи по ра ре ри ро ру са се си со та те ти то ту ва ве ви во за зе зи".split(),
}
SCRIPT = {"en": "latin", "fr": "latin", "de": "latin", "ru": "cyrillic", "uk": "cyrillic"}
LANGUAGE_SHARE = [("en", 0.4), ("fr", 0.2), ("ru", 0.2), ("uk", 0.15), ("de", 0.05)]
STATES = "RU UA FR DE GB TR AZ AM GE MD PL HU RO BG GR IT ES PT NL BE".split()
BODIES = ["CPT", "SPT", ""]


def lexicon(rng: random.Random) -> dict[str, tuple[list[list[str]], list[float]]]:
    """For each language: its words (each a list of forms), domain words first, and their Zipf weights."""
    made = {}
    for language, lines in VOCABULARY.items():
        domain = [entry.split() for entry in lines.replace("\n", " | ").split("|") if entry.strip()]
        syllables = SYLLABLES[SCRIPT[language]]
        tail = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(4000)}
        entries = domain + [[word] for word in sorted(tail)]
        weights = [1 / (rank + 8) ** 1.05 for rank in range(len(entries))]
        made[language] = (entries, weights)
    return made


def document(rng: random.Random, words: tuple[list[list[str]], list[float]], length: int) -> str:
    entries, weights = words
    chosen = rng.choices(entries, weights=weights, k=length)
    sentences, sentence = [], []
    for entry in chosen:
        sentence.append(rng.choice(entry))
        if len(sentence) >= rng.randint(8, 20):
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        sentences.append(" ".join(sentence).capitalize() + ".")
    return " ".join(sentences)


def generate(rng: random.Random) -> list[SearchEntry]:
    """The benchmark's documents, with their terms made by the portal's own rules."""
    words = lexicon(rng)
    languages, shares = zip(*LANGUAGE_SHARE, strict=True)
    kinds = [Kind.REPORT, Kind.RESPONSE, Kind.STATEMENT, Kind.TIMELINE, Kind.SOURCE]
    made = []
    for number in range(DOCUMENTS):
        language = rng.choices(languages, weights=shares)[0]
        title = document(rng, words[language], rng.randint(5, 12)).rstrip(".")
        text = document(rng, words[language], int(rng.lognormvariate(5.2, 0.6)) + 20)
        day = date(rng.randint(1990, 2026), rng.randint(1, 12), rng.randint(1, 28))
        made.append(
            SearchEntry(
                key=f"bench:{number}",
                kind=rng.choice(kinds),
                title=title,
                url=f"/bench/{number}/",
                state=rng.choice(STATES),
                body=rng.choice(BODIES),
                day=day,
                precision=Precision.DAY,
                year=day.year,
                language=language,
                text=text,
                title_terms=index_terms(title, language),
                terms=index_terms(text, language),
                digest="-",
            )
        )
    return made


FIELDS = ("key", "kind", "title", "url", "state", "body", "day", "precision", "year", "language", "text")
FIELDS += ("title_terms", "terms", "digest")


def entries(rng: random.Random, path: Path | None) -> tuple[list[SearchEntry], float | None]:
    """The documents, from ``path`` when it was written for this seed and size; the seconds their terms
    took when they were made now."""
    stamp = (SEED, DOCUMENTS)
    if path is not None and path.exists():
        with path.open("rb") as kept:
            stored_stamp, rows = pickle.load(kept)  # noqa: S301 - a file this script wrote
        if stored_stamp == stamp:
            return [SearchEntry(**dict(zip(FIELDS, row, strict=True))) for row in rows], None
    started = time.perf_counter()
    made = generate(rng)
    seconds = time.perf_counter() - started
    if path is not None:
        rows = [tuple(getattr(entry, name) for name in FIELDS) for entry in made]
        with path.open("wb") as kept:
            pickle.dump((stamp, rows), kept, protocol=pickle.HIGHEST_PROTOCOL)
    return made, seconds


def build(rng: random.Random, path: Path | None, *, reuse: bool) -> tuple[float | None, float]:
    """Generate (or read back) and index the documents: the seconds the terms took (None when read back
    or reused) and the seconds the database's index took."""
    if reuse and SearchEntry.objects.filter(key__startswith="bench:").count() == DOCUMENTS == (
        SearchEntry.objects.count()
    ):
        fulltext.facet_table()
        return None, 0.0
    SearchEntry.objects.all().delete()
    made, terms_seconds = entries(rng, path)
    started = time.perf_counter()
    for first in range(0, len(made), 2000):
        with transaction.atomic():
            SearchEntry.objects.bulk_create(made[first : first + 2000])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE portal_searchentry")
    seconds = time.perf_counter() - started
    fulltext.facet_table()  # the table of facets, loaded once after the index is built (as after a reindex)
    return terms_seconds, seconds


def queries(rng: random.Random) -> list[tuple[str, Filters, str]]:
    words = lexicon(random.Random(SEED))  # the documents' lexicon
    made = []
    for _ in range(QUERIES):
        language = rng.choice([language for language, _ in LANGUAGE_SHARE])
        entries, weights = words[language]
        picked = rng.choices(entries, weights=weights, k=rng.choice([1, 1, 2, 2, 3]))
        text = " ".join(rng.choice(entry) for entry in picked)
        filters = Filters()
        if rng.random() < 0.2:
            filters = rng.choice(
                [
                    Filters(kind=Kind.REPORT),
                    Filters(state=rng.choice(STATES)),
                    Filters(year=rng.randint(1990, 2026)),
                ]
            )
        made.append((text, filters, "date" if rng.random() < 1 / 3 else "relevance"))
    return made


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(asked: list[tuple[str, Filters, str]]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"search": [], "raw": []}
    languages = selectors.query_languages()
    for text, filters, order in itertools.chain(asked[:20], asked):  # the first 20 twice: warm-up
        terms = parse_query(text, languages)
        started = time.perf_counter()
        fulltext.raw_search(terms, limit=selectors.PER_PAGE)
        raw = time.perf_counter() - started
        started = time.perf_counter()
        selectors.search(text, filters, order=order)
        full = time.perf_counter() - started
        times["raw"].append(raw * 1000)
        times["search"].append(full * 1000)
    return {name: values[20:] for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=Path, help="keep the generated entries and their terms here")
    parser.add_argument("--reuse", action="store_true", help="keep the benchmark's entries in the database")
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    rng = random.Random(SEED)
    terms_seconds, seconds = build(rng, options.entries, reuse=options.reuse)
    asked = queries(random.Random(SEED + 1))
    pages = [selectors.search(text, filters, order=order) for text, filters, order in asked]
    found = [page.total for page in pages if page.exact] or [0]
    capped = sum(not page.exact for page in pages)
    times = measure(asked)
    vendor = connection.vendor
    version = ""
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = str(cursor.fetchone()[0]).split()[0]
    if seconds == 0.0:
        indexed = "the index kept from an earlier run (--reuse)"
    else:
        indexed = f"the database's index written in {seconds:.0f} s"
        if terms_seconds is not None:
            indexed += f", after the terms made in {terms_seconds:.0f} s"
    raw_median, full_median = statistics.median(times["raw"]), statistics.median(times["search"])
    lines = [
        f"### Search on {vendor} {version or __import__('sqlite3').sqlite_version}",
        "",
        f"{DOCUMENTS:,} generated public documents (en 40%, fr 20%, ru 20%, uk 15%, de 5%); {indexed}. "
        f"{QUERIES} queries of one to three words, a fifth with a facet, a third by date; {capped} of them "
        f"match more entries than a search reads ({fulltext.cap():,}: their total is shown as a floor); the "
        f"others' results per query: median {statistics.median(found):,.0f}, 90th percentile "
        f"{percentile([float(n) for n in found], 0.9):,.0f}, most {max(found):,}. Load average at the end: "
        f"{', '.join(f'{load:.1f}' for load in os.getloadavg())}. Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; {date.today().isoformat()}.",
        "",
        "| | median (ms) | 90th percentile (ms) | 99th percentile (ms) | most (ms) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, label in (
        ("raw", "raw full-text query (baseline)"),
        ("search", "search (page, total, facets, snippets)"),
    ):
        values = times[name]
        lines.append(
            f"| {label} | {statistics.median(values):.2f} | {percentile(values, 0.9):.2f} | "
            f"{percentile(values, 0.99):.2f} | {max(values):.2f} |"
        )
    lines += ["", f"Median ratio, search against the raw query: **{full_median / raw_median:.2f}x**.", ""]
    text = "\n".join(lines)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"search-{vendor}.md").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
