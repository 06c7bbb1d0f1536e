"""billing.amounts: per-line half-up rounding, totals, splitting, parsing and formatting.

Pure Python: no database, no Django.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import math
import random
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal, Inexact, localcontext
from fractions import Fraction

import pytest

from billing import amounts
from billing.amounts import (
    CURRENCY_EXPONENTS,
    MAX_AMOUNT,
    AmountError,
    Line,
    LineTotals,
    Totals,
    allocate,
    allocate_weighted,
    format_amount,
    line_totals,
    parse_amount,
    totals,
)

D = Decimal


def dec(scaled: int, places: int) -> Decimal:
    """scaled / 10**places as a Decimal, built from text (no context, no floats)."""
    return Decimal(f"{scaled}e-{places}")


# --- independent reference: Fraction arithmetic, explicit half up per line ------------------


def ref_half_up(value: Fraction) -> int:
    assert value >= 0
    return math.floor(value + Fraction(1, 2))


def is_tie(value: Fraction) -> bool:
    return value.denominator == 2


def ref_line(line: Line) -> tuple[int, int, int, int, int]:
    subtotal = ref_half_up(Fraction(line.quantity) * line.unit_amount)
    if line.discount_percent:
        discount = ref_half_up(subtotal * Fraction(line.discount_percent) / 100)
    else:
        discount = line.discount_amount
    net = subtotal - discount
    tax = ref_half_up(net * Fraction(line.tax_rate) / 100)
    return subtotal, discount, net, tax, net + tax


def ref_ties(line: Line) -> int:
    """How many of the line's roundings hit an exact half cent."""
    raw_subtotal = Fraction(line.quantity) * line.unit_amount
    subtotal, _, net, _, _ = ref_line(line)
    raws = [raw_subtotal, net * Fraction(line.tax_rate) / 100]
    if line.discount_percent:
        raws.append(subtotal * Fraction(line.discount_percent) / 100)
    return sum(is_tie(raw) for raw in raws)


# --- line table ---------------------------------------------------------------------------

