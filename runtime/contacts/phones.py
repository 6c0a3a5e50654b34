"""Phone numbers: validated with ``phonenumbers``, stored in E.164 (``+79161234567``).

``phonenumbers.is_valid_number`` is most of the cost of a big import (10-25 µs a number):
it finds the number's region and then tries up to ten number-type patterns one by one
through several layers of calls. :func:`is_valid` answers the same question from the same
metadata with the patterns compiled once per region, mobile first (what marketing lists
mostly hold). It only ever answers True on its own; every other case is handed to
``phonenumbers.is_valid_number``, so an invalid number is always phonenumbers' verdict.
Property tests compare both on random numbers of every country code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumber, PhoneNumberFormat


class FieldError(ValueError):
    """A field value is not valid; ``str(error)`` is the reason shown to the user."""


# The number-type descriptions of a region, mobile first; validity = general + any of them.
_TYPE_DESCS = ("mobile", "fixed_line", "premium_rate", "toll_free", "shared_cost", "voip",
               "personal_number", "pager", "uan", "voicemail")

_Matcher = tuple[frozenset[int], Callable[[str], object]]


def _matcher(desc: object) -> _Matcher | None:
    """(possible lengths, fullmatch) of a PhoneNumberDesc, or None when it matches nothing."""
    pattern = getattr(desc, "national_number_pattern", None) if desc is not None else None
    if not pattern:
        return None
    return frozenset(getattr(desc, "possible_length", None) or ()), re.compile(pattern).fullmatch


def _matches(matcher: _Matcher | None, nsn: str) -> bool:
    if matcher is None:
        return False
    lengths, fullmatch = matcher
    if lengths and len(nsn) not in lengths:
        return False
    return fullmatch(nsn) is not None


#: (general, type matchers, leading-digits match) of a region
_Rules = tuple[_Matcher | None, tuple[_Matcher, ...], Callable[[str], object] | None]


@cache
def _region_rules(region: str) -> _Rules | None:
    """(general, type matchers, leading-digits match) of a region, compiled once."""
    metadata = PhoneMetadata.metadata_for_region(region, None)
    if metadata is None:
        return None
    types = []
    for name in _TYPE_DESCS:
        if name == "mobile" and metadata.same_mobile_and_fixed_line_pattern:
            continue  # phonenumbers only looks at fixed_line then; mobile must not add anything
        matcher = _matcher(getattr(metadata, name))
        if matcher is not None:
            types.append(matcher)
    leading = re.compile(metadata.leading_digits).match if metadata.leading_digits is not None else None
    return _matcher(metadata.general_desc), tuple(types), leading


def _has_type(rules: _Rules, nsn: str) -> bool:
    general, types, _ = rules
    return _matches(general, nsn) and any(_matches(matcher, nsn) for matcher in types)


def is_valid(number: PhoneNumber) -> bool:
    """Exactly ``phonenumbers.is_valid_number(number)``, faster for ordinary numbers."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(number.country_code or 0)
    if not regions or regions[0] == phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY or number.italian_leading_zero:
        return phonenumbers.is_valid_number(number)
    nsn = str(number.national_number)
    # The region phonenumbers would pick: the first whose leading digits match, or (without
    # a leading-digits rule) for which the number has a type.
    for region in regions:
        rules = _region_rules(region)
        if rules is None:
            continue
        leading = rules[2]
        if leading is not None:
            if leading(nsn):
                return _has_type(rules, nsn) or phonenumbers.is_valid_number(number)
        elif _has_type(rules, nsn):
            return True
        if len(regions) == 1:
            break
    return phonenumbers.is_valid_number(number)


_E164_RE = re.compile(r"\+([1-9]\d{6,14})\Z")
_PHONE_CHARS_RE = re.compile(r"[\d\s()+\-./]+\Z")
_SEPARATORS_RE = re.compile(r"[\s()\-./]+")
_COUNTRY_CODES = frozenset(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)


@cache
def _prefix_matchers(code: int) -> tuple[Callable[[str], object], ...]:
    """The national-prefix-for-parsing patterns of a country code's regions, compiled once."""
    matchers = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code, ()):
        metadata = PhoneMetadata.metadata_for_region(region, None)
        pattern = getattr(metadata, "national_prefix_for_parsing", None) if metadata is not None else None
        if pattern:
            matchers.append(re.compile(pattern).match)
    return tuple(matchers)


def _may_strip_prefix(code: int, rest: str) -> bool:
    """True when ``phonenumbers.parse`` might strip a national prefix from ``rest`` even after a
    ``+`` (it does whenever what remains still looks like a number: +375 810... becomes +375 10...)."""
    return any(match(rest) for match in _prefix_matchers(code))


def _fast_e164(text: str) -> str | None:
    """``text`` itself when it is a valid E.164 number, else None (caller does the full parse).

    A ``+`` number whose digits cannot start with a national prefix is never re-interpreted by
    ``phonenumbers.parse``, so building the number from its country code and digits gives the
    same answer without parsing; anything that might start with one takes the full parse.
    """
    match = _E164_RE.match(text)
    if match is None:
        return None
    digits = match.group(1)
    for size in (1, 2, 3):  # country codes are prefix-free, 1-3 digits
        code = int(digits[:size])
        if code in _COUNTRY_CODES:
            rest = digits[size:]
            if not rest or rest[0] == "0" or _may_strip_prefix(code, rest):
                return None  # leading zeros and national prefixes need phonenumbers' own handling
            return text if is_valid(PhoneNumber(country_code=code, national_number=int(rest))) else None
    return None


def check_region(region: str | None) -> str | None:
    """Return ``region`` upper-cased if phonenumbers knows it (``RU``, ``CN``); FieldError otherwise."""
    if region is None or region == "":
        return None
    code = region.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise FieldError(f"unknown phone region {region!r} (use a two-letter country code such as RU, CN, US)")
    return code


def normalize_phone(raw: str, region: str | None = None) -> str:
    """The phone number ``raw`` in E.164 (``+79161234567``).

    ``region`` (``RU``) is used for numbers written without ``+``; without it such numbers are
    rejected because their country cannot be known.
    """
    text = raw.strip()
    fast = _fast_e164(text)
    if fast is not None:
        return fast
    if not _PHONE_CHARS_RE.match(text):
        raise FieldError(f"phone {raw!r} contains characters that are not part of a phone number")
    international = text.startswith("+")
    if international:  # "+86 139 1234 5678": the same number as its digits, if valid as written
        fast = _fast_e164("+" + _SEPARATORS_RE.sub("", text[1:]))
        if fast is not None:
            return fast
    if not international and region is None:
        raise FieldError(
            f"phone {raw!r} has no country code: write it as +<country code>... "
            "or set the project's default region (--region)"
        )
    try:
        number = phonenumbers.parse(text, None if international else region)
    except NumberParseException as exc:
        raise FieldError(f"phone {raw!r} is not a phone number ({exc._msg})") from None
    if not is_valid(number):
        where = f" for region {region}" if region and not international else ""
        raise FieldError(f"phone {raw!r} is not a valid phone number{where}")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
