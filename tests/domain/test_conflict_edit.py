"""The manager's own value for a conflict: what can be typed, shown as it is typed, read
back as the field holds it, and a value that cannot be read refused naming its field."""

from __future__ import annotations

import pytest

from placement_qa.domain.conflict_edit import edit_refusal, edited_values, typed_text
from placement_qa.domain.validation import FieldError


def test_only_typed_values_are_edited_never_a_record_or_a_choice():
    assert edit_refusal(("annual_cost",)) is None
    assert edit_refusal(("end_date", "interim_support")) is None
    assert "whole record" in edit_refusal(())
    assert edit_refusal(("provider_id_uuid",)).startswith("The provider is a record")
    assert edit_refusal(("state",)).startswith("The placement state is chosen from a list")


def test_values_are_shown_as_they_are_typed():
    assert [typed_text(v) for v in (None, "2027-03-31", 50_000.0, 52_500.5, "Tutor, 5 h")] \
        == ["", "31/03/2027", "50000", "52500.5", "Tutor, 5 h"]


def test_what_is_typed_is_read_as_the_field_holds_it():
    fields = ("annual_cost", "end_date", "interim_support", "visit_interval_months")
    server = {"annual_cost": 50_000.0, "end_date": None, "interim_support": "Tutor",
              "visit_interval_months": 6}
    laptop = {"annual_cost": 52_000.0, "end_date": "2027-03-31", "interim_support": None,
              "visit_interval_months": 12}
    typed = {"annual_cost": "£51,000", "end_date": "30/04/2027", "interim_support": " ",
             "visit_interval_months": "3"}
    assert edited_values(fields, server, laptop, typed) == {
        "annual_cost": 51_000.0, "end_date": "2027-04-30", "interim_support": None,
        "visit_interval_months": 3}


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("annual_cost", "a lot", "Annual cost: 'a lot' is not a number"),
    ("end_date", "31/02/2027", "End date: '31/02/2027' is not a real date"),
])
def test_a_value_that_cannot_be_read_is_refused_naming_the_field(field, typed, message):
    with pytest.raises(FieldError) as refused:
        edited_values((field,), {field: None}, {field: 52_000.0 if "cost" in field else None},
                      {field: typed})
    assert str(refused.value) == message
