import pytest

from reportqa.numbers import (
    find_quantities,
    find_years,
    named_currency,
    parse_quantity,
    same_period,
    year_spans,
)

B = 1e9
M = 1e6


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "qualifier"),
    [
        ("69%", 69, None, "%", None),
        ("69 per cent", 69, None, "%", None),
        ("69 percent", 69, None, "%", None),
        ("roughly 69%", 69, None, "%", "approx"),
        ("approximately 63%", 63, None, "%", "approx"),
        ("nearly 90% of processing", 90, None, "%", "approx"),
        ("~90%", 90, None, "%", "approx"),
        ("over 90%", 90, None, "%", "over"),
        ("more than 69%", 69, None, "%", "over"),
        (">95%", 95, None, "%", "over"),
        ("85-90%", 85, 90, "%", None),
        ("13–20% more", 13, 20, "%", None),
        ("0.1% value threshold", 0.1, None, "%", None),
        ("350,000t", 350_000, None, "t", None),
        ("350,000t REO", 350_000, None, "t", None),
        ("350 000 tonnes", 350_000, None, "t", None),
        ("101,062 tonnes", 101_062, None, "t", None),
        ("2,500 t/yr", 2_500, None, "t", None),
        ("50 kt", 50_000, None, "t", None),
        ("$13-18bn", 13 * B, 18 * B, "USD", None),
        ("$13-18 billion", 13 * B, 18 * B, "USD", None),
        ("13 to 18 billion dollars", 13 * B, 18 * B, "USD", None),
        ("US$1.2 billion", 1.2 * B, None, "USD", None),
        ("$120 Million", 120 * M, None, "USD", None),
        ("$250 million (m)", 250 * M, None, "USD", None),
        ("AUD 200 m", 200 * M, None, "AUD", None),
        ("Up to €110 m", 110 * M, None, "EUR", "under"),
        ("almost $3 billion", 3 * B, None, "USD", "approx"),
        ("5–7 years", 5, 7, "years", None),
        ("5-7 years", 5, 7, "years", None),
        ("45 working days", 45, None, "days", None),
        ("90 days", 90, None, "days", None),
        ("2.5x", 2.5, None, "x", None),
        ("300 ppm", 300, None, "ppm", None),
        ("less than 5 g per day", 5, None, "g", "under"),
        ("a response rate of 85,54%", 85.54, None, "%", None),
        ("from 20 reais", 20, None, "BRL", None),
        ("R$ 4.70 a ride", 4.7, None, "BRL", None),
        ("₹500", 500, None, "INR", None),
        ("12 francs", 12, None, "FRANC", None),
        ("grew by 1,5 million", 1.5 * M, None, "", None),
        ("2.5 kg of rice", 2500, None, "g", None),
        ("10-20 milligrams", 0.01, 0.02, "g", None),
        ("28 American companies", 28, None, "", None),
    ],
)
def test_forms(text, value, high, unit, qualifier):
    q = parse_quantity(text)
    assert q is not None, text
    assert q.value == pytest.approx(value)
    assert (q.high is None and high is None) or q.high == pytest.approx(high)
    assert q.unit == unit
    assert q.qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "in 2027 the quotas",
        "Table 4 shows the quotas",
        "see Figure 2",
        "Announcement No. 11 of 2026",
        "公告2025年第61号",
        "⁵ and ²⁷",
        "5 March 2026",
        "July 31, 2025",
        "2025-07-31",
        "RPT-1045",
        "WT/DS431/1",
        "CO2 emissions",
        "5G networks",
        "Global Review of Harbours, 2022, p. 3, 7.",
        "See pp. 12-14, 18 and 20.",
        "the 2023–24 period",
        "12. US Geological Survey, 'Rare Earths'.",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_superscript_marker_is_not_a_digit_of_the_number():
    found = find_quantities("exports rose 2²⁷ percent")
    assert [(q.value, q.unit) for q in found] == [(2, "")]
    found = find_quantities("a total of 270,000 tonnes.¹²")
    assert [(q.value, q.unit) for q in found] == [(270_000, "t")]


