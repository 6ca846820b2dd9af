"""Keyed, per-patient date shifting that keeps every interval of one patient exact.

A patient's offset is HMAC(key, "date-shift" + normalised patient ID) mapped onto a range of whole
days (default -365..-1), plus a time-of-day offset in seconds from the same construction. The same
key and patient ID give the same offsets in DICOM headers and EHR tables, in every run.

Dates move by whole days. Times of day move by the seconds offset (modulo 24 h) and date-times by
both, so intervals between a patient's dates are exact in days and intervals between times of one
day are exact to the second (unless the shift wraps past midnight).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from medprivacy.keys import Key, normalize_id

DEFAULT_DAYS = (-365, -1)
SECONDS_PER_DAY = 86_400


def date_offset(key: Key, patient_id: str, days: tuple[int, int] = DEFAULT_DAYS) -> int:
    """The patient's offset in whole days, uniform on ``days`` (inclusive)."""
    low, high = days
    if low > high:
        raise ValueError("date shift range: minimum above maximum")
    n = int.from_bytes(key.digest("date-shift", normalize_id(patient_id))[:8], "big")
    return low + n % (high - low + 1)


def time_offset(key: Key, patient_id: str) -> int:
    """The patient's time-of-day offset in seconds (0..86399)."""
    n = int.from_bytes(key.digest("time-shift", normalize_id(patient_id))[:8], "big")
    return n % SECONDS_PER_DAY


def shift_date(value: str, days: int) -> str | None:
    """Shift a DICOM DA (YYYYMMDD, or a range A-B) by ``days``; None if it is not a date or the
    shift leaves years 1-9999."""
    value = value.strip()
    if "-" in value:
        parts = [shift_date(p, days) if p else "" for p in value.split("-", 1)]
        return None if None in parts else "-".join(p or "" for p in parts)
    if len(value) == 10 and value[4] == value[7] == ".":  # ACR-NEMA style YYYY.MM.DD
        value = value.replace(".", "")
    try:
        day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None
    if len(value) != 8:
        return None
    try:
        return _da(day + timedelta(days=days))
    except OverflowError:  # before year 1 (or after 9999): not representable
        return None


def _da(day: date) -> str:
    """YYYYMMDD, zero-padded below year 1000 too (strftime's %Y is not, on glibc)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _split_time(value: str) -> tuple[int, str] | None:
    """(seconds of day, fraction suffix) of a DICOM TM value; partial times count from zero."""
    value = value.strip().replace(":", "")
    whole, dot, fraction = value.partition(".")
    if not whole.isdigit() or len(whole) not in (2, 4, 6):
        return None
    hh, mm, ss = int(whole[0:2]), int(whole[2:4] or 0), int(whole[4:6] or 0)
    if hh > 23 or mm > 59 or ss > 60:
        return None
    return hh * 3600 + mm * 60 + min(ss, 59), (dot + fraction if fraction.isdigit() else "")


def shift_time(value: str, seconds: int) -> str | None:
    """Shift a DICOM TM by ``seconds`` modulo 24 h; None if it is not a time."""
    parsed = _split_time(value)
    if parsed is None:
        return None
    t, fraction = parsed
    t = (t + seconds) % SECONDS_PER_DAY
    return f"{t // 3600:02d}{t % 3600 // 60:02d}{t % 60:02d}{fraction}"


def shift_datetime(value: str, days: int, seconds: int) -> str | None:
    """Shift a DICOM DT by ``days`` and ``seconds``; keeps fraction and UTC offset suffix.

    A DT with only a year or month cannot be shifted by days, nor one the shift moves before
    year 1: None (the caller blanks it).
    """
    value = value.strip()
    zone = ""
    for sign in "+-":
        if sign in value[8:]:
            i = value.index(sign, 8)
            value, zone = value[:i], value[i:]
    whole, dot, fraction = value.partition(".")
    if not whole.isdigit() or len(whole) < 8 or len(whole) % 2:
        return None
    try:
        stamp = datetime.strptime(whole[:8], "%Y%m%d")
        if len(whole) > 8:
            parsed = _split_time(whole[8:].ljust(6, "0")[:6])
            if parsed is None:
                return None
            stamp += timedelta(seconds=parsed[0] + seconds)
        stamp += timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    text = _da(stamp) + ("" if len(whole) == 8 else stamp.strftime("%H%M%S"))
    return text + (dot + fraction if fraction else "") + zone
