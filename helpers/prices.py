"""Real prices: the S&P 500 shipped with ``arch``, any CSV of daily prices, and their features.

The book's synthetic market has a known oracle; a real market has none, so the same honest
pipeline is run on real prices to see which of its lessons carry over. This module turns a price
history into what that pipeline reads:

- :func:`sp500`: the S&P 500 index, 1999-2018, offline (it ships inside the ``arch`` wheel);
- :func:`load_prices`: any CSV with a date column and a price column, checked row by row, with an
  error that names the problem, the offending rows and the fix;
- :func:`stationary_features` and :func:`next_return`: the stationary features and the target;
- :func:`stylised_facts`: the well-known regularities of daily returns, measured;
- :data:`EXAMPLE_CSV` and :func:`write_example_csv`: a CSV of the S&P 500 shipped with this
  package, as an example of the input :func:`load_prices` expects.

Only NumPy, pandas and ``arch`` are imported (never TensorFlow).

>>> prices = load_prices(EXAMPLE_CSV, price_column="close", volume_column="volume")
>>> prices.shape, prices.index[0].date().isoformat(), prices.index[-1].date().isoformat()
((5031, 2), '1999-01-04', '2018-12-31')
>>> features = stationary_features(prices)
>>> features.columns.tolist()
['log_return', 'relative_log_volume']
"""

from __future__ import annotations

import difflib
import os
import tempfile
import warnings
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from . import validate
from .windows import check_finite

__all__ = [
    "MIN_ROWS",
    "VOLUME_WINDOW",
    "EXAMPLE_CSV",
    "sp500",
    "load_prices",
    "stationary_features",
    "next_return",
    "stylised_facts",
    "write_example_csv",
]

#: The fewest rows (trading days) :func:`load_prices` accepts by default: about three years.
#:
#: Why 750. A year has about 252 trading days, and the honest pipeline needs three periods that
#: never overlap: training, validation (early stopping, model choice) and test. With less than a
#: year in each, the test period cannot tell skill from luck: over 250 test days the standard error
#: of a hit rate is 0.5 / sqrt(250) = 0.032, as large as the edge a good daily forecast has, and
#: halving the days multiplies it by 1.4. The first of the three years also pays for the warm-up of
#: the features (``VOLUME_WINDOW`` + 1 days) and for the first window's lookback (20 to 60 days),
#: so 3 x 252 = 756, rounded to 750, is the least that leaves a few hundred days to each period.
#: A shorter history can still be loaded with ``min_rows=...``, knowing that its test says little.
MIN_ROWS: int = 750

#: Days in the trailing mean of log volume that :func:`stationary_features` subtracts: a month of
#: trading, long enough to be a stable baseline, short enough to follow the slow rise of volume.
VOLUME_WINDOW: int = 20

#: An example input of :func:`load_prices`, shipped with the package: the S&P 500 of :func:`sp500`
#: as ``date,close,volume`` (ISO dates, prices as ``arch`` stores them), written by
#: :func:`write_example_csv`.
EXAMPLE_CSV: Path = Path(__file__).resolve().parent / "example_data" / "sp500.csv"

_NA_STRINGS = frozenset({"", "na", "n/a", "#n/a", "nan", "null", "none", "nat", "-", "."})
_SHOW = 3  # how many offending rows an error message lists


# --------------------------------------------------------------------------- the S&P 500