# (line, (subtotal, discount, net, tax, total)), all computed by hand.
LINE_CASES = [
    pytest.param(Line(D("1.25"), 27500), (34375, 0, 34375, 0, 34375), id="1.25h-at-275"),
    pytest.param(Line(D("0.5"), 1), (1, 0, 1, 0, 1), id="half-cent-up"),
    pytest.param(Line(D("1.5"), 1), (2, 0, 2, 0, 2), id="1.5-cents-up"),
    # Banker's rounding would give 2 here.
    pytest.param(Line(D("2.5"), 1), (3, 0, 3, 0, 3), id="2.5-cents-up-not-even"),
    pytest.param(Line(D("0.01"), 1), (0, 0, 0, 0, 0), id="hundredth-of-a-cent"),
    pytest.param(Line(D("0.01"), 49), (0, 0, 0, 0, 0), id="0.49-cent-down"),
    pytest.param(Line(D("0.01"), 50), (1, 0, 1, 0, 1), id="0.50-cent-up"),
    pytest.param(Line(D("0.33"), 150), (50, 0, 50, 0, 50), id="49.5-cents-up"),
    pytest.param(Line(D("0.1"), 30500), (3050, 0, 3050, 0, 3050), id="6-minutes-at-305"),
    pytest.param(
        Line(D(1), 10000, tax_rate=D("8.875")), (10000, 0, 10000, 888, 10888), id="8.875%-of-100"
    ),
    pytest.param(Line(D(1), 100, tax_rate=D("8.875")), (100, 0, 100, 9, 109), id="8.875%-of-1"),
    pytest.param(Line(D(1), 40, tax_rate=D("8.875")), (40, 0, 40, 4, 44), id="8.875%-of-0.40"),
    pytest.param(Line(D(1), 4, tax_rate=D("8.875")), (4, 0, 4, 0, 4), id="8.875%-of-0.04"),
    pytest.param(
        Line(D(1), 3050, tax_rate=D("6.25")), (3050, 0, 3050, 191, 3241), id="6.25%-half-up"
    ),
    pytest.param(Line(D(1), 10, tax_rate=D(5)), (10, 0, 10, 1, 11), id="tax-half-cent-up"),
    pytest.param(
        Line(D(1), 1005, discount_percent=D(10)), (1005, 101, 904, 0, 904), id="10%-off-10.05"
    ),
    pytest.param(
        Line(D(1), 1004, discount_percent=D("12.5")),
        (1004, 126, 878, 0, 878),
        id="12.5%-off-10.04",
    ),
    pytest.param(
        Line(D(1), 999, discount_percent=D("33.33")),
        (999, 333, 666, 0, 666),
        id="33.33%-off-9.99",
    ),
    pytest.param(
        Line(D("1.25"), 27500, discount_percent=D(10), tax_rate=D("8.875")),
        (34375, 3438, 30937, 2746, 33683),
        id="hourly-discount-and-tax",
    ),
    pytest.param(
        Line(D(1), 150000, discount_amount=25000, tax_rate=D("8.875")),
        (150000, 25000, 125000, 11094, 136094),
        id="fixed-discount",
    ),
    pytest.param(
        Line(D("0.5"), 1, discount_amount=1), (1, 1, 0, 0, 0), id="fixed-discount-whole-subtotal"
    ),
    pytest.param(
        Line(D("1.25"), 27500, discount_percent=D(100), tax_rate=D("8.875")),
        (34375, 34375, 0, 0, 0),
        id="100%-discount",
    ),
    pytest.param(
        Line(D(1), 150000, discount_amount=150000, tax_rate=D(7)),
        (150000, 150000, 0, 0, 0),
        id="fixed-discount-everything",
    ),
    pytest.param(Line(D(1), 67500), (67500, 0, 67500, 0, 67500), id="uscis-i130-pass-through"),
    pytest.param(Line(D(2), 8500), (17000, 0, 17000, 0, 17000), id="two-biometrics-fees"),
    pytest.param(Line(D(1), 0, tax_rate=D(10)), (0, 0, 0, 0, 0), id="free-line"),
    pytest.param(
        Line(D(1), 12345, tax_rate=D("0.001")), (12345, 0, 12345, 0, 12345), id="tiny-rate"
    ),
    pytest.param(Line(D(1), 50000, tax_rate=D("0.001")), (50000, 0, 50000, 1, 50001), id="0.001%"),
    pytest.param(Line(D(1), 999, tax_rate=D(100)), (999, 0, 999, 999, 1998), id="100%-tax"),
    pytest.param(
        Line(D(10000), MAX_AMOUNT, tax_rate=D(100)),
        (10**14, 0, 10**14, 10**14, 2 * 10**14),
        id="largest-line",
    ),
    pytest.param(Line(3, 2500), (7500, 0, 7500, 0, 7500), id="int-quantity"),
    pytest.param(Line(D("1.250"), 27500), (34375, 0, 34375, 0, 34375), id="trailing-zero"),
]


@pytest.mark.parametrize(("line", "expected"), LINE_CASES)
def test_line_totals_table(line, expected):
    figures = line_totals(line)
    assert figures == LineTotals(*expected)
    assert dataclasses.astuple(figures) == ref_line(line)
    assert all(type(value) is int for value in dataclasses.astuple(figures))


def test_rounding_is_per_line_not_per_invoice():
    # Three lines of half a cent: each rounds up to 1, so the invoice shows 3, not round(1.5).
    result = totals([Line(D("0.5"), 1)] * 3)
    assert (result.subtotal, result.total) == (3, 3)
    # And three taxes of 0.4 cents each round down per line: no tax at all, not 1.2 -> 1.
    result = totals([Line(D(1), 4, tax_rate=D(10))] * 3)
    assert (result.net, result.tax, result.total, result.taxes) == (12, 0, 12, ())


