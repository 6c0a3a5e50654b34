"""Field validation: phones (E.164), emails, time zones, birthdays, attributes, tags.

The fast paths for phones and emails must give exactly what phonenumbers / email-validator
give; property tests compare them on generated input.
"""

from __future__ import annotations

from datetime import date

import phonenumbers
import pytest
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.contacts import phones
from runtime.contacts.normalize import (
    FieldError,
    check_region,
    normalize_birthday,
    normalize_email,
    normalize_phone,
    normalize_telegram_chat_id,
    normalize_timezone,
    parse_attribute_value,
    split_tags,
)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+79161234567", None, "+79161234567"),
        ("+7 (916) 123-45-67", None, "+79161234567"),
        ("8 (916) 123-45-67", "RU", "+79161234567"),
        ("8 916 123 45 67", "RU", "+79161234567"),
        ("+86 139 1234 5678", None, "+8613912345678"),
        ("139 1234 5678", "CN", "+8613912345678"),
        ("+44 (0) 7911 123456", None, "+447911123456"),
        ("(415) 555-2671", "US", "+14155552671"),
    ],
)
def test_phones_are_stored_in_e164(raw: str, region: str | None, expected: str) -> None:
    assert normalize_phone(raw, region) == expected


def test_phone_without_country_code_needs_a_region() -> None:
    with pytest.raises(FieldError, match="no country code"):
        normalize_phone("8 916 123 45 67", None)


@pytest.mark.parametrize("raw", ["+7916123", "+79161234567890", "12345", "+999123456789", "phone me", "8 800"])
def test_bad_phones_are_rejected(raw: str) -> None:
    with pytest.raises(FieldError, match="phone"):
        normalize_phone(raw, "RU")


def test_unknown_region_is_rejected() -> None:
    assert check_region("ru") == "RU"
    assert check_region(None) is None
    with pytest.raises(FieldError, match="unknown phone region 'XX'"):
        check_region("XX")


COUNTRY_CODES = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


@settings(max_examples=3000, deadline=None)
@given(code=st.sampled_from(COUNTRY_CODES), rest=st.integers(min_value=10**5, max_value=10**12))
def test_fast_validity_equals_phonenumbers(code: int, rest: int) -> None:
    number = phonenumbers.PhoneNumber(country_code=code, national_number=rest)
    assert phones.is_valid(number) == phonenumbers.is_valid_number(number)


# Mostly valid numbers: the real prefixes of the countries FlowCanvas users write to.
_PREFIXES = ["+79", "+7701", "+7727", "+8613", "+8615", "+8618", "+1212", "+1415", "+1416", "+1787", "+447",
             "+4420", "+49151", "+3906", "+3933", "+852", "+8869", "+971", "+61", "+380", "+375", "+998"]


@settings(max_examples=3000, deadline=None)
@given(prefix=st.sampled_from(_PREFIXES), tail=st.text("0123456789", min_size=4, max_size=10))
def test_fast_e164_path_equals_full_parse(prefix: str, tail: str) -> None:
    text = prefix + tail
    try:
        parsed = phonenumbers.parse(text, None)
        expected = (
            phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(parsed)
            else None
        )
    except phonenumbers.NumberParseException:
        expected = None
    try:
        got = normalize_phone(text, None)
    except FieldError:
        got = None
    assert got == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("anna@example.com", "anna@example.com"),
        ("  Anna.Petrova@Mail.RU ", "Anna.Petrova@mail.ru"),
        ("wei@163.com", "wei@163.com"),
        ("Info@Example.com", "info@example.com"),
        ("иван@пример.рф", "иван@пример.рф"),
    ],
)
def test_emails_are_normalised(raw: str, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["no-at-sign", "a@b", "a..b@example.com", "a@example.test", "a@localhost", "@x.com"])
def test_bad_emails_are_rejected(raw: str) -> None:
    with pytest.raises(FieldError, match="email"):
        normalize_email(raw)


@settings(max_examples=3000, deadline=None)
@given(
    local=st.text("abcxyz019._+-", min_size=1, max_size=12),
    domain=st.text("abcxyz019.-", min_size=1, max_size=14),
    tld=st.sampled_from(["com", "ru", "cn", "test", "local", "x", "c0m", "xn--p1ai", "onion", "co-uk"]),
)
def test_fast_email_path_equals_email_validator(local: str, domain: str, tld: str) -> None:
    text = f"{local}@{domain}.{tld}"
    try:
        expected = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = None
    try:
        got = normalize_email(text)
    except FieldError:
        got = None
    assert got == expected


def test_time_zones_are_iana_names() -> None:
    assert normalize_timezone("Europe/Moscow") == "Europe/Moscow"
    assert normalize_timezone(" Asia/Shanghai ") == "Asia/Shanghai"
    assert normalize_timezone("UTC") == "UTC"
    for bad in ("Moscow", "MSK", "+03:00", "../etc/passwd", "europe/moscow"):
        with pytest.raises(FieldError, match="time zone"):
            normalize_timezone(bad)


def test_birthdays_are_real_dates_in_iso_form() -> None:
    today = date(2026, 11, 22)
    assert normalize_birthday("1990-02-28", today) == "1990-02-28"
    for bad in ("1990-02-30", "28.02.1990", "19900228", "1850-01-01", "2027-01-01", "1990-2-3"):
        with pytest.raises(FieldError, match="birthday"):
            normalize_birthday(bad, today)


def test_telegram_chat_ids_are_integers() -> None:
    assert normalize_telegram_chat_id(" 123456789 ") == "123456789"
    assert normalize_telegram_chat_id("-1001234567890") == "-1001234567890"
    with pytest.raises(FieldError, match="telegram_chat_id"):
        normalize_telegram_chat_id("@durov")


def test_attribute_values_numbers_only_when_clearly_numeric() -> None:
    assert parse_attribute_value("42") == 42
    assert parse_attribute_value("-3") == -3
    assert parse_attribute_value("19.90") == 19.9
    assert parse_attribute_value("007") == "007"
    assert parse_attribute_value("01234") == "01234"
    assert parse_attribute_value("+7") == "+7"
    assert parse_attribute_value("1e5") == "1e5"
    assert parse_attribute_value("Москва") == "Москва"


def test_tags_are_split_trimmed_and_deduplicated() -> None:
    assert split_tags(" vip ; newsletter;;vip; ") == ["vip", "newsletter"]
    assert split_tags("") == []


def test_a_number_phonenumbers_reads_with_a_national_prefix_stripped_is_judged_as_it_would_be() -> None:
    """+375 810 ... (Belarus): phonenumbers strips the national prefix 8 even after the + and finds
    the rest invalid; the fast path must not call it valid as written."""
    with pytest.raises(FieldError):
        normalize_phone("+3758103434954", None)