def sp500() -> pd.DataFrame:
    """The S&P 500 index, daily, from 1999-01-04 to 2018-12-31 (5,031 trading days), offline.

    The data are the file ``arch/data/sp500/sp500.csv.gz`` inside the ``arch`` wheel (8.0.0),
    read by ``arch.data.sp500.load()`` ("the S&P 500 data used in the examples"); nothing is
    downloaded and nothing is cached. ``arch`` is Kevin Sheppard's, under the University of
    Illinois/NCSA open-source licence (``LICENSE.md`` in its ``.dist-info``: redistribution with
    the copyright notice, provided "as is", without warranty). The package files do not state
    where the prices come from; their columns (Open, High, Low, Close, Adj Close, Volume) are
    Yahoo Finance's daily download of ``^GSPC``, which ``arch``'s own README fetches for its
    examples. Quote them as "S&P 500 daily data shipped with the arch Python package".

    Returns
    -------
    pandas.DataFrame
        Indexed by a ``DatetimeIndex`` named ``"date"``, with the float columns ``price`` (the
        adjusted close, which for a price index equals ``close``: an index pays no dividends),
        ``volume`` (shares traded over the index's members), ``high``, ``low`` and ``close``.

    Examples
    --------
    >>> df = sp500()
    >>> df.shape, df.index.name, df.columns.tolist()
    ((5031, 5), 'date', ['price', 'volume', 'high', 'low', 'close'])
    >>> float(df["price"].iloc[0]), str(df.index[-1].date())
    (1228.099976, '2018-12-31')
    """
    from arch.data import sp500 as arch_sp500

    raw = arch_sp500.load()
    frame = pd.DataFrame(
        {
            "price": raw["Adj Close"],
            "volume": raw["Volume"],
            "high": raw["High"],
            "low": raw["Low"],
            "close": raw["Close"],
        }
    ).astype(float)
    frame.index = pd.DatetimeIndex(raw.index, name="date")
    return frame


# --------------------------------------------------------------------------- reading a CSV


def _count(n: int, one: str, many: str) -> str:
    """``a price`` for 1, ``3 prices`` for 3."""
    return one if n == 1 else f"{n} {many}"


def _lines(rows: pd.Index) -> str:
    """Row labels of the raw frame as line numbers of the file (line 1 is the header)."""
    shown = ", ".join(str(int(r) + 2) for r in rows[:_SHOW])
    more = f" and {len(rows) - _SHOW} more" if len(rows) > _SHOW else ""
    return f"line{'s' if len(rows) > 1 else ''} {shown}{more}"


def _examples(values: pd.Series) -> str:
    """A few offending values with their lines: ``'foo' (line 5), 'bar' (line 9) and 2 more``."""
    shown = ", ".join(f"{v!r} (line {int(r) + 2})" for r, v in values.iloc[:_SHOW].items())
    more = f" and {len(values) - _SHOW} more" if len(values) > _SHOW else ""
    return shown + more


def _dated(rows: pd.Index, dates: pd.Series) -> str:
    """A few offending rows as ``line 5 (1999-01-07)``."""
    shown = ", ".join(f"line {int(r) + 2} ({dates[r].date()})" for r in rows[:_SHOW])
    more = f" and {len(rows) - _SHOW} more" if len(rows) > _SHOW else ""
    return shown + more


def _column(raw: pd.DataFrame, column: Any, argument: str, where: str) -> pd.Series:
    """The column named ``column`` as stripped strings, or an error listing the columns present."""
    if not isinstance(column, str):
        raise TypeError(f"{argument} must be a column name (str), got {type(column).__name__}.")
    if column in raw.columns:
        return raw[column].astype(str).str.strip()
    present = [str(c) for c in raw.columns]
    folded = {c.strip().lower(): c for c in present}
    guess = folded.get(column.strip().lower()) or next(
        iter(difflib.get_close_matches(column, present, n=1, cutoff=0.5)), None
    )
    hint = (
        f"Did you mean {guess!r}? Pass {argument}={guess!r}."
        if guess
        else f"Pass {argument}= the name of one of them."
    )
    raise ValueError(f"{where} has no column {column!r}; its columns are {present}. {hint}")