def test_realistic_invoice():
    lines = [
        Line(D(1), 150000, discount_percent=D(10), tax_rate=D("8.875")),  # I-130 preparation
        Line(D(1), 67500),  # USCIS I-130 filing fee, passed through untaxed
        Line(D("1.25"), 27500, tax_rate=D("8.875")),  # consultation, hourly
        Line(D("0.1"), 30500, tax_rate=D("6.25")),  # a phone call, hourly
    ]
    assert [dataclasses.astuple(line_totals(line)) for line in lines] == [
        (150000, 15000, 135000, 11981, 146981),
        (67500, 0, 67500, 0, 67500),
        (34375, 0, 34375, 3051, 37426),
        (3050, 0, 3050, 191, 3241),
    ]
    assert totals(lines) == Totals(
        subtotal=254925,
        discount=15000,
        net=239925,
        tax=15223,
        total=255148,
        taxes=((D("6.25"), 3050, 191), (D("8.875"), 169375, 15032)),
    )


def test_empty_invoice():
    assert totals([]) == Totals(0, 0, 0, 0, 0, ())


def test_totals_accepts_any_iterable():
    lines = [Line(D(1), 100, tax_rate=D(10)), Line(D(2), 100)]
    assert totals(iter(lines)) == totals(lines) == totals(tuple(lines))


def test_tax_breakdown_groups_equal_rates_and_canonicalises_them():
    result = totals(
        [
            Line(D(1), 10000, tax_rate=D("8.875")),
            Line(D(1), 10000, tax_rate=D("8.8750")),
            Line(D(1), 1000, tax_rate=7),
            Line(D(1), 1000, tax_rate=D("7.000")),
            Line(D(1), 1000, tax_rate=D("1E+1")),
            Line(D(1), 67500),  # 0%: left out
            Line(D(1), 5000, discount_percent=D(100), tax_rate=D(5)),  # tax 0: left out
            Line(D(1), 100, tax_rate=D("0.001")),  # rounds to 0: left out
        ]
    )
    assert result.taxes == ((D(7), 2000, 140), (D("8.875"), 20000, 1776), (D(10), 1000, 100))
    assert [str(rate) for rate, _, _ in result.taxes] == ["7", "8.875", "10"]
    assert result.tax == 140 + 1776 + 100


def test_results_do_not_depend_on_the_decimal_context():
    lines = [line.values[0] for line in LINE_CASES]
    expected = [line_totals(line) for line in lines]
    with localcontext() as context:
        context.prec = 3
        context.rounding = ROUND_HALF_EVEN
        context.traps[Inexact] = True
        assert [line_totals(line) for line in lines] == expected


def test_line_is_frozen_and_normalises_ints():
    line = Line(2, 100, discount_percent=5, tax_rate=7)
    assert line.quantity == D(2) and isinstance(line.quantity, Decimal)
    assert isinstance(line.discount_percent, Decimal) and isinstance(line.tax_rate, Decimal)
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.quantity = D(3)  # type: ignore[misc]
    # replace() validates too.
    with pytest.raises(AmountError):
        dataclasses.replace(line, quantity=D(0))


# --- property test over random invoices ---------------------------------------------------

USCIS_FEES = [67500, 53500, 41000, 8500, 140000, 71500, 47000, 7500]
TAX_RATES = [
    D(0),
    D(0),
    D("8.875"),
    D("8.8750"),
    D("6.25"),
    7,
    D("10.25"),
    D("0.001"),
    D(100),
]


def random_line(rng: random.Random) -> Line:
    kind = rng.choices(["flat", "filing", "hourly", "extreme"], weights=[3, 2, 4, 1])[0]
    if kind == "flat":
        quantity = D(rng.choice([1, 1, 1, 2, 3]))
        unit = rng.randrange(0, 1_000_000, rng.choice([1, 100, 2500]))
    elif kind == "filing":
        quantity, unit = D(1), rng.choice(USCIS_FEES)
    elif kind == "hourly":
        quantity = dec(rng.randint(1, 2000), 2)
        unit = rng.randrange(10000, 60001, rng.choice([1, 500]))
    else:
        quantity = dec(rng.randint(1, 1_000_000), 2)
        unit = rng.choice([0, 1, 3, rng.randint(0, MAX_AMOUNT), MAX_AMOUNT])

    if kind == "filing":
        tax = D(0)
    elif rng.random() < 0.25:
        tax = dec(rng.randint(0, 100_000), 3)
    else:
        tax = rng.choice(TAX_RATES)

    percent, fixed = D(0), 0
    style = rng.choice(["none", "none", "percent", "fixed"])
    if kind != "filing" and style == "percent":
        percent = rng.choice([D(10), D("12.5"), D(100), D(50), dec(rng.randint(0, 10_000), 2)])
    elif kind != "filing" and style == "fixed":
        subtotal = ref_half_up(Fraction(quantity) * unit)
        fixed = rng.choice([0, subtotal, rng.randint(0, subtotal)])
    return Line(quantity, unit, discount_percent=percent, discount_amount=fixed, tax_rate=tax)


