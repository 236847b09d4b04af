"""The shared vocabulary: codes are unique and the consistency scale is ordered."""

from __future__ import annotations

import pytest

from custodiet.testimony import taxonomy


@pytest.mark.parametrize(
    "terms", [taxonomy.ALLEGATION_TYPES, taxonomy.PERPETRATOR_CATEGORIES, taxonomy.CONSISTENCY_SCALE]
)
def test_codes_are_unique(terms: tuple[taxonomy.Term, ...]) -> None:
    codes = [term.code for term in terms]
    assert len(codes) == len(set(codes))


def test_the_istanbul_scale_runs_from_not_consistent_to_diagnostic() -> None:
    assert taxonomy.consistency_rank("not_consistent") == 0
    assert taxonomy.consistency_rank("consistent") < taxonomy.consistency_rank("highly_consistent")
    assert taxonomy.consistency_rank("typical") < taxonomy.consistency_rank("diagnostic") == 4


def test_the_taxonomy_names_the_deprivations_the_issue_lists() -> None:
    codes = {term.code for term in taxonomy.ALLEGATION_TYPES}
    assert {"physical", "psychological", "sexual", "deprivation_food", "deprivation_water"} <= codes
    assert {"deprivation_sleep", "deprivation_medical_care", "excessive_solitary", "restraints"} <= codes
    assert taxonomy.label(taxonomy.PERPETRATOR_CATEGORIES, "security_service") == "Security service"