def _parse_dates(text: pd.Series, column: str, where: str, date_format: str | None) -> pd.Series:
    """The date column parsed, or an error naming the first values that are not dates."""
    missing = text.index[text.str.lower().isin(_NA_STRINGS)]
    if len(missing):
        raise ValueError(
            f"the date column {column!r} of {where} is empty on {len(missing)} "
            f"row{'s' if len(missing) > 1 else ''} ({_lines(missing)}): give every row its date, "
            "or drop the rows that have none."
        )
    digits = text.str.fullmatch(r"[+-]?\d+(\.0*)?")
    yyyymmdd = text.str.fullmatch(r"(1[89]|2[01])\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
    if date_format is None and digits.all() and not yyyymmdd.all():
        raise ValueError(
            f"the date column {column!r} of {where} holds plain numbers, not dates "
            f"({_examples(text)}). Read as dates, integers count nanoseconds (or seconds) since "
            "1970-01-01, so every row would land in 1970: YYYYMM values such as 199901 become "
            "1970-01-01 00:00:00.000199901. Convert them first, e.g. "
            "pd.to_datetime(df[col].astype(str), format='%Y%m') for YYYYMM or unit='s' for Unix "
            "seconds, and write the dates as YYYY-MM-DD (or pass date_format='%Y%m')."
        )
    if date_format is None and yyyymmdd.all():
        date_format = "%Y%m%d"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format": we report below
        try:
            dates = pd.to_datetime(text, format=date_format, errors="coerce")
        except (ValueError, TypeError) as error:  # e.g. dates with mixed time zones
            raise ValueError(
                f"the date column {column!r} of {where} could not be read as dates ({error}); "
                "write the dates as YYYY-MM-DD."
            ) from error
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)  # the local calendar day of each row
    bad = text[dates.isna()]
    if len(bad):
        hint = (
            f"check date_format={date_format!r} against these values"
            if date_format
            else "write the dates as YYYY-MM-DD, or pass date_format (e.g. date_format='%d/%m/%Y' "
            "for day-first dates)"
        )
        raise ValueError(
            f"the date column {column!r} of {where} holds "
            f"{_count(len(bad), 'a value that is not a date', 'values that are not dates')}: "
            f"{_examples(bad)}; {hint}."
        )
    epoch = dates.index[dates.dt.normalize() == pd.Timestamp("1970-01-01")]
    if len(epoch) > 1:
        raise ValueError(
            f"{len(epoch)} rows of the date column {column!r} of {where} fall on 1970-01-01 "
            f"({_examples(text[epoch])}): these are numbers read as time since the 1970 epoch "
            "(a YYYYMM integer such as 199901 read as nanoseconds), not dates. Convert the "
            "original numbers with pd.to_datetime(df[col].astype(str), format='%Y%m') (or the "
            "format they have) and write the dates as YYYY-MM-DD."
        )
    return dates


def _check_order(dates: pd.Series, column: str, where: str) -> None:
    """Dates strictly increasing: first the order, then the duplicates."""
    values = dates.to_numpy()
    back = np.flatnonzero(values[1:] < values[:-1])
    if back.size:
        i = back[0]
        before, after = dates.index[i], dates.index[i + 1]
        raise ValueError(
            f"the dates of {where} are not in increasing order: line {int(after) + 2} "
            f"({dates[after].date()}) comes after line {int(before) + 2} "
            f"({dates[before].date()}), a later day ({back.size} such step"
            f"{'s' if back.size > 1 else ''} back in all). Sort the rows by date, oldest first, "
            f"e.g. df.sort_values({column!r}); many vendors export the newest day first."
        )
    repeated = dates[dates.duplicated(keep=False)]
    if len(repeated):
        groups = repeated.groupby(repeated).groups
        shown = "; ".join(
            f"{day.date()} ({_lines(pd.Index(rows))})" for day, rows in list(groups.items())[:_SHOW]
        )
        more = f" and {len(groups) - _SHOW} more" if len(groups) > _SHOW else ""
        raise ValueError(
            f"{_count(len(groups), 'a date', 'dates')} of {where} "
            f"{'appear' if len(groups) > 1 else 'appears'} more than once: {shown}{more}. "
            "Keep one row per day, e.g. "
            f"df.drop_duplicates({column!r}, keep='last'), after checking which row is right."
        )


def _numbers(
    text: pd.Series, dates: pd.Series, column: str, where: str, what: str, fill: str
) -> pd.Series:
    """The column as floats, or an error naming the rows that are not numbers or are missing."""
    missing = text.str.lower().isin(_NA_STRINGS)
    values = pd.to_numeric(text.where(~missing), errors="coerce")
    garbled = text[values.isna() & ~missing]
    if len(garbled):
        raise ValueError(
            f"the {what} column {column!r} of {where} holds "
            f"{_count(len(garbled), 'a value that is not a number', 'values that are not numbers')}"
            f": {_examples(garbled)}. "
            "Remove thousands separators, currency signs and units so that each value is a plain "
            "number such as 1234.5 (in pandas, df[col].str.replace(',', '') before writing the "
            "CSV)."
        )
    absent = values.index[~np.isfinite(values.to_numpy(dtype=float))]
    if len(absent):
        raise ValueError(
            f"the {what} column {column!r} of {where} is empty, NaN or infinite on {len(absent)} "
            f"row{'s' if len(absent) > 1 else ''}: {_dated(absent, dates)}. Drop those rows, or "
            f"fill them ({fill})."
        )
    return values.astype(float)