def test_spans_point_at_the_text():
    text = "China accounted for roughly 69% of global mine production in 2025."
    (q,) = find_quantities(text)
    assert text[q.start : q.end] == "roughly 69%"


def test_equivalent_forms_compare_equal():
    pairs = [
        ("69 per cent", "69%"),
        ("350,000t", "350 000 tonnes"),
        ("$13–18bn", "13 to 18 billion dollars"),
        ("US$1.2 billion", "$1,200 million"),
        ("0.35 Mt", "350,000 tonnes"),
    ]
    for a, b in pairs:
        assert parse_quantity(a).same_value(parse_quantity(b)), (a, b)
    assert not parse_quantity("69%").same_value(parse_quantity("63%"))
    assert not parse_quantity("69%").same_value(parse_quantity("69 tonnes"))
    assert not parse_quantity("85-90%").same_value(parse_quantity("85%"))
    assert parse_quantity("~90%").within(parse_quantity("91%"), tolerance=1.0)
    assert not parse_quantity("85%").within(parse_quantity("91%"), tolerance=1.0)


def test_several_quantities_in_one_sentence():
    text = (
        "China presently accounts for approximately 63% of the world's rare earth mining, "
        "an even more dominant 85% of rare earth processing, and an overwhelming 92% of magnets."
    )
    assert [q.value for q in find_quantities(text)] == [63, 85, 92]


def test_years():
    assert find_years("In 2024, China; by 2035 and the 2023–24 period; 350,000t") == [
        2023,
        2024,
        2035,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "prices rose from $91/kg in January 2009 to $2,377/kg",
            [(91, "USD/kg"), (2377, "USD/kg")],
        ),
        ("approximately $1 per kilogram", [(1, "USD/kg")]),
        ("a 90-day cooling period", [(90, "days")]),
        ("a $110/kg floor price", [(110, "USD/kg")]),
    ],
)
def test_prices_per_unit_and_hyphenated_durations(text, expected):
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    ("asked", "text", "same"),
    [
        ("goals set for 2026-27", "the goals set out for 2025-26", False),
        ("goals set for 2026-27", "the goals set for 2026-27 and reviewed in 2025-26", True),
        ("goals set for 2026-27", "by March 2027 the ratio", True),  # a year alone
        ("the ratio in 2026", "the 2025/26 financial year", True),
        ("the ratio in 2020", "the ratio in 2021", False),
    ],
)
def test_a_financial_year_is_one_period(asked, text, same):
    assert same_period(asked, text) is same


def test_a_month_is_not_a_year_span_and_a_full_stop_is_not_a_scale():
    assert year_spans("2026-05 and 2023/24") == {(2023, 2024)}
    assert find_years("2026-05") == [2026]
    assert find_years("the 2023-24 quota") == [2023, 2024]
    assert [q.text for q in find_quantities("about $13-18 billion. Then")] == [
        "about $13-18 billion"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Lion Air Flight 610 crashed",
        "the Boeing 737",
        "the 737–8 and 737-9 models",
        "The fourth edition of the NRF and ESF #14",
        "Emergency Support Function # 13 and its annex",
        "for two reasons: (1) it follows the recession, and (2) data exist",
        "as shown in Tables (1) and (2)",
        "II.13 When the harbour board met in March, the basin was calm.",
        "as set out in Box III.1 and Table IV.4",
    ],
)
def test_a_names_number_is_not_an_amount(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("The 12 members agreed", 12), ("In 2024, 45 staff left", 45), ("About 40 staff", 40)],
)
def test_a_number_after_a_capitalised_function_word_counts(text: str, value: float) -> None:
    assert [q.value for q in find_quantities(text)] == [value]