def test_random_invoices_match_the_fraction_reference():
    rng = random.Random(20240611)
    ties = 0
    line_count = 0
    for _ in range(2000):
        lines = [random_line(rng) for _ in range(rng.randint(1, 30))]
        line_count += len(lines)
        figures = [line_totals(line) for line in lines]
        result = totals(lines)

        for line, figure in zip(lines, figures, strict=True):
            assert dataclasses.astuple(figure) == ref_line(line)
            assert figure.subtotal - figure.discount == figure.net
            assert figure.net + figure.tax == figure.total
            assert 0 <= figure.discount <= figure.subtotal
            ties += ref_ties(line)

        values = dataclasses.astuple(result)[:5]
        assert all(type(value) is int for value in values)
        assert result.subtotal == sum(f.subtotal for f in figures)
        assert result.discount == sum(f.discount for f in figures)
        assert result.net == sum(f.net for f in figures)
        assert result.tax == sum(f.tax for f in figures)
        assert result.total == sum(f.total for f in figures)
        assert result.subtotal - result.discount == result.net
        assert result.net + result.tax == result.total

        # Per-rate breakdown, rebuilt independently.
        by_rate: dict[Fraction, list[int]] = defaultdict(lambda: [0, 0])
        for line, figure in zip(lines, figures, strict=True):
            by_rate[Fraction(line.tax_rate)][0] += figure.net
            by_rate[Fraction(line.tax_rate)][1] += figure.tax
        expected = [(rate, net, tax) for rate, (net, tax) in sorted(by_rate.items()) if tax]
        assert [(Fraction(rate), net, tax) for rate, net, tax in result.taxes] == expected
        assert sum(tax for _, _, tax in result.taxes) == result.tax
        assert sum(net for _, net, _ in result.taxes) == sum(net for _, net, _ in expected)
        for rate, net, tax in result.taxes:
            assert isinstance(rate, Decimal) and rate > 0
            assert type(net) is int and type(tax) is int and tax > 0
            text = str(rate)  # canonical: "8.875", "7", "10"; never "7.000" or "1E+1"
            assert "E" not in text and not text.endswith(".")
            assert not ("." in text and text.endswith("0"))
        rates = [rate for rate, _, _ in result.taxes]
        assert rates == sorted(rates)
    # The generator must actually exercise exact half cents, or half up is not being tested.
    assert line_count > 20_000
    assert ties > 1_000


# --- allocate -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "parts", "expected"),
    [
        (1000, 3, [334, 333, 333]),
        (1000, 1, [1000]),
        (1000, 4, [250, 250, 250, 250]),
        (2, 5, [1, 1, 0, 0, 0]),
        (0, 3, [0, 0, 0]),
        (255148, 6, [42525, 42525, 42525, 42525, 42524, 42524]),
        (-1000, 3, [-334, -333, -333]),
    ],
)
def test_allocate_table(total, parts, expected):
    assert allocate(total, parts) == expected