def _open(source: Any) -> tuple[Any, str]:
    """What pandas reads, and how the messages call it."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            what = "a folder, not a file" if path.is_dir() else "no such file"
            raise FileNotFoundError(
                f"cannot read prices from {str(path)!r}: {what} (absolute path "
                f"{path.resolve()}). Check the path; a relative path starts from the working "
                f"directory {Path.cwd()}."
            )
        return path, repr(str(source))
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        return source, repr(str(name)) if name else "the CSV"
    raise TypeError(
        "source must be the path of a CSV file (str or pathlib.Path) or an open file, got "
        f"{type(source).__name__}."
    )


def load_prices(
    source: str | os.PathLike[str] | IO[str],
    *,
    date_column: str = "date",
    price_column: str = "price",
    volume_column: str | None = None,
    min_rows: int = MIN_ROWS,
    date_format: str | None = None,
) -> pd.DataFrame:
    """Read daily prices from a CSV, checked row by row, for the book's honest pipeline.

    Any CSV with a header, a date column and a price column will do (other columns are ignored).
    Every problem is a ``ValueError`` (``FileNotFoundError`` for a missing file, ``TypeError`` for
    an argument of the wrong kind) whose message names the problem, where it is (line numbers of
    the file, line 1 being the header, and the first few offending values or dates) and the fix:
    a missing column (with the columns present and the closest name), empty or unparseable dates,
    numbers where dates should be (integers such as 199901 would be read as time since 1970),
    dates out of order or repeated, prices that are missing, not numbers or not positive, volumes
    that are missing or negative, and fewer rows than ``min_rows``. Nothing is changed silently,
    except that wholly blank lines are skipped and the spaces around a value are stripped.
    Nothing is written anywhere.

    Parameters
    ----------
    source : str, path or file-like
        The CSV file, or an open text file (``io.StringIO`` works).
    date_column, price_column : str
        Names of the columns holding the date and the price (a close, adjusted or not).
    volume_column : str, optional
        Name of the volume column, if the result should carry one (``None``: no volume).
    min_rows : int
        The fewest rows accepted; :data:`MIN_ROWS` (750, about three years) by default, the least
        that leaves training, validation and test a few hundred days each.
    date_format : str, optional
        A ``strftime`` format for the dates (e.g. ``"%d/%m/%Y"``); by default it is inferred from
        the first date (YYYY-MM-DD and YYYYMMDD are read as such).

    Returns
    -------
    pandas.DataFrame
        Indexed by a ``DatetimeIndex`` named ``"date"``, strictly increasing, with the float column
        ``price`` (and ``volume`` if ``volume_column`` is given).

    Examples
    --------
    >>> import io
    >>> csv = "Day,Close\\n2024-01-02,101.5\\n2024-01-03,102.0\\n2024-01-04,100.25\\n"
    >>> prices = load_prices(io.StringIO(csv), date_column="Day", price_column="Close", min_rows=3)
    >>> prices.index.name, prices.columns.tolist(), prices["price"].tolist()
    ('date', ['price'], [101.5, 102.0, 100.25])
    >>> load_prices(io.StringIO(csv), date_column="Day", price_column="close", min_rows=3)
    Traceback (most recent call last):
    ...
    ValueError: the CSV has no column 'close'; its columns are ['Day', 'Close']. Did you mean 'Close'? Pass price_column='Close'.
    """  # noqa: E501  (a doctest's message is one line)
    reader, where = _open(source)
    min_rows = validate.positive_int(min_rows, "min_rows", hint="the fewest days accepted")
    named = {"date_column": date_column, "price_column": price_column}
    if volume_column is not None:
        named["volume_column"] = volume_column
    if len(set(named.values())) < len(named):
        raise ValueError(f"the columns must differ, got {named}.")
    if date_format is not None and not isinstance(date_format, str):
        raise TypeError(f"date_format must be a str such as '%Y-%m-%d', got {date_format!r}.")
    try:
        raw = pd.read_csv(reader, dtype=str, keep_default_na=False, skip_blank_lines=False)
    except pd.errors.EmptyDataError as error:
        raise ValueError(
            f"{where} is empty: a CSV of prices needs a header line and one line a day."
        ) from error
    except pd.errors.ParserError as error:
        raise ValueError(
            f"{where} is not a well-formed CSV ({error}); check that every line has as many "
            "commas as the header."
        ) from error

    texts = {arg: _column(raw, col, arg, where) for arg, col in named.items()}
    blank = raw.apply(lambda col: col.astype(str).str.strip().eq("")).all(axis=1)
    texts = {arg: text[~blank] for arg, text in texts.items()}

    dates = _parse_dates(texts["date_column"], date_column, where, date_format)
    _check_order(dates, date_column, where)
    columns = {
        "price": _numbers(
            texts["price_column"],
            dates,
            price_column,
            where,
            "price",
            f"df[{price_column!r}].ffill() carries the last price forward: a zero return that day",
        )
    }
    price = columns["price"]
    bad = price.index[price <= 0]
    if len(bad):
        raise ValueError(
            f"the price column {price_column!r} of {where} holds "
            f"{_count(len(bad), 'a price', 'prices')} <= 0: {_examples(price[bad])}. "
            "Log returns need prices above 0: is this a column of returns or price changes? "
            "Pass a column of prices (a close), or drop the rows with bad quotes."
        )
    if volume_column is not None:
        volume = _numbers(
            texts["volume_column"],
            dates,
            volume_column,
            where,
            "volume",
            "with 0 only if nothing traded, or pass volume_column=None to do without volume",
        )
        bad = volume.index[volume < 0]
        if len(bad):
            raise ValueError(
                f"the volume column {volume_column!r} of {where} holds "
                f"{_count(len(bad), 'a negative value', 'negative values')}: "
                f"{_examples(volume[bad])}. A volume counts "
                "shares (or contracts) traded and cannot be negative: check the column, or pass "
                "volume_column=None."
            )
        columns["volume"] = volume

    if len(price) < min_rows:
        span = f", {dates.iloc[0].date()} to {dates.iloc[-1].date()}" if len(price) else ""
        why = (
            "about three years of trading days: a lookback window plus training, validation and "
            "test periods of a few hundred days each"
        )
        asked = (
            f"MIN_ROWS = {MIN_ROWS}, {why}"
            if min_rows == MIN_ROWS
            else f"min_rows={min_rows}; the default, MIN_ROWS = {MIN_ROWS}, is {why}"
        )
        raise ValueError(
            f"{where} has {len(price)} rows of prices{span}; the book's pipeline needs at least "
            f"{min_rows} ({asked}). Use a longer history, or pass "
            f"min_rows={max(len(price), 1)} knowing that so short a test period cannot tell skill "
            "from luck."
        )
    frame = pd.DataFrame({name: values.to_numpy() for name, values in columns.items()})
    frame.index = pd.DatetimeIndex(dates.to_numpy(), name="date")
    return frame


# --------------------------------------------------------------------------- features and target


def _check_prices(prices: Any, name: str = "prices") -> pd.DataFrame:
    """A frame of :func:`load_prices` or :func:`sp500`: a ``price`` column, positive and finite,
    on strictly increasing dates.
    """
    if not isinstance(prices, pd.DataFrame):
        raise TypeError(
            f"{name} must be a pandas DataFrame with a 'price' column (from load_prices or "
            f"sp500), got {type(prices).__name__}."
        )
    if "price" not in prices.columns:
        raise ValueError(
            f"{name} has no 'price' column (its columns: {prices.columns.tolist()}); load it with "
            "load_prices or sp500, or rename its price column to 'price'."
        )
    if not (prices.index.is_monotonic_increasing and prices.index.is_unique):
        raise ValueError(
            f"the dates of {name} must be strictly increasing (sorted, one row per day): sort "
            "them with .sort_index() and drop repeated days, or load the prices with load_prices."
        )
    for column in ("price", "volume", "high", "low"):
        if column in prices.columns:
            check_finite(f"{name}[{column!r}]", prices[column].to_numpy(dtype=float))
    if (prices["price"] <= 0).any():
        raise ValueError(f"{name}['price'] holds prices <= 0; log returns need positive prices.")
    return prices


def stationary_features(prices: pd.DataFrame) -> pd.DataFrame:
    """The book's stationary features of a real price history, unscaled and free of look-ahead.

    A price level wanders (its mean and spread change over the years), so a model fit on one
    decade meets levels it has never seen in the next (chapters 3 and 6). These transforms do not
    wander:

    ``log_return``
        Today's log return, ``log(price[t] / price[t-1])``, always the first column (other code
        finds the persistence forecast's column by this name).
    ``relative_log_volume`` (if ``prices`` has ``volume``)
        ``log(volume[t])`` minus the mean of log volume over the previous ``VOLUME_WINDOW`` (20)
        days: how unusual today's activity is. Raw volume trends up for decades (the S&P 500's
        grew sevenfold from 1999 to 2009); its ratio to the last month does not.
    ``log_range`` (if ``prices`` has ``high`` and ``low``)
        ``log(high[t] / low[t])``, the day's high-low range: a volatility proxy (Parkinson, 1980)
        that clusters as volatility does but has a stable mean.

    Each value on day ``t`` uses only days up to ``t`` (trailing windows only), so changing any
    later row changes nothing on or before ``t``. The leading rows whose window is not full
    (1 day for the return, ``VOLUME_WINDOW`` for the volume) are dropped, so nothing is NaN.

    Parameters
    ----------
    prices : pandas.DataFrame
        From :func:`load_prices` or :func:`sp500`: a positive ``price`` column on strictly
        increasing dates, optionally ``volume`` (> 0), ``high`` and ``low``.

    Returns
    -------
    pandas.DataFrame
        On the dates of ``prices`` minus the leading ones.

    Examples
    --------
    >>> idx = pd.bdate_range("2024-01-01", periods=4, name="date")
    >>> f = stationary_features(pd.DataFrame({"price": [100.0, 110.0, 99.0, 99.0]}, index=idx))
    >>> f.columns.tolist(), f.index[0].date().isoformat(), f["log_return"].round(4).tolist()
    (['log_return'], '2024-01-02', [0.0953, -0.1054, 0.0])
    """
    _check_prices(prices)
    log_price = np.log(prices["price"].astype(float))
    features = {"log_return": log_price.diff()}
    if "volume" in prices.columns:
        volume = prices["volume"].astype(float)
        if (volume <= 0).any():
            first = volume.index[volume <= 0][0]
            raise ValueError(
                f"prices['volume'] is 0 or less on {int((volume <= 0).sum())} days (the first: "
                f"{first:%Y-%m-%d}); its log is undefined. Drop the volume column (or load without "
                "volume_column) when nothing trades, or drop those days."
            )
        log_volume = np.log(volume)
        baseline = log_volume.rolling(VOLUME_WINDOW).mean().shift(1)
        features["relative_log_volume"] = log_volume - baseline
    if {"high", "low"} <= set(prices.columns):
        high, low = prices["high"].astype(float), prices["low"].astype(float)
        if ((low <= 0) | (high < low)).any():
            raise ValueError(
                "prices['high'] and prices['low'] must satisfy 0 < low <= high on every day; "
                "drop the high and low columns or fix those days."
            )
        features["log_range"] = np.log(high / low)
    frame = pd.DataFrame(features, index=prices.index)
    complete = frame.notna().all(axis=1).to_numpy()
    return frame.iloc[int(complete.argmax()) if complete.any() else len(frame) :]


def next_return(prices: pd.DataFrame, horizon: int = 1) -> pd.Series:
    """The target: the log return over the next ``horizon`` days, on each day's row.

    The value on day ``t`` is ``log(price[t + horizon] / price[t])``: it starts after day ``t``
    closes, so a window that ends on day ``t`` never contains it. The last ``horizon`` days, whose
    future is not in the data, are NaN; the index is that of ``prices``. With ``horizon > 1`` the
    targets of neighbouring days overlap (they share ``horizon - 1`` days), which the splits must
    purge (chapter 4).

    >>> idx = pd.bdate_range("2024-01-01", periods=4, name="date")
    >>> prices = pd.DataFrame({"price": [100.0, 110.0, 121.0, 133.1]}, index=idx)
    >>> next_return(prices, horizon=2).round(4).tolist()
    [0.1906, 0.1906, nan, nan]
    """
    _check_prices(prices)
    horizon = validate.positive_int(horizon, "horizon", hint="days of the future the target spans")
    if horizon >= len(prices):
        raise ValueError(
            f"horizon={horizon} leaves no day with a known future in {len(prices)} days: use a "
            "shorter horizon or more days."
        )
    log_price = np.log(prices["price"].astype(float))
    return (log_price.shift(-horizon) - log_price).rename(f"next_return_{horizon}d")


# --------------------------------------------------------------------------- stylised facts


def stylised_facts(returns: pd.Series) -> pd.Series:
    """The stylised facts of daily returns, measured: what a real market looks like.

    NaN values (the first day's return, say) are dropped first. The facts:

    - ``days``: the number of returns;
    - ``up_share``: the share of days with a return above 0 (the majority class of an up/down
      classifier, chapter 2; a day with no change counts as not up);
    - ``mean``, ``sd``: daily mean and standard deviation;
    - ``annual_mean``, ``annual_vol``: the same over a year of 252 trading days (``mean * 252``,
      ``sd * sqrt(252)``);
    - ``skewness``, ``excess_kurtosis``: fat tails show as an excess kurtosis far above 0 (the
      normal's); pandas' bias-corrected estimators;
    - ``acf1``: the lag-1 autocorrelation of returns, near 0 in a liquid market (what a return
      model has to work with);
    - ``abs_acf1``: the lag-1 autocorrelation of absolute returns, clearly positive: volatility
      clusters, so the size of tomorrow's move is predictable where its sign is not;
    - ``abs_acf_sum_20``: the sum of the autocorrelations of absolute returns over lags 1-20 (near
      0 for independent returns; large when volatility is persistent).

    Autocorrelations are ``pandas.Series.autocorr`` (the correlation of the series with its lag).

    >>> rng = np.random.default_rng(0)
    >>> facts = stylised_facts(pd.Series(rng.standard_normal(5000) * 0.01))
    >>> facts.index.tolist()[:4]
    ['days', 'up_share', 'mean', 'sd']
    >>> round(float(facts["annual_vol"]), 2), abs(float(facts["excess_kurtosis"])) < 0.2
    (0.16, True)
    """
    if not isinstance(returns, pd.Series):
        raise TypeError(f"returns must be a pandas Series, got {type(returns).__name__}.")
    r = returns.astype(float).dropna()
    check_finite("returns", r.to_numpy())
    if len(r) < 30:
        raise ValueError(
            f"returns has {len(r)} values besides NaN; stylised facts need at least 30 (the "
            "autocorrelations reach lag 20): pass a longer series."
        )
    absolute = r.abs()
    facts = {
        "days": float(len(r)),
        "up_share": float((r > 0).mean()),
        "mean": r.mean(),
        "sd": r.std(),
        "annual_mean": r.mean() * 252,
        "annual_vol": r.std() * np.sqrt(252),
        "skewness": r.skew(),
        "excess_kurtosis": r.kurt(),
        "acf1": r.autocorr(1),
        "abs_acf1": absolute.autocorr(1),
        "abs_acf_sum_20": float(np.nansum([absolute.autocorr(lag) for lag in range(1, 21)])),
    }
    return pd.Series(facts, name=returns.name or "returns", dtype=float)


# --------------------------------------------------------------------------- the example CSV


def write_example_csv(path: str | os.PathLike[str]) -> Path:
    """Write the S&P 500 of :func:`sp500` as the example CSV ``date,close,volume``; return the path.

    Dates are ISO (``1999-01-04``), prices are written in the shortest form that reads back to the
    same float (as ``arch`` stores them, six decimals), volumes as integers, lines end in ``\\n``:
    the file is the same byte for byte on every machine. It is written to a temporary file in the
    same folder and then renamed over ``path``, so a reader never sees half a file and an error
    leaves nothing behind. :data:`EXAMPLE_CSV` is this file, shipped with the package.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or pathlib.Path, got {type(path).__name__}.")
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"the folder {path.parent} does not exist: create it first.")
    data = sp500()
    frame = pd.DataFrame(
        {
            "date": data.index.strftime("%Y-%m-%d"),
            "close": data["price"].to_numpy(),
            "volume": data["volume"].to_numpy().round().astype(np.int64),
        }
    )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", newline="") as out:
            frame.to_csv(out, index=False, lineterminator="\n")
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the example is for everyone
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
