from datetime import date

import pytest

from placement_qa.domain import validation as v


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: v.urn("12345"), "URN: '12345' is not a URN: a URN is 6 digits, e.g. 123456"),
        (lambda: v.urn("12345a"), "URN: '12345a' is not a URN: a URN is 6 digits, e.g. 123456"),
        (lambda: v.required_text("Family name", "  "), "Family name: is required"),
        (lambda: v.required_date("Start date", ""), "Start date: is required (DD/MM/YYYY)"),
        (lambda: v.required_date("Start date", "31/02/2026"),
         "Start date: '31/02/2026' is not a real date"),
        (lambda: v.end_not_before_start(date(2026, 9, 1), date(2026, 8, 31)),
         "End date: 31/08/2026 is before the start date 01/09/2026"),
        (lambda: v.visit_interval("13"), "Visit interval: 13 months: choose 1 to 12"),
        (lambda: v.visit_interval("six"), "Visit interval: 'six' is not a whole number of months"),
    ],
)
def test_refusals_name_the_field_and_the_problem(call, message):
    with pytest.raises(v.FieldError) as error:
        call()
    assert str(error.value) == message


def test_accepted_values_are_cleaned():
    assert v.urn(" 123456 ") == "123456"
    assert v.urn("") is None
    assert v.optional_date("End date", "") is None
    assert v.required_date("Start date", "1/9/2026") == date(2026, 9, 1)
    assert v.visit_interval("") == 12 and v.visit_interval(6) == 6
    v.end_not_before_start(date(2026, 9, 1), date(2026, 9, 1))


@pytest.mark.parametrize(
    ("text", "amount"),
    [("85000", 85000.0), ("£85,000.50", 85000.5), ("£ 1,250", 1250.0), ("", None)],
)
def test_annual_cost_in_pounds(text, amount):
    assert v.annual_cost(text) == amount


@pytest.mark.parametrize("text", ["85k", "-100", "1,00", "12.345", "nan", "inf"])
def test_annual_cost_refuses_what_is_not_money(text):
    with pytest.raises(v.FieldError) as error:
        v.annual_cost(text)
    assert str(error.value) == (
        f"Annual cost: '{text}' is not an amount in pounds, e.g. 85000 or £85,000.50")