def test_allocate_properties():
    rng = random.Random(7)
    for _ in range(3000):
        total = rng.choice([rng.randint(0, 100), rng.randint(0, 10**9), rng.randint(-(10**6), 0)])
        parts = rng.randint(1, 60)
        shares = allocate(total, parts)
        assert len(shares) == parts
        assert sum(shares) == total
        assert all(type(share) is int for share in shares)
        assert max(shares) - min(shares) <= 1
        magnitudes = [abs(share) for share in shares]
        assert magnitudes == sorted(magnitudes, reverse=True)  # earlier take the extra cents
        assert allocate(total, parts) == shares


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (100, [1, 1, 1], [34, 33, 33]),
        (100, [1, 2], [33, 67]),
        (5, [3, 3, 3], [2, 2, 1]),
        (10, [0, 5, 5], [0, 5, 5]),
        (7, [0, 0, 3], [0, 0, 7]),
        (1, [1, 1], [1, 0]),
        (1000, [250, 250, 500], [250, 250, 500]),
        (100, [10, 30, 60], [10, 30, 60]),
        # 101 * (1, 1, 2) / 4 = 25.25, 25.25, 50.5: the half goes to the largest remainder.
        (101, [1, 1, 2], [25, 25, 51]),
        (0, [1, 2, 3], [0, 0, 0]),
        (-100, [1, 2], [-33, -67]),
        (100, (1, 1, 1), [34, 33, 33]),
    ],
)
def test_allocate_weighted_table(total, weights, expected):
    assert allocate_weighted(total, weights) == expected


def test_allocate_weighted_properties():
    rng = random.Random(11)
    for _ in range(3000):
        total = rng.choice([rng.randint(0, 100), rng.randint(0, 10**9), rng.randint(-(10**6), 0)])
        weights = [
            rng.choice([0, rng.randint(1, 10), rng.randint(1, 10**6)])
            for _ in range(rng.randint(1, 30))
        ]
        if not any(weights):
            weights[0] = 1
        shares = allocate_weighted(total, weights)
        weight_sum = sum(weights)
        assert len(shares) == len(weights)
        assert sum(shares) == total
        assert all(type(share) is int for share in shares)
        for share, weight in zip(shares, weights, strict=True):
            exact = Fraction(total * weight, weight_sum)
            assert math.floor(exact) <= share <= math.ceil(exact)  # within one cent of exact
            if weight == 0:
                assert share == 0
        assert allocate_weighted(total, weights) == shares
        # Equal weights reduce to allocate().
        assert allocate_weighted(total, [1] * len(weights)) == allocate(total, len(weights))


@pytest.mark.parametrize(
    ("call", "args"),
    [
        (allocate, (100, 0)),
        (allocate, (100, -1)),
        (allocate, (100, True)),
        (allocate, (100, 2.0)),
        (allocate, (100, 10_001)),
        (allocate, (100.0, 2)),
        (allocate, (True, 2)),
        (allocate, (D(100), 2)),
        (allocate_weighted, (100, [])),
        (allocate_weighted, (100, [0, 0])),
        (allocate_weighted, (100, [1, -1])),
        (allocate_weighted, (100, [1, True])),
        (allocate_weighted, (100, [1, 0.5])),
        (allocate_weighted, (100, [1, D(1)])),
        (allocate_weighted, (100, (w for w in [1, 2]))),
        (allocate_weighted, (100, "12")),
        (allocate_weighted, (100, 3)),
        (allocate_weighted, (100.0, [1, 2])),
        (allocate_weighted, (False, [1, 2])),
        (allocate_weighted, (100, [1] * 10_001)),
    ],
)
def test_allocate_errors(call, args):
    with pytest.raises(AmountError):
        call(*args)


# --- Line validation ----------------------------------------------------------------------

