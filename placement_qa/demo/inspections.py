"""Demo inspection histories: Ofsted grades, report cards, ISI, social care and CQC.

Outcomes are JSON in the three shapes the register keeps: a legacy grade
``{"overall": "Good"}``, a 2025 report card ``{"areas": {...}, "safeguarding": "Met"}``
and ISI's ``{"standards": "Met"}``. A provider of "weak" quality is below good at
its latest inspection, and the council made no new placements there after it.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..domain.register import INDEPENDENT_POST16, INDEPENDENT_SPECIAL
from .days import random_day, working_day_on_or_before
from .providers import DemoProvider

OFSTED_EDUCATION = "Ofsted (education)"
OFSTED_SOCIAL_CARE = "Ofsted (social care)"
ISI = "ISI"
CQC = "CQC"

EIF_2019 = date(2019, 9, 1)
UNGRADED_FROM = date(2024, 9, 1)  # state-funded schools lost the overall grade ...
REPORT_CARDS_FROM = date(2025, 11, 10)  # ... and got report cards from here
ISI_2023 = date(2023, 9, 1)
CQC_SAF = date(2023, 11, 1)

STATE_FUNDED = frozenset({"maintained_special", "academy_special", "mainstream_resourced",
                          "non_maintained_special"})
FURTHER_EDUCATION = frozenset({INDEPENDENT_POST16, "fe_college"})
SCHOOL_AREAS = ("Inclusion", "Curriculum and teaching", "Achievement", "Attendance and behaviour",
                "Personal development and well-being", "Leadership and governance")
FE_AREAS = ("Inclusion", "Curriculum and teaching", "Achievement",
            "Participation and development", "Leadership and governance")
GRADES = ("Outstanding", "Good", "Requires improvement", "Inadequate")
LATEST_GRADE_WEIGHTS = {"strong": (65, 35, 0, 0), "good": (10, 90, 0, 0), "weak": (0, 0, 70, 30)}
EARLIER_GRADE_WEIGHTS = (15, 65, 17, 3)
CARD_SCALE = ("Exceptional", "Strong standard", "Expected standard", "Needs attention",
              "Urgent improvement")
CARD_WEIGHTS = {"strong": (20, 55, 25, 0, 0), "good": (0, 25, 75, 0, 0),
                "weak": (0, 5, 45, 38, 12)}
INSPECTION_COLUMNS = ["id", "provider_id", "inspectorate", "inspected_on", "framework",
                      "outcome", "notes"]
WEAK_NOTE = "Below good: no new Westbridge placements until the provider is re-inspected"


@dataclass
class InspectionHistory:
    rows: list[tuple] = field(default_factory=list)
    # provider id -> date of the below-good inspection no new placement may follow
    no_new_placements_after: dict[int, date] = field(default_factory=dict)

    def add(self, provider_id: int, inspectorate: str, day: date, framework: str,
            outcome: dict, notes: str | None = None) -> None:
        self.rows.append((len(self.rows) + 1, provider_id, inspectorate, day.isoformat(),
                          framework, json.dumps(outcome, ensure_ascii=False), notes))


def _grade(rng: random.Random, quality: str | None) -> str:
    weights = LATEST_GRADE_WEIGHTS[quality] if quality else EARLIER_GRADE_WEIGHTS
    return rng.choices(GRADES, weights)[0]


def _report_card(rng: random.Random, provider: DemoProvider, quality: str | None) -> dict:
    weights = CARD_WEIGHTS[quality or "good"]
    areas = list(FE_AREAS if provider.provider_type in FURTHER_EDUCATION else SCHOOL_AREAS)
    if provider.min_age <= 4 and rng.random() < 0.4:
        areas.append("Early years")
    if provider.max_age >= 18 and provider.provider_type not in FURTHER_EDUCATION:
        areas.append("Sixth form")
    grades = {area: rng.choices(CARD_SCALE, weights)[0] for area in areas}
    if quality == "weak" and not set(grades.values()) & {"Needs attention", "Urgent improvement"}:
        grades[rng.choice(areas)] = "Needs attention"
    safeguarding = "Not met" if quality == "weak" and rng.random() < 0.25 else "Met"
    return {"areas": grades, "safeguarding": safeguarding}


def _education_dates(rng: random.Random, provider: DemoProvider, as_of: date) -> list[date]:
    """Newest first: a cycle of three or four years, back about twelve years."""
    cycle = 3 if provider.provider_type == INDEPENDENT_SPECIAL else 4
    if provider.quality == "weak":
        latest = as_of - timedelta(days=rng.randint(45, 300))
    else:
        latest = as_of - timedelta(days=rng.randint(20, cycle * 365))
    days = [latest]
    while len(days) < 4:
        earlier = days[-1] - timedelta(days=cycle * 365 + rng.randint(-120, 120))
        if earlier < as_of - timedelta(days=12 * 365):
            break
        days.append(earlier)
    if provider.provider_type in STATE_FUNDED:
        days = [_outside_ungraded_year(rng, d, as_of) for d in days]
    return [working_day_on_or_before(d) for d in days]


def _outside_ungraded_year(rng: random.Random, day: date, as_of: date) -> date:
    """No state-funded inspection between grades and report cards (Sept 2024 - Nov 2025)."""
    if not UNGRADED_FROM <= day < REPORT_CARDS_FROM:
        return day
    if rng.random() < 0.5 or as_of < REPORT_CARDS_FROM + timedelta(days=30):
        return random_day(rng, date(2024, 1, 8), date(2024, 7, 12))
    return random_day(rng, date(2025, 11, 17), as_of - timedelta(days=10))


def _education_inspection(rng: random.Random, history: InspectionHistory, provider: DemoProvider,
                          day: date, quality: str | None, use_isi: bool) -> None:
    if use_isi:
        framework = "ISI 2023" if day >= ISI_2023 else "ISI 2016 (regulatory compliance)"
        not_met = quality == "weak" or (quality is None and rng.random() < 0.08)
        standards = "Not met" if not_met else "Met"
        history.add(provider.id, ISI, day, framework, {"standards": standards})
        return
    if day >= REPORT_CARDS_FROM and provider.provider_type in STATE_FUNDED | FURTHER_EDUCATION:
        outcome = _report_card(rng, provider, quality)
        framework = "Ofsted report card 2025"
    else:
        outcome = {"overall": _grade(rng, quality)}
        framework = ("Ofsted EIF 2019 (graded)" if day >= EIF_2019
                     else "Ofsted common inspection framework 2015 (graded)")
    history.add(provider.id, OFSTED_EDUCATION, day, framework, outcome,
                WEAK_NOTE if quality == "weak" else None)


def _education(rng: random.Random, history: InspectionHistory, provider: DemoProvider,
               as_of: date) -> None:
    use_isi = provider.provider_type == INDEPENDENT_SPECIAL and rng.random() < 0.2
    days = _education_dates(rng, provider, as_of)
    for index, day in reversed(list(enumerate(days))):
        quality = provider.quality if index == 0 else None
        _education_inspection(rng, history, provider, day, quality, use_isi)
    if provider.quality == "weak":
        history.no_new_placements_after[provider.id] = days[0]


def _social_care(rng: random.Random, history: InspectionHistory, provider: DemoProvider,
                 as_of: date) -> None:
    """Children's homes and residential schools: inspected every year.

    A weak children's home is below good here; a weak school's care may be fine.
    """
    is_home = provider.provider_type == "childrens_home"
    weak_home = is_home and provider.quality == "weak"
    latest = as_of - timedelta(days=rng.randint(45, 300) if weak_home else rng.randint(20, 350))
    days = [latest] + [latest - timedelta(days=365 * k + rng.randint(-40, 40)) for k in (1, 2)]
    days = [working_day_on_or_before(d) for d in days]
    latest_quality = provider.quality if is_home or provider.quality != "weak" else "good"
    for index, day in reversed(list(enumerate(days))):
        quality = latest_quality if index == 0 else None
        history.add(provider.id, OFSTED_SOCIAL_CARE, day, "SCCIF",
                    {"overall": _grade(rng, quality)},
                    WEAK_NOTE if index == 0 and weak_home else None)
    if weak_home:
        history.no_new_placements_after[provider.id] = days[0]


def _care_quality(rng: random.Random, history: InspectionHistory, provider: DemoProvider,
                  as_of: date) -> None:
    day = working_day_on_or_before(as_of - timedelta(days=rng.randint(60, 4 * 365)))
    framework = "CQC single assessment framework" if day >= CQC_SAF else "CQC key lines of enquiry"
    quality = provider.quality if provider.quality != "weak" else "good"
    history.add(provider.id, CQC, day, framework, {"overall": _grade(rng, quality)})


def make_inspections(rng: random.Random, providers: list[DemoProvider],
                     as_of: date) -> InspectionHistory:
    history = InspectionHistory()
    for provider in providers:
        if provider.provider_type != "childrens_home":
            _education(rng, history, provider, as_of)
        if provider.arrangements != "day":
            _social_care(rng, history, provider, as_of)
        if provider.provider_type == INDEPENDENT_POST16 and provider.arrangements != "day" \
                and rng.random() < 0.4:
            _care_quality(rng, history, provider, as_of)
    return history
