"""Contacts CSV import: good rows in, bad rows reported by line, bad files refused whole."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from runtime.clock import UTC, VirtualClock
from runtime.contacts.importer import import_contacts_csv
from runtime.contacts.lookup import contact_details, get_contact
from runtime.contacts.settings import DEFAULT_REGION_KEY, DEFAULT_TIMEZONE_KEY
from runtime.storage.settings import set_setting
from runtime.errors import InputError
from runtime.storage.db import Project, open_project
from runtime.storage.models import Contact, Tag, TagLog

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
HEADER = "id,email,phone,telegram_chat_id,whatsapp,first_name,last_name,timezone,birthday,tags,city,total_orders\n"


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock(NOW)


def write(tmp_path: Path, text: str, name: str = "contacts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def count(project: Project, model: type) -> int:
    with project.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_good_rows_are_imported_with_every_field(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER
                 + "c1,Anna@Mail.RU,+7 916 123-45-67,123456789,+79161234567,Анна,Иванова,Europe/Moscow,1990-05-17,"
                 "vip;newsletter,Москва,12\n"
                 + "c2,wei@163.com,+86 139 1234 5678,,,伟,王,Asia/Shanghai,,lead,北京,007\n")
    result = import_contacts_csv(project, path, clock)
    assert (result.created, result.updated, result.errors) == (2, 0, [])
    with project.session() as session:
        anna = get_contact(session, "c1")
        assert (anna.email, anna.phone, anna.whatsapp, anna.telegram_chat_id) == (
            "Anna@mail.ru", "+79161234567", "+79161234567", "123456789")
        assert (anna.first_name, anna.last_name, anna.timezone, anna.birthday) == (
            "Анна", "Иванова", "Europe/Moscow", "1990-05-17")
        assert anna.attributes == {"city": "Москва", "total_orders": 12}
        assert anna.created_at == NOW
        details = contact_details(session, anna)
        assert details["tags"] == ["newsletter", "vip"]
        assert {(h["tag"], h["action"], h["by"]) for h in details["tag_history"]} == {
            ("vip", "add", "import"), ("newsletter", "add", "import")}
        assert details["tag_history"][0]["reason"] == "imported from contacts.csv line 2"
        assert details["channels"]["email"] == "subscribed"
        wei = get_contact(session, "c2")
        assert wei.attributes == {"city": "北京", "total_orders": "007"}  # leading zero: kept as text
        assert wei.timezone == "Asia/Shanghai"


def test_bad_phone_on_line_7_and_bad_email_on_line_9_are_reported_rest_imported(
    project: Project, clock: VirtualClock, tmp_path: Path
) -> None:
    rows = [f"c{n},user{n}@example.com,+791612345{n:02d},,,Name{n},,,,,,\n" for n in range(2, 11)]
    rows[7 - 2] = "c7,user7@example.com,+7 916 12,,,Name7,,,,,,\n"  # line 7: too short
    rows[9 - 2] = "c9,user9@@example,+79161234569,,,Name9,,,,,,\n"  # line 9: invalid email
    path = write(tmp_path, HEADER + "".join(rows))
    result = import_contacts_csv(project, path, clock, default_region="RU")
    assert [error.line for error in result.errors] == [7, 9]
    assert "phone '+7 916 12'" in result.errors[0].reason
    assert "email 'user9@@example'" in result.errors[1].reason
    assert (result.created, result.updated) == (7, 0)
    with project.session() as session:
        ids = set(session.scalars(select(Contact.external_id)))
    assert ids == {"c2", "c3", "c4", "c5", "c6", "c8", "c10"}
    assert result.to_json()["rejected"][0] == {"line": 7, "reason": result.errors[0].reason}


def test_duplicate_id_in_one_file_is_an_error_on_the_second_line(
    project: Project, clock: VirtualClock, tmp_path: Path
) -> None:
    path = write(tmp_path, "id,email\nc1,first@example.com\nc2,two@example.com\nc1,second@example.com\n")
    result = import_contacts_csv(project, path, clock)
    assert len(result.errors) == 1
    assert result.errors[0].line == 4
    assert result.errors[0].reason == "duplicate id 'c1' (first on line 2)"
    with project.session() as session:
        assert get_contact(session, "c1").email == "first@example.com"
    assert result.created == 2


def test_non_utf8_file_is_refused_and_nothing_is_written(
    project: Project, clock: VirtualClock, tmp_path: Path
) -> None:
    path = tmp_path / "cp1251.csv"
    path.write_bytes("id,first_name\nc1,Anna\nc2,Анна\n".encode("cp1251"))
    with pytest.raises(InputError) as excinfo:
        import_contacts_csv(project, path, clock)
    message = str(excinfo.value)
    assert str(path) in message and "not UTF-8" in message
    assert "line 3" in message and "byte offset 25" in message
    assert count(project, Contact) == 0


def test_missing_id_column_and_empty_file_are_refused(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"line 1: no 'id' column \(the header has: email, phone\)"):
        import_contacts_csv(project, write(tmp_path, "email,phone\na@example.com,\n"), clock)
    with pytest.raises(InputError, match="empty file"):
        import_contacts_csv(project, write(tmp_path, "", "empty.csv"), clock)
    with pytest.raises(InputError, match="empty file"):
        import_contacts_csv(project, write(tmp_path, "\n\n", "blank.csv"), clock)
    with pytest.raises(InputError, match="column 'Email' appears twice"):
        import_contacts_csv(project, write(tmp_path, "id,email,Email\n", "twice.csv"), clock)
    with pytest.raises(InputError, match="no such file"):
        import_contacts_csv(project, tmp_path / "missing.csv", clock)
    assert count(project, Contact) == 0


def test_existing_contacts_are_updated_not_duplicated(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    first = write(tmp_path, "id,email,first_name,tags,city,plan\nc1,a@example.com,Anna,vip,Moscow,free\n", "a.csv")
    assert import_contacts_csv(project, first, clock).created == 1
    clock.advance(NOW - NOW.replace(hour=0))
    second = write(tmp_path, "id,email,first_name,tags,city,orders\nc1,new@example.com,,vip;customer,,3\n"
                   "c2,b@example.com,Bob,,,\n", "b.csv")
    result = import_contacts_csv(project, second, clock)
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    assert count(project, Contact) == 2
    with project.session() as session:
        anna = get_contact(session, "c1")
        assert anna.email == "new@example.com"  # non-empty cell overwrites
        assert anna.first_name == "Anna"  # empty cell keeps the stored value
        assert anna.attributes == {"city": "Moscow", "plan": "free", "orders": 3}  # merged
        assert anna.updated_at == clock.now() and anna.created_at == NOW
        history = contact_details(session, anna)["tag_history"]
        # vip was already there: not added (or logged) twice; customer added by the second file
        assert [(h["tag"], h["reason"]) for h in history] == [
            ("vip", "imported from a.csv line 2"), ("customer", "imported from b.csv line 2")]
        assert session.scalar(select(func.count()).select_from(Tag)) == 2


def test_project_default_region_and_time_zone_apply(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    with project.write() as session:
        set_setting(session, DEFAULT_REGION_KEY, "RU")
        set_setting(session, DEFAULT_TIMEZONE_KEY, "Europe/Moscow")
    path = write(tmp_path, "id,phone,timezone\nc1,8 916 123-45-67,\nc2,139 1234 5678,Asia/Shanghai\n")
    result = import_contacts_csv(project, path, clock)
    assert [e.line for e in result.errors] == [3]  # a Chinese mobile is not a Russian number
    result = import_contacts_csv(project, path, clock, default_region="CN")  # explicit region wins
    assert [e.line for e in result.errors] == [2]
    with project.session() as session:
        assert get_contact(session, "c1").phone == "+79161234567"
        assert get_contact(session, "c1").timezone == "Europe/Moscow"
        assert get_contact(session, "c2").phone == "+8613912345678"


def test_numbers_without_country_code_and_no_region_are_rejected(
    project: Project, clock: VirtualClock, tmp_path: Path
) -> None:
    result = import_contacts_csv(project, write(tmp_path, "id,phone\nc1,89161234567\n"), clock)
    assert result.errors[0].line == 2 and "no country code" in result.errors[0].reason


def test_every_problem_of_a_row_is_named(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = write(tmp_path, "id,email,timezone,birthday,telegram_chat_id,email_status\n"
                 ",x,Moscow,31.12.1990,@me,maybe\n")
    reason = import_contacts_csv(project, path, clock).errors[0].reason
    for part in ("id is empty", "email 'x'", "time zone 'Moscow'", "birthday '31.12.1990'",
                 "telegram_chat_id '@me'", "channel status 'maybe'"):
        assert part in reason


def test_wrong_field_count_and_blank_lines(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = write(tmp_path, "id,email\nc1,a@example.com\n\nc2,b@example.com,extra\nc3\n\"c4\",\"d@example.com\"\n")
    result = import_contacts_csv(project, path, clock)
    assert [(e.line, e.reason) for e in result.errors] == [
        (4, "3 fields, but the header has 2 columns"), (5, "1 fields, but the header has 2 columns")]
    assert result.created == 2


def test_line_numbers_count_lines_inside_quoted_cells(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = write(tmp_path, 'id,note,email\nc1,"two\nlines",a@example.com\nc2,ok,bad\n')
    assert [e.line for e in import_contacts_csv(project, path, clock).errors] == [4]


def test_status_columns_and_bom_and_header_case(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffID,Email,Email_Status,Telegram_Status\nc1,a@example.com,unsubscribed,blocked\n".encode())
    assert import_contacts_csv(project, path, clock).errors == []
    with project.session() as session:
        contact = get_contact(session, "c1")
        assert (contact.email_status, contact.telegram_status, contact.sms_status) == (
            "unsubscribed", "blocked", "subscribed")


def test_broken_quoting_nul_bytes_and_utf16_fail_whole_file(
    project: Project, clock: VirtualClock, tmp_path: Path
) -> None:
    quotes = write(tmp_path, 'id,email\nc1,a@example.com\nc2,"b@example.com\n', "quotes.csv")
    with pytest.raises(InputError, match="line 3: broken CSV"):
        import_contacts_csv(project, quotes, clock)
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"id,email\nc1,a@example.com\nc2,\x00\n")
    with pytest.raises(InputError, match="line 3, byte offset 29: NUL byte"):
        import_contacts_csv(project, nul, clock)
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes("id,email\nc1,a@example.com\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16"):
        import_contacts_csv(project, utf16, clock)
    assert count(project, Contact) == 0


def test_tag_log_rows_are_written_once_per_new_tag(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    path = write(tmp_path, "id,tags\nc1,a;b;a\nc2,b\n")
    import_contacts_csv(project, path, clock)
    import_contacts_csv(project, path, clock)
    assert count(project, TagLog) == 3


def test_semicolon_and_tab_separated_files(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    excel_ru = write(tmp_path, "id;email;tags;balance\nc1;a@example.com;\"vip;customer\";1,5\n", "ru.csv")
    assert import_contacts_csv(project, excel_ru, clock).errors == []
    tabs = write(tmp_path, "id\temail\tcity\nc2\tb@example.com\tNew York, NY\n", "tabs.csv")
    assert import_contacts_csv(project, tabs, clock).errors == []
    with project.session() as session:
        first = get_contact(session, "c1")
        assert first.email == "a@example.com"
        assert first.attributes == {"balance": "1,5"}  # a comma decimal stays text
        assert contact_details(session, first)["tags"] == ["customer", "vip"]
        assert get_contact(session, "c2").attributes == {"city": "New York, NY"}


def test_bulk_written_rows_compare_like_orm_rows(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    """The fast write path stores times exactly as the ORM does, so SQL comparisons still work."""
    import_contacts_csv(project, write(tmp_path, "id,tags\nc1,vip\n"), clock)
    with project.write() as session:
        session.add(Contact(external_id="orm", created_at=NOW, updated_at=NOW))
    with project.session() as session:
        same_time = session.scalars(select(Contact.external_id).where(Contact.created_at == NOW)).all()
        assert sorted(same_time) == ["c1", "orm"]
        assert session.scalars(select(TagLog.tag).where(TagLog.at >= NOW)).all() == ["vip"]


def test_equal_numbers_keep_their_type(project: Project, clock: VirtualClock, tmp_path: Path) -> None:
    import_contacts_csv(project, write(tmp_path, "id,a,b\nc1,1,1.0\nc2,1.0,1\n"), clock)
    with project.session() as session:
        assert repr(get_contact(session, "c1").attributes) == "{'a': 1, 'b': 1.0}"
        assert repr(get_contact(session, "c2").attributes) == "{'a': 1.0, 'b': 1}"


GOOD_EMAILS = ["a@example.com", "Wei.Zhang@QQ.com", "иван@пример.рф", ""]
BAD_EMAILS = ["nope", "a@b", "x@@y.com"]
GOOD_PHONES = ["+79161234567", "8 (916) 765-43-21", "+86 139 1234 5678", ""]
BAD_PHONES = ["+7916", "12", "call me"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(GOOD_EMAILS + BAD_EMAILS), st.sampled_from(GOOD_PHONES + BAD_PHONES),
                               st.sampled_from(["c1", "c2", "c3", "c4", "c5", ""])), max_size=12))
def test_exactly_the_good_rows_are_imported(tmp_path_factory: pytest.TempPathFactory, rows: list) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    project = open_project(tmp / "p.fcproj", create=True)
    try:
        text = "id,email,phone\n" + "".join(f'{cid},{email},"{phone}"\n' for email, phone, cid in rows)
        path = write(tmp, text)
        result = import_contacts_csv(project, path, VirtualClock(NOW), default_region="RU")
        seen: set[str] = set()
        expected_bad, expected_ids = [], set()
        for line, (email, phone, cid) in enumerate(rows, start=2):
            if not (email or phone or cid):
                continue  # an empty row is a blank line, not an error
            bad = email in BAD_EMAILS or phone in BAD_PHONES or not cid or cid in seen
            if cid:
                seen.add(cid)
            if bad:
                expected_bad.append(line)
            else:
                expected_ids.add(cid)
        assert [e.line for e in result.errors] == expected_bad
        assert result.created == len(expected_ids) and result.updated == 0
        with project.session() as session:
            assert set(session.scalars(select(Contact.external_id))) == expected_ids
    finally:
        project.close()
