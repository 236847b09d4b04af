"""Classes of reading the intake used to get wrong: a few stray characters deciding a text's language
(mojibake), and dates stated in another sentence than their step's verb or counted from a dateline."""

from __future__ import annotations

from custodiet.intake.language import detect

GARBLED = (
    "On September 6, 2012, the Government of Venezuela (âVenezuelaâ) gave notice of its denunciation of "
    "the American Convention on Human Rights (âthe American Conventionâ or âthe Conventionâ). Pursuant "
    "to Article 78 of the Convention, the denunciation will take effect one year later. The instrument "
    "was received by the Secretary General of the Organization of American States (âOASâ), who "
    "regretted Venezuelaâs decision."
)


def test_stray_characters_do_not_decide_a_text_s_language() -> None:
    assert detect(GARBLED) == "en"


def test_a_language_without_a_vocabulary_is_still_called_what_it_is() -> None:
    indonesian = (
        "Hongaria secara resmi keluar dari Mahkamah Pidana Internasional setelah parlemen menyetujui "
        "undang-undang tersebut. Perdana Menteri mengatakan bahwa pengadilan itu telah menjadi politis, "
        "dan keputusan ini akan berlaku satu tahun setelah pemberitahuan kepada Sekretaris Jenderal."
    )
    assert detect(indonesian) == "id"
    assert detect(indonesian + ' He said: "The court is political."') == "id"
