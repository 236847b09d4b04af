"""Date arithmetic of final clauses, including property-based checks (hypothesis)."""

from datetime import date, timedelta
from unittest import TestCase

from hypothesis import given
from hypothesis import strategies as st

from custodiet.treaties.clauses import Timing
from custodiet.treaties.dates import Period, add_months, add_period, first_day_of_month_following_expiry
from custodiet.treaties.reference import load_instruments

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
ECPT = load_instruments()["ETS-126"]


class PeriodTests(TestCase):
    def test_a_month_from_the_31st_ends_on_the_last_day_of_a_shorter_month(self) -> None:
        self.assertEqual(add_months(date(2025, 1, 31), 1), date(2025, 2, 28))
        self.assertEqual(add_months(date(2024, 1, 31), 1), date(2024, 2, 29))

    def test_twelve_months_cross_the_year(self) -> None:
        self.assertEqual(add_period(date(2025, 9, 29), Period(months=12)), date(2026, 9, 29))

    def test_a_negative_period_is_refused(self) -> None:
        with self.assertRaises(ValueError):
            Period(months=-1)

    def test_unknown_period_units_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            Period.from_data({"weeks": 2})

    def test_the_council_of_europe_formula(self) -> None:
        self.assertEqual(
            first_day_of_month_following_expiry(date(1998, 5, 5), Period(months=3)), date(1998, 9, 1)
        )
        self.assertEqual(
            first_day_of_month_following_expiry(date(2025, 9, 30), Period(months=12)), date(2026, 10, 1)
        )
        self.assertEqual(
            first_day_of_month_following_expiry(date(2025, 10, 1), Period(months=12)), date(2026, 11, 1)
        )

    def test_withdrawal_from_the_council_of_europe_follows_the_financial_year(self) -> None:
        statute = Timing(anchor="end_of_financial_year")
        self.assertEqual(statute.effective_date(date(2021, 9, 30)), date(2022, 1, 1))
        self.assertEqual(statute.effective_date(date(2021, 10, 1)), date(2023, 1, 1))


class DenunciationProperties(TestCase):
    @given(days)
    def test_an_ecpt_denunciation_takes_effect_on_the_first_of_a_month_after_twelve_months(
        self, received: date
    ) -> None:
        assert ECPT.denunciation is not None
        effect = ECPT.denunciation.effective_date(received)
        self.assertEqual(effect.day, 1)
        self.assertGreater(effect, add_months(received, 12))
        self.assertLessEqual(effect - add_months(received, 12), timedelta(days=31))

    @given(days, days)
    def test_a_later_notification_never_takes_effect_earlier(self, first: date, second: date) -> None:
        assert ECPT.denunciation is not None
        early, late = sorted((first, second))
        self.assertLessEqual(ECPT.denunciation.effective_date(early), ECPT.denunciation.effective_date(late))

    @given(days)
    def test_a_un_denunciation_takes_effect_exactly_one_year_after_receipt(self, received: date) -> None:
        uncat = load_instruments()["UN-CAT"]
        assert uncat.denunciation is not None
        self.assertEqual(uncat.denunciation.effective_date(received), add_months(received, 12))

    @given(days)
    def test_a_withdrawal_from_the_statute_takes_effect_on_a_first_of_january_after_the_notice(
        self, notice: date
    ) -> None:
        effect = Timing(anchor="end_of_financial_year").effective_date(notice)
        self.assertEqual((effect.month, effect.day), (1, 1))
        self.assertGreater(effect, notice)
        self.assertLessEqual(effect.year - notice.year, 2)


class EntryIntoForceProperties(TestCase):
    @given(days, days)
    def test_entry_into_force_is_monotone_in_the_deposit_date(self, first: date, second: date) -> None:
        early, late = sorted((first, second))
        clause = ECPT.entry_into_force
        self.assertLessEqual(clause.for_consent(early), clause.for_consent(late))

    @given(days)
    def test_entry_into_force_is_never_before_the_general_entry_into_force_nor_the_deposit(
        self, deposit: date
    ) -> None:
        for spec in load_instruments().values():
            effect = spec.entry_into_force.for_consent(deposit)
            assert spec.entry_into_force.in_force_on is not None
            self.assertGreaterEqual(effect, spec.entry_into_force.in_force_on, spec.code)
            self.assertGreaterEqual(effect, deposit, spec.code)

    @given(days)
    def test_a_later_ecpt_consent_enters_into_force_on_a_first_of_the_month_three_months_on(
        self, deposit: date
    ) -> None:
        effect = ECPT.entry_into_force.for_consent(deposit)
        if effect != ECPT.entry_into_force.in_force_on:
            self.assertEqual(effect.day, 1)
            self.assertGreater(effect, add_months(deposit, 3))