BASE = {"quantity": D(1), "unit_amount": 10000}


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"quantity": D(0)}, "quantity", "greater than zero"),
        ({"quantity": D("-0")}, "quantity", "greater than zero"),
        ({"quantity": D(-1)}, "quantity", "greater than zero"),
        ({"quantity": D("1.001")}, "quantity", "2 decimal places"),
        ({"quantity": D("0.001")}, "quantity", "2 decimal places"),
        ({"quantity": D("1E-999999999")}, "quantity", "2 decimal places"),
        ({"quantity": D("10000.01")}, "quantity", "10,000"),
        ({"quantity": 10001}, "quantity", "10,000"),
        ({"quantity": D("1E+20")}, "quantity", "10,000"),
        ({"quantity": D("1E+999999999")}, "quantity", "10,000"),
        ({"quantity": D("NaN")}, "quantity", "decimal number"),
        ({"quantity": D("sNaN")}, "quantity", "decimal number"),
        ({"quantity": D("Infinity")}, "quantity", "decimal number"),
        ({"quantity": D("-Infinity")}, "quantity", "decimal number"),
        ({"quantity": 1.25}, "quantity", "decimal number"),
        ({"quantity": 1.0}, "quantity", "decimal number"),
        ({"quantity": "1"}, "quantity", "decimal number"),
        ({"quantity": None}, "quantity", "decimal number"),
        ({"quantity": True}, "quantity", "decimal number"),
        ({"quantity": Fraction(1)}, "quantity", "decimal number"),
        ({"unit_amount": -1}, "unit_amount", "negative"),
        ({"unit_amount": MAX_AMOUNT + 1}, "unit_amount", "too large"),
        ({"unit_amount": True}, "unit_amount", "whole number of cents"),
        ({"unit_amount": False}, "unit_amount", "whole number of cents"),
        ({"unit_amount": 100.0}, "unit_amount", "whole number of cents"),
        ({"unit_amount": D(100)}, "unit_amount", "whole number of cents"),
        ({"unit_amount": "100"}, "unit_amount", "whole number of cents"),
        ({"unit_amount": None}, "unit_amount", "whole number of cents"),
        ({"discount_percent": D("-0.01")}, "discount_percent", "between 0 and 100"),
        ({"discount_percent": D("100.01")}, "discount_percent", "between 0 and 100"),
        ({"discount_percent": 101}, "discount_percent", "between 0 and 100"),
        ({"discount_percent": D("1.001")}, "discount_percent", "2 decimal places"),
        ({"discount_percent": D("NaN")}, "discount_percent", "decimal number"),
        ({"discount_percent": 10.0}, "discount_percent", "decimal number"),
        ({"discount_percent": True}, "discount_percent", "decimal number"),
        ({"discount_percent": "10"}, "discount_percent", "decimal number"),
        ({"discount_amount": -1}, "discount_amount", "negative"),
        ({"discount_amount": 10001}, "discount_amount", "more than the line subtotal"),
        ({"discount_amount": True}, "discount_amount", "whole number of cents"),
        ({"discount_amount": 1.0}, "discount_amount", "whole number of cents"),
        ({"discount_amount": D(1)}, "discount_amount", "whole number of cents"),
        ({"tax_rate": D("-0.001")}, "tax_rate", "between 0 and 100"),
        ({"tax_rate": D("100.001")}, "tax_rate", "between 0 and 100"),
        ({"tax_rate": D("8.8751")}, "tax_rate", "3 decimal places"),
        ({"tax_rate": 8.875}, "tax_rate", "decimal number"),
        ({"tax_rate": False}, "tax_rate", "decimal number"),
        ({"tax_rate": D("Infinity")}, "tax_rate", "decimal number"),
        (
            {"discount_percent": D(10), "discount_amount": 1},
            "discount_amount",
            "not both",
        ),
        (
            {"discount_percent": D("0.01"), "discount_amount": 10000},
            "discount_amount",
            "not both",
        ),
        # The bound is the *rounded* subtotal: 0.5 * 1 cent rounds to 1, 0.01 * 1 cent to 0.
        (
            {"quantity": D("0.5"), "unit_amount": 1, "discount_amount": 2},
            "discount_amount",
            "subtotal",
        ),
        (
            {"quantity": D("0.01"), "unit_amount": 1, "discount_amount": 1},
            "discount_amount",
            "subtotal",
        ),
    ],
)
def test_line_validation(changes, field, fragment):
    with pytest.raises(AmountError) as caught:
        Line(**{**BASE, **changes})
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.field == field
    assert fragment in str(error)
    assert str(error)[0].isupper() and str(error).endswith(".")


@pytest.mark.parametrize(
    "changes",
    [
        {"quantity": D("0.01")},
        {"quantity": D(10000)},
        {"quantity": D("10000.00")},
        {"quantity": D("1E+2")},
        {"quantity": D("1.2500")},
        {"quantity": 7},
        {"unit_amount": 0},
        {"unit_amount": MAX_AMOUNT},
        {"discount_percent": D(100)},
        {"discount_percent": D("0.01")},
        {"discount_percent": D("-0")},
        {"discount_percent": D(0), "discount_amount": 10000},
        {"discount_amount": 10000},
        {"tax_rate": D(100)},
        {"tax_rate": D("0.001")},
        {"tax_rate": D("8.8750")},
        {"quantity": D("0.5"), "unit_amount": 1, "discount_amount": 1},
    ],
)
def test_line_accepts_boundaries(changes):
    line = Line(**{**BASE, **changes})
    assert dataclasses.astuple(line_totals(line)) == ref_line(line)


