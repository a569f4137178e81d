"""Tests of helpers.prices: the S&P 500, reading a CSV of prices with its errors, the features,
the target, the stylised facts and the example CSV.
"""

from __future__ import annotations

import io
import os
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpers import prices

HEADER = ["date", "close", "volume"]
COLUMNS = {"price_column": "close", "volume_column": "volume", "min_rows": 1}


@cache
def _sp500() -> pd.DataFrame:
    """One read of the S&P 500 for the whole file (callers must not mutate it)."""
    return prices.sp500()


def _rows(n: int = 6) -> list[list[str]]:
    """Valid rows ``[date, close, volume]`` on business days from 2024-01-01 (line 2 onwards)."""
    days = pd.bdate_range("2024-01-01", periods=n)
    return [[f"{d:%Y-%m-%d}", f"{100 + i}.5", str(1000 + i)] for i, d in enumerate(days)]


def _text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    return "\n".join(",".join(r) for r in [header, *rows]) + "\n"


def _load(text: str, **kwargs) -> pd.DataFrame:
    return prices.load_prices(io.StringIO(text), **{**COLUMNS, **kwargs})


def _dates_only(rows: list[list[str]], **kwargs) -> pd.DataFrame:
    """Load rows ``[date, close]`` (no volume)."""
    return _load(_text(rows, ["date", "close"]), volume_column=None, **kwargs)


def _set(row: int, column: int, value: str):
    """A change of one cell: ``row`` 0 is line 2 of the file."""

    def change(rows):
        rows[row][column] = value
        return rows

    return change


def _swap(rows):
    rows[2], rows[3] = rows[3], rows[2]
    return rows


def _duplicate(rows):
    rows[3][0] = rows[2][0]
    rows[5][0] = rows[4][0]
    return rows


# --------------------------------------------------------------------------- load_prices: errors

# (id, change of the valid rows, extra arguments, exception, fragments of the message: the
# problem, where it is, the fix)
CASES = [
    (
        "empty date",
        _set(2, 0, ""),
        {},
        ValueError,
        ["date column 'date'", "empty on 1 row", "line 4", "give every row its date"],
    ),
    (
        "unparseable date",
        _set(1, 0, "yesterday"),
        {},
        ValueError,
        ["a value that is not a date", "'yesterday' \\(line 3\\)", "YYYY-MM-DD", "date_format"],
    ),
    (
        "impossible date",
        _set(4, 0, "2024-02-30"),
        {},
        ValueError,
        ["not a date", "'2024-02-30' \\(line 6\\)"],
    ),
    (
        "unsorted dates",
        _swap,
        {},
        ValueError,
        ["not in increasing order", "line 5 \\(2024-01-03\\) comes after line 4 \\(2024-01-04\\)"]
        + ["Sort the rows by date", "sort_values\\('date'\\)"],
    ),
    (
        "duplicated dates",
        _duplicate,
        {},
        ValueError,
        ["2 dates", "appear more than once", "2024-01-03 \\(lines 4, 5\\)"]
        + ["2024-01-05 \\(lines 6, 7\\)", "one row per day", "drop_duplicates"],
    ),
    (
        "empty price",
        _set(3, 1, ""),
        {},
        ValueError,
        ["price column 'close'", "empty, NaN or infinite on 1 row", "line 5 \\(2024-01-04\\)"]
        + ["Drop those rows", "ffill"],
    ),
    (
        "NaN price",
        _set(0, 1, "NaN"),
        {},
        ValueError,
        ["price column 'close'", "NaN", "line 2 \\(2024-01-01\\)"],
    ),
    (
        "infinite price",
        _set(1, 1, "inf"),
        {},
        ValueError,
        ["infinite", "line 3"],
    ),
    (
        "non-numeric price",
        _set(2, 1, '"1,234.5"'),
        {},
        ValueError,
        ["price column 'close'", "not a number", "'1,234.5' \\(line 4\\)", "thousands"],
    ),
    (
        "zero price",
        _set(2, 1, "0"),
        {},
        ValueError,
        ["a price <= 0", "0.0 \\(line 4\\)", "returns or price changes", "Pass a column of prices"],
    ),
    (
        "negative prices",
        lambda rows: _set(1, 1, "-0.5")(_set(4, 1, "-2")(rows)),
        {},
        ValueError,
        ["2 prices <= 0", "-0.5 \\(line 3\\), -2.0 \\(line 6\\)"],
    ),
    (
        "empty volume",
        _set(1, 2, ""),
        {},
        ValueError,
        ["volume column 'volume'", "empty, NaN or infinite", "line 3 \\(2024-01-02\\)"]
        + ["volume_column=None"],
    ),
    (
        "negative volume",
        _set(4, 2, "-10"),
        {},
        ValueError,
        ["volume column 'volume'", "a negative value", "-10.0 \\(line 6\\)", "volume_column=None"],
    ),
    (
        "non-numeric volume",
        _set(0, 2, "1.2M"),
        {},
        ValueError,
        ["volume column", "not a number", "'1.2M' \\(line 2\\)"],
    ),
    (
        "price column missing",
        lambda rows: rows,
        {"price_column": "Close"},
        ValueError,
        ["has no column 'Close'", "its columns are \\['date', 'close', 'volume'\\]"]
        + ["Did you mean 'close'\\? Pass price_column='close'"],
    ),
    (
        "date column misspelt",
        lambda rows: rows,
        {"date_column": "dtae"},
        ValueError,
        ["has no column 'dtae'", "Did you mean 'date'\\? Pass date_column='date'"],
    ),
    (
        "volume column far off",
        lambda rows: rows,
        {"volume_column": "turnover_usd"},
        ValueError,
        ["has no column 'turnover_usd'", "its columns are", "Pass volume_column= the name of one"],
    ),
    (
        "too few rows",
        lambda rows: rows,
        {"min_rows": 7},
        ValueError,
        ["has 6 rows of prices, 2024-01-01 to 2024-01-08", "needs at least 7 \\(min_rows=7"]
        + ["MIN_ROWS = 750, is about three years", "training, validation and test", "min_rows=6"],
    ),
]


