"""Words to terms, queries, snippets: pure functions, no database."""

# ruff: noqa: RUF001  # Cyrillic letters and typographic apostrophes are the point: texts use them
from __future__ import annotations

from unittest import TestCase

from custodiet.portal.indexing import public_address
from custodiet.portal.text import highlight, index_terms, parse_query, snippet, term


def _found(query: str, text: str, language: str) -> bool:
    """Whether a document in ``language`` with ``text`` matches ``query`` (one term of each word)."""
    stored = set(index_terms(text, language).split())
    return all(group & stored for group in parse_query(query).groups)


class TermsTests(TestCase):
    def test_russian_forms_of_a_word_have_one_term(self) -> None:
        forms = ["пытка", "пытки", "пыток", "пыткам", "пытками", "пытках"]
        self.assertEqual(len({term(form, "ru") for form in forms}), 1)

    def test_ukrainian_forms_and_apostrophes_have_one_term(self) -> None:
        forms = ["в'язниця", "вʼязниці", "в’язниць", "в'язницях"]
        self.assertEqual(len({index_terms(form, "uk") for form in forms}), 1)

    def test_english_and_french_forms_are_stemmed(self) -> None:
        self.assertEqual(index_terms("visits visiting visited", "en"), "visit visit visit")
        self.assertEqual(index_terms("rapports rapport", "fr"), "rapport rapport")

    def test_terms_are_letters_and_digits_folded(self) -> None:
        self.assertEqual(
            index_terms("Détenu, l'homme; ЗАКЛЮЧЁННЫЙ 2019", "fr").split()[:3], ["detenu", "l", "homm"]
        )
        for made in index_terms("Réunion — ёлка «кавычки» 3½ ICC-01/04", "").split():
            self.assertTrue(made.isalnum() and made == made.casefold(), made)


class QueryTests(TestCase):
    def test_a_russian_query_finds_another_form_in_a_russian_text(self) -> None:
        self.assertTrue(_found("пыток", "Заключённые жаловались на пытки в колонии.", "ru"))
        self.assertTrue(_found("колониях пытками", "Заключённые жаловались на пытки в колонии.", "ru"))

    def test_a_word_is_read_in_every_language_of_its_script(self) -> None:
        (group,) = parse_query("пытками", ["en", "fr", "ru", "uk"]).groups
        self.assertIn(term("пытками", "ru"), group)
        self.assertIn(term("пытками", "uk"), group)

    def test_every_word_must_match(self) -> None:
        self.assertFalse(_found("пытки Молдова", "Заключённые жаловались на пытки.", "ru"))

    def test_single_letters_are_left_out_unless_alone(self) -> None:
        self.assertEqual(parse_query("пытки в колонии").words, ("пытки", "колонии"))
        self.assertEqual(parse_query("в").words, ("в",))

    def test_an_empty_query_has_no_words(self) -> None:
        self.assertFalse(parse_query("  —  "))


class SnippetTests(TestCase):
    def test_the_snippet_marks_the_forms_that_matched(self) -> None:
        text = "Вступление. " * 40 + "Делегация слышала о пытках в колонии. " + "Заключение. " * 40
        pieces = snippet(text, "ru", parse_query("пытки колония").terms)
        self.assertEqual([piece.text for piece in pieces if piece.mark], ["пытках", "колонии"])
        self.assertEqual((pieces[0].text, pieces[-1].text), ("… ", " …"))

    def test_a_form_whose_stem_differs_from_its_lemma_is_marked(self) -> None:
        pieces = highlight("Конвенция по предупреждению пыток", "ru", parse_query("пытки").terms)
        self.assertEqual([piece.text for piece in pieces if piece.mark], ["пыток"])

    def test_with_no_match_the_snippet_is_the_opening(self) -> None:
        pieces = snippet("The delegation visited three prisons.", "en", parse_query("torture").terms)
        self.assertEqual("".join(piece.text for piece in pieces), "The delegation visited three prisons.")
        self.assertFalse(any(piece.mark for piece in pieces))

    def test_the_text_is_given_as_it_is_for_the_template_to_escape(self) -> None:
        pieces = highlight("<script>alert(1)</script> visits", "en", parse_query("visit").terms)
        self.assertEqual("".join(piece.text for piece in pieces), "<script>alert(1)</script> visits")
        self.assertEqual([piece.text for piece in pieces if piece.mark], ["visits"])

    def test_accents_and_case_do_not_stop_a_mark(self) -> None:
        pieces = highlight("RAPPORTS sur les détenus", "fr", parse_query("rapport").terms)
        self.assertEqual([piece.text for piece in pieces if piece.mark], ["RAPPORTS"])

    def test_an_accented_query_marks_a_plain_text_and_a_plain_query_an_accented_one(self) -> None:
        plain = highlight("Les detenus et le personnel", "fr", parse_query("détenus").terms)  # an ASCII text
        self.assertEqual([piece.text for piece in plain if piece.mark], ["detenus"])
        accented = highlight("Les Détenus et le personnel", "fr", parse_query("detenus").terms)
        self.assertEqual([piece.text for piece in accented if piece.mark], ["Détenus"])

    def test_only_whole_words_are_marked(self) -> None:
        pieces = highlight("Reimprisonment, then prison; unprisoned", "en", parse_query("prison").terms)
        self.assertEqual([piece.text for piece in pieces if piece.mark], ["prison"])
        cyrillic = highlight("Подвизиты и визиты", "ru", parse_query("визит").terms)
        self.assertEqual([piece.text for piece in cyrillic if piece.mark], ["визиты"])

    def test_the_snippet_is_where_every_word_of_the_query_meets_each_once(self) -> None:
        """Its words, not its terms: "пытки" stands for a Russian and a Ukrainian lemma, and a Russian text
        has only one of them; the first passage with both words is the one shown."""
        filler = "Вступление доклада. " * 30
        text = (
            filler + "О пытках сказано. " + filler + "Пытки в колонии. " + filler + "Пытки, пытках, колонии."
        )
        pieces = snippet(text, "ru", parse_query("пытки колония"))
        self.assertEqual([piece.text for piece in pieces if piece.mark], ["Пытки", "колонии"])
        self.assertNotIn("пытках", [piece.text for piece in pieces if piece.mark])


class PublicAddressTests(TestCase):
    def test_only_web_addresses_are_public(self) -> None:
        self.assertEqual(public_address("https://www.coe.int/en/web/cpt"), "https://www.coe.int/en/web/cpt")
        for internal in (
            "shared/DOMAIN.md",
            "(seeds)",
            "/srv/custodiet/seeds/000_a00dd6bdca9b889f.txt",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "Press reports of September 2025 (seeds); CPT, April 2010",
            "",
        ):
            self.assertEqual(public_address(internal), "", internal)