@pytest.mark.parametrize("bad", [None, 1.5, "line", {"quantity": D(1), "unit_amount": 1}])
def test_line_totals_and_totals_refuse_non_lines(bad):
    with pytest.raises(AmountError):
        line_totals(bad)
    with pytest.raises(AmountError):
        totals([Line(D(1), 100), bad])


def test_module_has_no_floats():
    tree = ast.parse(inspect.getsource(amounts))
    for node in ast.walk(tree):
        assert not (isinstance(node, ast.Constant) and isinstance(node.value, float))
        assert not (isinstance(node, ast.Name) and node.id == "float")


# --- parse_amount -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exponent", "expected"),
    [
        ("1,234.56", 2, 123456),
        ("1234.5", 2, 123450),
        ("$1,234.56", 2, 123456),
        (" 15 ", 2, 1500),
        ("\u00a015\t", 2, 1500),
        ("$ 15", 2, 1500),
        ("0", 2, 0),
        ("0.00", 2, 0),
        ("0.01", 2, 1),
        (".5", 2, 50),
        ("007", 2, 700),
        ("1,000,000", 2, 100_000_000),
        ("275.00", 2, 27500),
        ("100,000,000.00", 2, MAX_AMOUNT),
        ("1,234", 0, 1234),
        ("15", 0, 15),
        ("1.234", 3, 1234),
        ("1.2", 3, 1200),
    ],
)
def test_parse_amount_table(text, exponent, expected):
    result = parse_amount(text, exponent=exponent)
    assert result == expected and type(result) is int


def test_parse_amount_default_exponent_is_cents():
    assert parse_amount("12.34") == 1234


@pytest.mark.parametrize(
    ("text", "exponent", "fragment"),
    [
        ("", 2, "Enter an amount"),
        ("   ", 2, "Enter an amount"),
        ("-5", 2, "negative"),
        ("-$5.00", 2, "negative"),
        ("$-5", 2, "negative"),
        ("(5.00)", 2, "negative"),
        ("\u22125", 2, "negative"),
        ("5-", 2, "negative"),
        ("1.234", 2, "decimal places"),
        ("1.000", 2, "decimal places"),
        ("0.001", 2, "decimal places"),
        ("1.5", 0, "no decimal places"),
        ("1.0", 0, "no decimal places"),
        ("1.2345", 3, "decimal places"),
        ("abc", 2, "valid amount"),
        ("1,23", 2, "valid amount"),
        ("1.234,56", 2, "valid amount"),
        ("12,34.56", 2, "valid amount"),
        ("1234,567", 2, "valid amount"),
        (",123", 2, "valid amount"),
        ("1 234", 2, "valid amount"),
        ("$", 2, "valid amount"),
        (".", 2, "valid amount"),
        ("15.", 2, "valid amount"),
        ("1e3", 2, "valid amount"),
        ("NaN", 2, "valid amount"),
        ("Infinity", 2, "valid amount"),
        ("+5", 2, "valid amount"),
        ("5$", 2, "valid amount"),
        ("$$5", 2, "valid amount"),
        ("€5", 2, "valid amount"),
        ("USD 5", 2, "valid amount"),
        ("0x10", 2, "valid amount"),
        ("1_000", 2, "valid amount"),
        ("\uff11\uff15", 2, "valid amount"),  # full-width digits
        ("\u0661\u0665", 2, "valid amount"),  # Arabic-Indic digits
        ("100,000,000.01", 2, "too large"),
        ("10000000001", 0, "too large"),
        ("9" * 30, 2, "too large"),
        ("1" * 41, 2, "valid amount"),
    ],
)
def test_parse_amount_errors(text, exponent, fragment):
    with pytest.raises(AmountError) as caught:
        parse_amount(text, exponent=exponent)
    assert fragment in str(caught.value)