def test_a_table_cell_after_a_name_cell_is_an_amount() -> None:
    assert [q.value for q in find_quantities("60\tNeodymium\tNd\t38\t16%")] == [60, 38, 16]


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("surveys are completed at intervals of three to four years", 3, 4, "years"),
        ("the plant restarted after twenty years of dormancy", 20, None, "years"),
        ("a two-fold rise in admissions", 2, None, "x"),
        ("about two per cent of the budget", 2, None, "%"),
        ("Nine months later the clinic reopened", 9, None, "months"),
    ],
)
def test_numbers_written_in_words_with_a_unit(text, value, high, unit):
    (q,) = find_quantities(text)
    assert (q.value, q.high, q.unit) == (value, high, unit)
    assert text[q.start : q.end].split()[-1].lower() in text.lower()


@pytest.mark.parametrize(
    "text", ["one of the three reports", "a three-digit code", "two ministries agreed"]
)
def test_number_words_without_a_unit_are_not_figures(text):
    assert find_quantities(text) == []


def test_worded_and_digit_figures_come_in_text_order():
    found = find_quantities("It took 14 days, then three weeks, then 5 months.")
    assert [(q.value, q.unit) for q in found] == [(14, "days"), (3, "weeks"), (5, "months")]


def test_a_sentence_s_references_in_brackets_are_not_amounts() -> None:
    found = find_quantities("Keep free sugars below 10% of total energy intake (2,5) (7).")
    assert [(q.text, q.value) for q in found] == [("below 10%", 10.0)]


def test_per_mille_is_a_unit_of_its_own():
    found = find_quantities("The dependency ratio was 1180‰ in 2022, or 118 per mille of 1000.")
    assert [(q.value, q.unit) for q in found if q.unit] == [(1180.0, "‰"), (118.0, "‰")]


@pytest.mark.parametrize(
    "text, value, high, unit",
    [
        ("wages of 250-450 ETB a day", 250.0, 450.0, "ETB"),
        ("daily wages (250-450 ETB/day) lag", 250.0, 450.0, "ETB"),
        ("a wage of US$5/day", 5.0, None, "USD"),
        ("a fee of 40 CHF", 40.0, None, "CHF"),
        ("Rs. 500 per visit", 500.0, None, "INR"),
        ("Rs 500 crore for roads", 5e9, None, "INR"),
        ("a ticket of 3 euro", 3.0, None, "EUR"),
        ("a 5 dollar fine", 5.0, None, "USD"),
        ("purchases of ₹8,77,567 crore", 8.77567e12, None, "INR"),
    ],
)
def test_currency_codes_after_the_figure_and_other_money_forms(text, value, high, unit):
    q = find_quantities(text)[0]
    assert (q.value, q.high, q.unit) == (value, high, unit)


def test_letters_ending_a_word_are_no_currency():
    assert [q.unit for q in find_quantities("Mrs 5 and users 300")] in ([], [""])
    assert find_quantities("the fee was 40 chf")[0].unit == ""  # a code is in capitals


@pytest.mark.parametrize(
    "text",
    ["through the reporting platform [7].", "as shown before [7, 8] and [12-14].",
     "a ratio of 3:2 was kept", "the meeting at 10:30"],
)  # fmt: skip
def test_bracketed_references_and_ratio_terms_are_no_values(text):
    assert [q for q in find_quantities(text) if float(q.value).is_integer()] == []