@pytest.mark.parametrize(
    ("change", "kwargs", "error", "fragments"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_bad_input_is_an_error_that_names_the_problem_the_rows_and_the_fix(
    change, kwargs, error, fragments
):
    assert len(_load(_text(_rows()))) == 6  # the valid input loads: the error comes from the case
    with pytest.raises(error) as raised:
        _load(_text(change(_rows())), **kwargs)
    for fragment in fragments:
        assert raised.match(fragment), (fragment, str(raised.value))


def test_a_missing_file_or_a_folder_is_a_file_not_found_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"'prices.csv': no such file .*Check the path"):
        prices.load_prices("prices.csv", price_column="close", min_rows=1)
    with pytest.raises(FileNotFoundError, match="a folder, not a file"):
        prices.load_prices(tmp_path, price_column="close", min_rows=1)
    (tmp_path / "prices.csv").write_text(_text(_rows()))
    assert len(prices.load_prices("prices.csv", price_column="close", min_rows=1)) == 6


def test_dates_that_are_plain_numbers_are_refused_with_the_epoch_explained():
    rows = [[str(199901 + i), "1.0"] for i in range(6)]
    with pytest.raises(ValueError) as raised:
        _dates_only(rows)
    for fragment in ["plain numbers", "'199901' \\(line 2\\)", "since 1970-01-01", "format='%Y%m'"]:
        assert raised.match(fragment)
    # Unix seconds too; the same months written as dates, or with their format, load.
    with pytest.raises(ValueError, match="unit='s'"):
        _dates_only([["915408000", "1"], ["915494400", "2"]])
    months = [[f"1999-{1 + i:02d}-01", "1.0"] for i in range(6)]
    assert len(_dates_only(months)) == 6
    by_format = _dates_only(rows, date_format="%Y%m")
    assert by_format.index[0] == pd.Timestamp("1999-01-01")


def test_dates_already_read_as_1970_are_refused():
    rows = [[str(pd.Timestamp(199901 + i)), "1.0"] for i in range(3)]
    assert rows[0][0] == "1970-01-01 00:00:00.000199901"
    with pytest.raises(ValueError, match=r"3 rows .* fall on 1970-01-01.*YYYYMM integer"):
        _dates_only(rows)
    one = [["1970-01-01", "1.0"], ["1970-01-02", "1.1"]]  # one real day in 1970 is fine
    assert len(_dates_only(one)) == 2


def test_yyyymmdd_and_day_first_dates_load():
    rows = [["19990104", "1.0"], ["19990105", "2.0"]]
    frame = _dates_only(rows)
    assert frame.index.tolist() == [pd.Timestamp("1999-01-04"), pd.Timestamp("1999-01-05")]
    day_first = [["12/01/1999", "1.0"], ["13/01/1999", "2.0"]]
    with pytest.raises(ValueError, match=r"'13/01/1999' \(line 3\).*date_format='%d/%m/%Y'"):
        _dates_only(day_first)
    frame = _dates_only(day_first, date_format="%d/%m/%Y")
    assert frame.index[1] == pd.Timestamp("1999-01-13")
    with pytest.raises(ValueError, match=r"check date_format='%m/%d/%Y'"):
        _dates_only(day_first, date_format="%m/%d/%Y")


def test_line_numbers_count_blank_lines_and_blank_lines_are_skipped():
    rows = _rows()
    text = _text(rows[:2]) + "\n" + _text(rows[2:], []).lstrip("\n") + "\n\n"
    assert len(_load(text)) == 6
    broken = text.replace(rows[3][1], "abc")
    # rows[3] is on line 6: the header, two rows, a blank line, rows[2].
    with pytest.raises(ValueError, match=r"'abc' \(line 6\)"):
        _load(broken)


def test_spaces_other_columns_and_the_result():
    rows = [[f" {d} ", f" {c}", v, "x"] for d, c, v in _rows()]
    frame = _load(_text(rows, [*HEADER, "note"]))
    assert frame.columns.tolist() == ["price", "volume"]
    assert frame.index.name == "date" and isinstance(frame.index, pd.DatetimeIndex)
    assert frame.index.is_monotonic_increasing and frame.index.is_unique
    assert frame.dtypes.tolist() == [np.float64, np.float64]
    assert frame["price"].tolist() == [100.5 + i for i in range(6)]
    assert _load(_text(rows, [*HEADER, "note"]), volume_column=None).columns.tolist() == ["price"]


def test_a_broken_volume_column_does_not_matter_without_volume_column():
    rows = _set(2, 2, "n/a")(_rows())
    with pytest.raises(ValueError, match="volume column"):
        _load(_text(rows))
    assert _load(_text(rows), volume_column=None).columns.tolist() == ["price"]


def test_bad_arguments_and_malformed_files():
    text = _text(_rows())
    with pytest.raises(TypeError, match="source must be the path of a CSV file"):
        prices.load_prices(42)
    with pytest.raises(ValueError, match="min_rows must be a positive int"):
        _load(text, min_rows=0)
    with pytest.raises(ValueError, match="the columns must differ"):
        _load(text, volume_column="close")
    with pytest.raises(TypeError, match="price_column must be a column name"):
        _load(text, price_column=1)
    with pytest.raises(TypeError, match="date_format must be a str"):
        _load(text, date_format=1)
    with pytest.raises(ValueError, match="the CSV is empty"):
        _load("")
    with pytest.raises(ValueError, match="not a well-formed CSV"):
        _load(text.replace("101.5,", "101.5,7,8,"))


def test_the_default_minimum_is_about_three_years():
    assert prices.MIN_ROWS == 750
    assert 3 * 252 - 10 <= prices.MIN_ROWS <= 3 * 252
    with pytest.raises(ValueError, match=r"needs at least 750 \(MIN_ROWS = 750, about three"):
        prices.load_prices(io.StringIO(_text(_rows(749))), price_column="close")
    assert len(prices.load_prices(io.StringIO(_text(_rows(750))), price_column="close")) == 750


def test_nothing_is_written(tmp_path, monkeypatch):
    (tmp_path / "prices.csv").write_text(_text(_rows()))
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    prices.load_prices("prices.csv", price_column="close", volume_column="volume", min_rows=1)
    with pytest.raises(ValueError):
        prices.load_prices("prices.csv", price_column="close", min_rows=7)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


# --------------------------------------------------------------------------- load_prices: property

DAYS = st.lists(st.integers(0, 20_000), min_size=2, max_size=40, unique=True).map(sorted)
PRICE = st.floats(1e-4, 1e7, allow_nan=False, allow_infinity=False)


@given(st.data(), DAYS)
def test_any_sorted_unique_positive_series_round_trips_through_a_csv(data, days):
    values = data.draw(st.lists(PRICE, min_size=len(days), max_size=len(days)))
    index = pd.DatetimeIndex(pd.Timestamp("1980-01-01") + pd.to_timedelta(days, unit="D"))
    lines = [f"{d:%Y-%m-%d},{v!r}\n" for d, v in zip(index, values, strict=True)]
    text = "when,px\n" + "".join(lines)
    frame = _load(text, date_column="when", price_column="px", volume_column=None)
    assert frame.index.equals(pd.DatetimeIndex(index, name="date"))
    assert frame["price"].tolist() == values


@given(st.permutations(range(8)))
def test_shuffled_rows_of_a_valid_csv_are_an_unsorted_error(order):
    assume(list(order) != sorted(order))
    rows = _rows(8)
    with pytest.raises(ValueError, match="not in increasing order.*Sort the rows by date"):
        _load(_text([rows[i] for i in order]))
    assert len(_load(_text(rows))) == 8


# --------------------------------------------------------------------------- the S&P 500


def test_sp500_shape_dates_and_columns():
    df = _sp500()
    assert df.shape == (5031, 5)
    assert df.columns.tolist() == ["price", "volume", "high", "low", "close"]
    assert isinstance(df.index, pd.DatetimeIndex) and df.index.name == "date"
    assert df.index[0] == pd.Timestamp("1999-01-04") and df.index[-1] == pd.Timestamp("2018-12-31")
    assert df.index.is_monotonic_increasing and df.index.is_unique
    assert (df.dtypes == np.float64).all() and np.isfinite(df.to_numpy()).all()
    assert (df["low"] <= df["close"]).all() and (df["close"] <= df["high"]).all()
    assert (df["price"] == df["close"]).all()  # an index pays no dividends: adjusted = close


def test_sp500_stylised_facts():
    facts = prices.stylised_facts(np.log(_sp500()["price"]).diff())
    assert facts["days"] == 5030
    assert round(facts["up_share"], 3) == 0.531
    assert round(facts["acf1"], 3) == -0.070
    assert 7.5 < facts["excess_kurtosis"] < 9  # 8.18: fat tails
    assert -0.3 < facts["skewness"] < -0.1  # -0.20
    assert 0.18 < facts["annual_vol"] < 0.20  # 0.191
    assert facts["abs_acf1"] > 0.2  # 0.244: volatility clusters
    assert facts["abs_acf_sum_20"] > 4  # 5.57


# --------------------------------------------------------------------------- the example CSV


def test_the_committed_example_csv_is_what_write_example_csv_writes(tmp_path):
    written = prices.write_example_csv(tmp_path / "sp500.csv")
    assert written == tmp_path / "sp500.csv"
    assert written.read_bytes() == prices.EXAMPLE_CSV.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["sp500.csv"]  # no temporary file left
    assert prices.EXAMPLE_CSV.read_text().splitlines()[:2] == [
        "date,close,volume",
        "1999-01-04,1228.099976,877000000",
    ]


def test_the_example_csv_round_trips_to_sp500():
    frame = prices.load_prices(
        prices.EXAMPLE_CSV, date_column="date", price_column="close", volume_column="volume"
    )
    expected = _sp500()[["price", "volume"]]
    assert frame.index.equals(expected.index)
    np.testing.assert_allclose(frame.to_numpy(), expected.to_numpy(), rtol=1e-6, atol=0)
    assert (frame["price"] == expected["price"]).all()  # in fact exactly


def test_write_example_csv_leaves_nothing_half_written(tmp_path, monkeypatch):
    target = tmp_path / "sp500.csv"
    target.write_text("the previous file\n")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(OSError, match="disk full"):
        prices.write_example_csv(target)
    assert target.read_text() == "the previous file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["sp500.csv"]
    with pytest.raises(FileNotFoundError, match="does not exist: create it first"):
        prices.write_example_csv(tmp_path / "no" / "sp500.csv")
    with pytest.raises(TypeError, match="path must be"):
        prices.write_example_csv(1)


def test_the_example_csv_is_readable_by_everyone():
    assert prices.EXAMPLE_CSV.parent.name == "example_data"
    assert os.stat(prices.EXAMPLE_CSV).st_mode & 0o444 == 0o444


# --------------------------------------------------------------------------- features and target


def _frame(n: int, seed: int, *, volume: bool = True, ranges: bool = True) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    price = 100 * np.exp(np.cumsum(rng.normal(0, 0.01, n)))
    columns = {"price": price}
    if volume:
        columns["volume"] = np.exp(rng.normal(13, 0.3, n))
    if ranges:
        columns["high"] = price * np.exp(rng.uniform(0, 0.02, n))
        columns["low"] = price * np.exp(-rng.uniform(0, 0.02, n))
    return pd.DataFrame(columns, index=pd.bdate_range("2020-01-01", periods=n, name="date"))


def test_stationary_features_columns_and_leading_rows():
    full = _frame(60, 0)
    features = prices.stationary_features(full)
    assert features.columns.tolist() == ["log_return", "relative_log_volume", "log_range"]
    assert features.index[0] == full.index[prices.VOLUME_WINDOW]
    assert features.index.equals(full.index[prices.VOLUME_WINDOW :])
    assert features.notna().all().all()
    only_price = prices.stationary_features(full[["price"]])
    assert only_price.columns.tolist() == ["log_return"]
    assert only_price.index.equals(full.index[1:])
    assert prices.stationary_features(full.drop(columns="high")).columns.tolist() == [
        "log_return",
        "relative_log_volume",
    ]


def test_stationary_features_values():
    full = _frame(60, 1)
    features = prices.stationary_features(full)
    t = 30
    day = full.index[t]
    assert features.loc[day, "log_return"] == pytest.approx(
        np.log(full["price"].iloc[t] / full["price"].iloc[t - 1])
    )
    previous = np.log(full["volume"].iloc[t - prices.VOLUME_WINDOW : t]).mean()
    assert features.loc[day, "relative_log_volume"] == pytest.approx(
        np.log(full["volume"].iloc[t]) - previous
    )
    assert features.loc[day, "log_range"] == pytest.approx(
        np.log(full["high"].iloc[t] / full["low"].iloc[t])
    )


@given(st.integers(0, 10_000), st.integers(prices.VOLUME_WINDOW, 58), st.floats(0.5, 2.0))
def test_stationary_features_never_use_a_future_row(seed, t, factor):
    full = _frame(60, seed)
    changed = full.copy()
    changed.iloc[t + 1 :] *= factor * np.exp(np.random.default_rng(seed).normal(0, 0.1, (1, 4)))
    changed["high"] = np.maximum(changed["high"], changed[["price", "low"]].max(axis=1))
    changed["low"] = np.minimum(changed["low"], changed["price"])
    before = prices.stationary_features(full).loc[: full.index[t]]
    after = prices.stationary_features(changed).loc[: full.index[t]]
    pd.testing.assert_frame_equal(before, after, check_exact=True)


def _daily(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.bdate_range("2024-01-01", periods=n, name="date"))


BAD_FRAMES = {
    "type": ("not a frame", TypeError, "prices must be a pandas DataFrame with a 'price' column"),
    "no price": (_daily(close=[1.0, 2.0]), ValueError, "has no 'price' column.*rename"),
    "unsorted": (_daily(price=[1.0, 2.0]).iloc[::-1], ValueError, "strictly increasing.*sort"),
    "NaN": (_daily(price=[1.0, np.nan, 2.0]), ValueError, r"prices\['price'\] holds 1 NaN"),
    "negative": (_daily(price=[1.0, -2.0]), ValueError, "prices <= 0"),
}
FEATURE_FRAMES = {
    "zero volume": (_daily(price=[1.0, 2.0], volume=[1.0, 0.0]), ValueError, "is 0 or less"),
    "high below low": (
        _daily(price=[1.0, 2.0], high=[1.0, 1.0], low=[1.0, 2.0]),
        ValueError,
        "0 < low <= high",
    ),
}


@pytest.mark.parametrize(("frame", "error", "message"), BAD_FRAMES.values(), ids=BAD_FRAMES)
def test_features_and_target_refuse_bad_frames(frame, error, message):
    valid = _frame(30, 0)
    assert len(prices.stationary_features(valid)) and len(prices.next_return(valid))
    with pytest.raises(error, match=message):
        prices.stationary_features(frame)
    with pytest.raises(error, match=message):
        prices.next_return(frame)


@pytest.mark.parametrize(("frame", "error", "message"), FEATURE_FRAMES.values(), ids=FEATURE_FRAMES)
def test_features_refuse_zero_volume_and_a_low_above_the_high(frame, error, message):
    assert len(prices.stationary_features(frame[["price"]])) == 1
    with pytest.raises(error, match=message):
        prices.stationary_features(frame)


@given(
    st.floats(-0.05, 0.05, allow_nan=False),
    st.integers(1, 10),
    st.integers(12, 60),
    st.floats(0.01, 1e4),
)
def test_next_return_on_a_geometric_series_is_the_constant_step(step, horizon, n, start):
    index = pd.bdate_range("2024-01-01", periods=n, name="date")
    frame = pd.DataFrame({"price": start * np.exp(step * np.arange(n))}, index=index)
    target = prices.next_return(frame, horizon=horizon)
    assert target.index.equals(index) and target.name == f"next_return_{horizon}d"
    np.testing.assert_allclose(target.iloc[:-horizon], horizon * step, atol=1e-12)
    assert target.iloc[-horizon:].isna().all()


def test_next_return_values_and_errors():
    full = _frame(30, 2)
    target = prices.next_return(full)
    assert target.iloc[4] == pytest.approx(np.log(full["price"].iloc[5] / full["price"].iloc[4]))
    with pytest.raises(ValueError, match="horizon must be a positive int"):
        prices.next_return(full, horizon=0)
    with pytest.raises(TypeError, match="horizon must be an int"):
        prices.next_return(full, horizon=True)
    with pytest.raises(ValueError, match="horizon=30 leaves no day with a known future"):
        prices.next_return(full, horizon=30)


# --------------------------------------------------------------------------- stylised facts


def test_stylised_facts_of_independent_normal_returns():
    rng = np.random.default_rng(0)
    r = pd.Series(np.r_[np.nan, rng.normal(0, 0.01, 20_000)])
    facts = prices.stylised_facts(r)
    assert facts.index.tolist() == [
        "days",
        "up_share",
        "mean",
        "sd",
        "annual_mean",
        "annual_vol",
        "skewness",
        "excess_kurtosis",
        "acf1",
        "abs_acf1",
        "abs_acf_sum_20",
    ]
    assert facts["days"] == 20_000  # the NaN is dropped
    assert facts["up_share"] == pytest.approx(0.5, abs=0.01)
    assert facts["annual_vol"] == pytest.approx(0.01 * np.sqrt(252), rel=0.02)
    assert facts["annual_mean"] == pytest.approx(facts["mean"] * 252)
    for name in ("skewness", "excess_kurtosis", "acf1", "abs_acf1"):
        assert abs(facts[name]) < 0.1, name
    assert abs(facts["abs_acf_sum_20"]) < 0.3


def test_stylised_facts_count_a_zero_return_as_not_up_and_refuse_bad_input():
    r = pd.Series([0.0, 0.01, -0.01] * 20)
    assert prices.stylised_facts(r)["up_share"] == pytest.approx(1 / 3)
    with pytest.raises(TypeError, match="returns must be a pandas Series"):
        prices.stylised_facts(r.to_numpy())
    with pytest.raises(ValueError, match="at least 30"):
        prices.stylised_facts(r.iloc[:29])
    with pytest.raises(ValueError, match="returns holds 1 NaN or infinite"):
        prices.stylised_facts(pd.concat([r, pd.Series([np.inf])]))