@pytest.mark.parametrize("bad", [None, 12.5, 15, D("15"), b"15"])
def test_parse_amount_refuses_non_text(bad):
    with pytest.raises(AmountError):
        parse_amount(bad)


@pytest.mark.parametrize("exponent", [-1, 7, True, 2.0, None])
def test_parse_amount_refuses_bad_exponents(exponent):
    with pytest.raises(AmountError):
        parse_amount("1", exponent=exponent)


# --- format_amount ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "currency", "language", "expected"),
    [
        (123456, "USD", "en", "$1,234.56"),
        (123456, "USD", "es", "$1,234.56"),
        (-1200, "USD", "en", "-$12.00"),
        (-1200, "USD", "es", "-$12.00"),
        (0, "USD", "en", "$0.00"),
        (5, "USD", "en", "$0.05"),
        (100, "USD", "en", "$1.00"),
        (123456789012, "USD", "en", "$1,234,567,890.12"),
        (123456, "usd", "EN", "$1,234.56"),
        (123456, "EUR", "en", "€1,234.56"),
        (123456, "EUR", "es", "1.234,56 €"),
        (123456, "EUR", "es-ES", "1.234,56 €"),
        (-123456, "EUR", "en", "-€1,234.56"),
        (-123456, "EUR", "es", "-1.234,56 €"),
        (99, "EUR", "es", "0,99 €"),
        (123456, "EUR", "fr", "€1,234.56"),
        (123456, "MXN", "en", "MX$1,234.56"),
        (123456, "MXN", "es", "MX$1,234.56"),
        (-5, "MXN", "en", "-MX$0.05"),
        (1235, "JPY", "en", "¥1,235"),
        (1234567, "JPY", "es", "1.234.567 ¥"),
        (-7, "JPY", "en", "-¥7"),
        (123456, "XYZ", "en", "1,234.56 XYZ"),
        (123456, "XYZ", "es", "1.234,56 XYZ"),
        (-123456, "XYZ", "en", "-1,234.56 XYZ"),
        (1234567, "KWD", "en", "1,234.567 KWD"),
    ],
)
def test_format_amount_table(minor, currency, language, expected):
    assert format_amount(minor, currency, language) == expected


def test_format_amount_defaults_to_usd_english():
    assert format_amount(123456) == "$1,234.56"


@pytest.mark.parametrize(
    "args",
    [
        (12.5,),
        (True,),
        (D(100),),
        ("100",),
        (None,),
        (100, "US"),
        (100, "USDX"),
        (100, "U$D"),
        (100, "ÉUR"),
        (100, None),
        (100, "USD", None),
    ],
)
def test_format_amount_errors(args):
    with pytest.raises(AmountError):
        format_amount(*args)


def test_currency_table():
    assert CURRENCY_EXPONENTS["USD"] == CURRENCY_EXPONENTS["EUR"] == CURRENCY_EXPONENTS["MXN"] == 2
    assert CURRENCY_EXPONENTS["JPY"] == 0


def test_round_trips():
    rng = random.Random(3)
    samples = [0, 1, 99, 100, 123456, MAX_AMOUNT] + [
        rng.randint(0, MAX_AMOUNT) for _ in range(2000)
    ]
    for minor in samples:
        for language in ("en", "es"):
            assert parse_amount(format_amount(minor, "USD", language)) == minor
        jpy = format_amount(minor, "JPY").removeprefix("¥")
        assert parse_amount(jpy, exponent=0) == minor
        kwd = format_amount(minor, "KWD").removesuffix(" KWD")
        assert parse_amount(kwd, exponent=3) == minor
        if minor:
            with pytest.raises(AmountError, match="negative"):
                parse_amount(format_amount(-minor))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.56", "$1,234.56"),
        ("1234.5", "$1,234.50"),
        (" 15 ", "$15.00"),
        (".05", "$0.05"),
        ("$1000000", "$1,000,000.00"),
    ],
)
def test_parse_then_format(text, expected):
    assert format_amount(parse_amount(text)) == expected