def test_basis_points_are_a_unit():
    (q,) = find_quantities("stayed 9 bps above the benchmark")
    assert (q.value, q.unit) == (9.0, "bp")
    assert [x.unit for x in find_quantities("cut by 100 basis points to 5.25 per cent")] == [
        "bp",
        "%",
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The basin covers about 2.3 million square miles of plain.", 2.3e6, "sq mi"),
        ("The reserve spans 640 square kilometres.", 640, "km2"),
        ("Farms lost 40 hectares of orchard.", 40, "ha"),
        ("The canal is 12 km long.", 12, "km"),
        ("Boats stay within 12 nautical miles of shore.", 12, "nmi"),
    ],
)
def test_areas_and_lengths_are_units(text, value, unit):
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit written once after coordinated figures is each of theirs
        ("pumps meet 48 and 35 per cent of demand", [(48, "%"), (35, "%")]),
        ("after 10, 20 or 30 days", [(10, "days"), (20, "days"), (30, "days")]),
        # a year is no figure of the coordination; a scaling unit stays its own figure's
        ("in 2020 and 35 per cent", [(35, "%")]),
        ("3 and 4 million tonnes", [(3, ""), (4e6, "t")]),
        # figures not coordinated keep their own
        ("rose 4 points, then 3%", [(4, ""), (3, "%")]),
    ],
)
def test_coordinated_figures_share_the_unit_written_after_the_last(text, expected):
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text", ["Harbour House, Port Royal – 110001", "Quai Nord, Paris - 75007"])
def test_a_postal_code_after_its_town_is_no_figure(text):
    assert find_quantities(text) == []
    # a figure after a dash with its unit stays one
    assert find_quantities("Region A – 12345 tonnes")[0].unit == "t"


@pytest.mark.parametrize(
    ("caption", "code"),
    [
        ("Table 6.3: Export Value of Fish and Fishery Products ( Rs. Million)", "INR"),
        ("Balance of trade (Rs.Mn)", "INR"),
        ("Household spending, in lei", "RON"),
        ("Grants received (ETB)", "ETB"),
        ("Budget by component (US$ million)", "USD"),
        ("Rand Corporation survey of households", None),  # a name, not the currency
        ("Ron Smith's estimates of catch", None),
        ("Table 2: Share of households (%)", None),
    ],
)
def test_a_caption_names_its_currency(caption, code):
    assert named_currency(caption) == code


def test_a_table_in_a_named_currency_writes_it_with_each_cell():
    from reportqa.answering.candidates import candidates_of, sentence_text
    from reportqa.models import ScoredPassage

    text = (
        "Table 6.3: Export Value of Fish Products ( Rs. Million)\n"
        "Exported Item\t2022\t2023\t2024\nExport Value\t97,243\t99,118\t86,241"
    )
    passage = ScoredPassage(
        doc_id="f", chunk_id="f-1", text=text, title="Fisheries Statistics", source="f.pdf",
        page=53, char_start=0, char_end=len(text), kind="table",
    )  # fmt: skip
    row = next(c for c in candidates_of(passage, 0) if c.text.startswith("Export Value"))
    written = sentence_text(row)
    assert "2024: Rs 86,241 million" in written
    assert any(q.unit == "INR" and q.value == 86241e6 for q in find_quantities(written))


def test_the_rands_sign_glued_to_an_amount_of_a_scale_is_money():
    spent = find_quantities("The board spent R113.9 million of its R117.0 million budget.")
    assert [(q.value, q.unit) for q in spent] == [(113.9e6, "ZAR"), (117.0e6, "ZAR")]
    # alone before a number, "R" is a label: a coefficient, a road, a grade
    assert [q.unit for q in find_quantities("The model's R2 was 0.85 on route R44.")] == [""]


def test_a_currencys_one_letter_sign_before_an_amount_of_a_scale_is_money():
    said = find_quantities("Quay repairs\tK5 Million\nPilot boats\tK 15 Million")
    assert [(q.value, q.unit) for q in said] == [(5e6, "¤K"), (15e6, "¤K")]
    said = find_quantities("Pilot boats; Estimated amount: K 15 Million.")
    assert [(q.value, q.unit) for q in said] == [(15e6, "¤K")]
    # set apart inside a sentence, a capital is a label's: "scenario B"
    assert [q.unit for q in find_quantities("Under scenario B 20 million tonnes move.")] == ["t"]
