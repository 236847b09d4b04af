"""Cleaning: boilerplate, comments and repeated paragraphs removed, each with its reason."""

from __future__ import annotations

from unittest import TestCase

from custodiet.intake.cleaning import COMMENTS, PHOTO_CREDIT, classify, clean


class CleaningTests(TestCase):
    def test_it_removes_everything_after_a_comments_heading(self) -> None:
        cleaned = clean(
            "A title\nThe article says something of substance here.\n3 Comments\nAlice\nGreat piece!"
        )
        self.assertEqual(cleaned.paragraphs, ["A title", "The article says something of substance here."])
        self.assertEqual({s.reason for s in cleaned.removed}, {COMMENTS})

    def test_it_keeps_a_paragraph_that_merely_mentions_comments(self) -> None:
        text = "A title\nThe ministry declined to make comments on the report, officials said."
        self.assertEqual(len(clean(text).paragraphs), 2)

    def test_it_finds_a_photo_credit(self) -> None:
        self.assertEqual(classify("Prisoners in a yard. Jane Doe / Agency"), PHOTO_CREDIT)
        self.assertEqual(classify("The court ruled on 3 May, and the appeal failed."), "")

    def test_it_removes_a_donation_block_with_its_buttons_and_appeal_paragraphs(self) -> None:
        text = "\n".join(
            [
                "Title of the story",
                "The parliament approved the law on Tuesday after a short debate.",
                "Dear readers,",
                "We have reported from the region for ten years and our newsroom is small.",
                "Your support keeps us independent. Please donate today.",
                "Monthly",
                "Continue",
            ]
        )
        cleaned = clean(text)
        self.assertEqual(
            cleaned.paragraphs,
            ["Title of the story", "The parliament approved the law on Tuesday after a short debate."],
        )
        self.assertTrue(all(s.reason == "donation appeal" for s in cleaned.removed))

    def test_it_removes_newsletter_prompts_in_russian_and_ukrainian(self) -> None:
        for prompt, language in (
            ("Подпишитесь на нашу рассылку", "ru"),
            ("Підпишіться на нашу розсилку", "uk"),
        ):
            with self.subTest(prompt=prompt):
                self.assertEqual(classify(prompt, language), "newsletter or subscription prompt")

    def test_it_removes_a_repeated_paragraph_and_says_which_it_repeats(self) -> None:
        paragraph = "The committee visited the prison twice and found the cells overcrowded."
        cleaned = clean(f"Title\n{paragraph}\nAnother paragraph with other words in it.\n{paragraph}")
        self.assertEqual(cleaned.paragraphs.count(paragraph), 1)
        self.assertEqual(cleaned.removed[0].reason, "repeated paragraph (repeats paragraph 2)")

    def test_every_input_paragraph_is_kept_or_removed_in_order(self) -> None:
        text = "One\nTwo words here.\nRead more"
        cleaned = clean(text)
        self.assertEqual([s.text for s in cleaned.segments], ["One", "Two words here.", "Read more"])
