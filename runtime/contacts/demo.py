"""A believable sample project: contacts, tags with history and a week of events.

``populate_demo`` fills a project (``flowcanvas init --demo``) with a few hundred contacts of
the people FlowCanvas users market to: Russian, Chinese and English-speaking customers with
real-looking names, emails, E.164 phones, Telegram chats, time zones, birthdays and
attributes, tags whose history tells a story (a lead who became a customer), and the last
seven days of behaviour (page views, carts, purchases, sign-ups, Telegram messages), some of
it left unfinished (abandoned carts) so the preset flows have something to act on.

Everything is drawn from ``random.Random(seed)`` and dated relative to ``clock.now()``: the
same seed and the same clock give the same project.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers
from sqlalchemy import insert, select

from runtime.clock import Clock
from runtime.contacts.demo_push import demo_push_subscriptions
from runtime.contacts.settings import DEFAULT_REGION_KEY, DEFAULT_TIMEZONE_KEY, SANDBOX_KEY
from runtime.contacts.tags import tag_ids
from runtime.errors import ProjectError
from runtime.storage.db import Project
from runtime.storage.models import Contact, ContactTag, Event, TagLog
from runtime.storage.search_key import search_key
from runtime.storage.settings import set_setting


def _table(text: str) -> list[tuple[str, ...]]:
    """Rows separated by commas, fields by spaces: a compact way to write the name tables."""
    return [tuple(row.split()) for row in text.split(",")]


# (Cyrillic, Latin) pairs, so emails can be derived from names.
RU_MALE = _table("Александр aleksandr, Дмитрий dmitry, Максим maksim, Сергей sergey, Андрей andrey, "
                 "Алексей aleksey, Иван ivan, Михаил mikhail, Никита nikita, Егор egor, Павел pavel, Артём artem")
RU_FEMALE = _table("Анна anna, Мария maria, Елена elena, Ольга olga, Наталья natalya, Екатерина ekaterina, "
                   "Татьяна tatiana, Ирина irina, Дарья daria, Юлия yulia, Светлана svetlana, Полина polina")
# Surnames as (male, female, Latin).
RU_SURNAMES = _table("Иванов Иванова ivanov, Смирнов Смирнова smirnov, Кузнецов Кузнецова kuznetsov, "
                     "Попов Попова popov, Соколов Соколова sokolov, Лебедев Лебедева lebedev, "
                     "Козлов Козлова kozlov, Новиков Новикова novikov, Морозов Морозова morozov, "
                     "Волков Волкова volkov, Павлов Павлова pavlov, Орлов Орлова orlov")
CN_GIVEN = _table("伟 wei, 芳 fang, 娜 na, 敏 min, 静 jing, 磊 lei, 强 qiang, 洋 yang, 艳 yan, 杰 jie, 婷 ting, "
                  "浩然 haoran, 子涵 zihan, 欣怡 xinyi, 宇轩 yuxuan, 梓萱 zixuan")
CN_SURNAMES = _table("王 wang, 李 li, 张 zhang, 刘 liu, 陈 chen, 杨 yang, 黄 huang, 赵 zhao, 吴 wu, 周 zhou, "
                     "徐 xu, 孙 sun")
EN_GIVEN = ["James", "Olivia", "Emma", "Liam", "Sophia", "Noah", "Amelia", "Oliver", "Emily", "Jack", "Grace", "Henry",
            "Chloe", "Daniel", "Lucy", "Thomas"]
EN_SURNAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Taylor", "Wilson", "Davies", "Evans", "Clark", "Walker",
               "Wright", "Thompson", "White", "Hughes", "Green"]

# (city, IANA zone, weight) per locale.
RU_CITIES = [
    ("Москва", "Europe/Moscow", 40), ("Санкт-Петербург", "Europe/Moscow", 20),
    ("Екатеринбург", "Asia/Yekaterinburg", 8), ("Новосибирск", "Asia/Novosibirsk", 8),
    ("Казань", "Europe/Moscow", 7), ("Самара", "Europe/Samara", 5), ("Владивосток", "Asia/Vladivostok", 4),
    ("Калининград", "Europe/Kaliningrad", 3), ("Красноярск", "Asia/Krasnoyarsk", 5),
]
CN_CITIES = [
    ("北京", "Asia/Shanghai", 25), ("上海", "Asia/Shanghai", 25), ("广州", "Asia/Shanghai", 12),
    ("深圳", "Asia/Shanghai", 12), ("成都", "Asia/Shanghai", 8), ("杭州", "Asia/Shanghai", 8),
    ("香港", "Asia/Hong_Kong", 5), ("乌鲁木齐", "Asia/Urumqi", 2), ("台北", "Asia/Taipei", 3),
]
EN_CITIES = [
    ("New York", "America/New_York", 25), ("London", "Europe/London", 25),
    ("San Francisco", "America/Los_Angeles", 15), ("Chicago", "America/Chicago", 10),
    ("Toronto", "America/Toronto", 10), ("Sydney", "Australia/Sydney", 8), ("Dubai", "Asia/Dubai", 7),
]

DOMAINS = {
    "ru": ["mail.ru", "yandex.ru", "gmail.com", "bk.ru", "list.ru", "inbox.ru"],
    "zh": ["qq.com", "163.com", "126.com", "gmail.com", "outlook.com", "sina.com"],
    "en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com"],
}
CURRENCY = {"ru": "RUB", "zh": "CNY", "en": "USD"}
PRICE_SCALE = {"ru": 100, "zh": 8, "en": 1}
PAGES = ["/", "/catalog", "/catalog/shoes", "/catalog/bags", "/catalog/sale", "/product/{sku}", "/blog/tips",
         "/delivery", "/about"]
SKUS = ["SNK-101", "SNK-205", "BAG-330", "BAG-412", "TSH-050", "JKT-777", "CAP-019", "SCF-222"]
MESSAGES = {
    "ru": ["Спасибо!", "Когда будет доставка?", "Есть ли другой размер?", "Да", "Стоп"],
    "zh": ["谢谢！", "什么时候发货？", "有别的尺码吗？", "好的", "退订"],
    "en": ["Thanks!", "When will it ship?", "Do you have another size?", "Yes", "Stop"],
}
PLANS = [("free", 60), ("basic", 28), ("pro", 12)]
DEMO_PREFIX = "c"


@dataclass
class _Person:
    first: str
    last: str
    latin: str  # for the email
    locale: str  # ru, zh, en


def _weighted(rng: random.Random, items: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return rng.choices(items, weights=[item[-1] for item in items])[0]


def _person(rng: random.Random) -> _Person:
    roll = rng.random()
    if roll < 0.45:
        female = rng.random() < 0.55
        first, first_latin = rng.choice(RU_FEMALE if female else RU_MALE)
        male_last, female_last, last_latin = rng.choice(RU_SURNAMES)
        latin = f"{first_latin}.{last_latin}a" if female else f"{first_latin}.{last_latin}"
        return _Person(first, female_last if female else male_last, latin, "ru")
    if roll < 0.80:
        given, given_latin = rng.choice(CN_GIVEN)
        surname, surname_latin = rng.choice(CN_SURNAMES)
        return _Person(given, surname, f"{surname_latin}{given_latin}", "zh")
    first, last = rng.choice(EN_GIVEN), rng.choice(EN_SURNAMES)
    return _Person(first, last, f"{first.lower()}.{last.lower()}", "en")


# Mobile number prefixes by city (E.164 without the random tail) and the tail length.
PHONE_PREFIXES = {
    "New York": ("+1646", 7), "San Francisco": ("+1415", 7), "Chicago": ("+1312", 7), "Toronto": ("+1416", 7),
    "London": ("+447", 9), "Sydney": ("+614", 8), "Dubai": ("+9715", 8), "香港": ("+8529", 7), "台北": ("+8869", 8),
}


def _phone(rng: random.Random, locale: str, city: str) -> str:
    """A valid mobile number in E.164 for the contact's city (checked with phonenumbers)."""
    while True:
        if city in PHONE_PREFIXES:
            prefix, tail = PHONE_PREFIXES[city]
            text = f"{prefix}{rng.randint(0, 10**tail - 1):0{tail}d}"
        elif locale == "ru":
            text = f"+79{rng.randint(0, 99):02d}{rng.randint(0, 9999999):07d}"
        else:
            text = f"+861{rng.choice('3456789')}{rng.randint(0, 999999999):09d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(text, None)):
            return text


def _email(rng: random.Random, person: _Person, number: int) -> str:
    if person.locale == "zh" and rng.random() < 0.4:
        return f"{rng.randint(10000000, 2999999999)}@qq.com"  # QQ mail addresses are QQ numbers
    suffix = "" if rng.random() < 0.5 else str(rng.randint(1, 99)) if rng.random() < 0.5 else str(1960 + number % 45)
    return f"{person.latin}{suffix}@{rng.choice(DOMAINS[person.locale])}"


def _birthday(rng: random.Random, today: date) -> str | None:
    if rng.random() < 0.2:
        return None
    year = rng.randint(1962, 2006)
    if rng.random() < 0.06:  # a few birthdays in the coming week, for the birthday flow
        soon = today + timedelta(days=rng.randint(0, 6))
        month, day = soon.month, soon.day
    else:
        month, day = rng.randint(1, 12), rng.randint(1, 28)
    if month == 2 and day == 29:
        day = 28
    return date(year, month, day).isoformat()


def populate_demo(project: Project, clock: Clock, contacts: int = 300, seed: int = 7,
                  mark_processed: bool = True, tag_names: Mapping[str, str] | None = None) -> dict[str, int]:
    """Fill ``project`` with ``contacts`` sample contacts, their tags and a week of events.

    Also sets the project settings ``default_region`` (RU), ``default_timezone``
    (Europe/Moscow) and ``sandbox`` (true: nothing is sent outside). Events are history, so
    with ``mark_processed`` they are marked processed and do not trigger flows activated later.
    ``tag_names`` renames the sample tags (English name -> the name in the project's language,
    as the presets' flows name them). Returns counts: contacts, events, tag_changes. ProjectError
    if demo contacts exist already.
    """
    rng = random.Random(seed)
    now = clock.now()
    contact_rows: list[dict[str, Any]] = []
    tag_plan: list[tuple[int, list[tuple[str, str, datetime, str, str]]]] = []  # per contact: tag changes
    event_plan: list[tuple[int, str, dict[str, Any], datetime]] = []
    for number in range(1, contacts + 1):
        person = _person(rng)
        cities = {"ru": RU_CITIES, "zh": CN_CITIES, "en": EN_CITIES}[person.locale]
        city, zone, _ = _weighted(rng, cities)
        created = now - timedelta(days=rng.uniform(1, 180), minutes=rng.randint(0, 1439))
        orders = 0 if rng.random() < 0.4 else min(int(rng.expovariate(0.25)) + 1, 40)
        plan = _weighted(rng, PLANS)[0]
        phone = _phone(rng, person.locale, city) if rng.random() < 0.9 else None
        telegram_share = 0.45 if person.locale == "ru" else 0.15  # Telegram is big in Russia
        telegram = str(rng.randint(100000000, 7999999999)) if rng.random() < telegram_share else None
        whatsapp = phone if phone and person.locale != "zh" and rng.random() < 0.3 else None
        contact_rows.append({
            "external_id": f"{DEMO_PREFIX}{number:04d}",
            "email": _email(rng, person, number) if rng.random() < 0.95 else None,
            "phone": phone,
            "telegram_chat_id": telegram,
            "whatsapp": whatsapp,
            "push_subscriptions": demo_push_subscriptions(f"{DEMO_PREFIX}{number:04d}"),
            "first_name": person.first,
            "last_name": person.last,
            "timezone": zone,
            "birthday": _birthday(rng, now.date()),
            "attributes": {"city": city, "total_orders": orders, "plan": plan, "language": person.locale},
            "email_status": "unsubscribed" if rng.random() < 0.06 else "subscribed",
            "sms_status": "unsubscribed" if rng.random() < 0.04 else "subscribed",
            "telegram_status": "blocked" if telegram and rng.random() < 0.05 else "subscribed",
            "whatsapp_status": "subscribed",
            "push_status": "subscribed",
            "created_at": created,
            "updated_at": created,
            "last_activity_at": None,
        })
        row = contact_rows[-1]
        row["search_key"] = search_key(row["external_id"], row["email"], row["first_name"], row["last_name"],
                                       row["phone"], row["telegram_chat_id"])
        story = _tag_story(rng, created, now, orders, plan)
        tag_plan.append((number, [(a, (tag_names or {}).get(t, t), at, by, why) for a, t, at, by, why in story]))
        event_plan.extend((number, *event) for event in _week_of_events(rng, person.locale, created, now, telegram))
    return _write(project, now, contact_rows, tag_plan, event_plan, mark_processed)


def _tag_story(rng: random.Random, created: datetime, now: datetime, orders: int,
               plan: str) -> list[tuple[str, str, datetime, str, str]]:
    """Tag changes (action, tag, at, by, reason) in time order: how this contact got its tags."""
    story = [("add", "lead", created, "import", "signed up on the website")]
    if rng.random() < 0.6:
        story.append(("add", "newsletter", created + timedelta(minutes=1), "import", "newsletter opt-in at sign-up"))
    if orders:
        first = created + (now - created) * rng.uniform(0.05, 0.6)
        story.append(("add", "customer", first, "flow:post_purchase:tag_customer", "first purchase"))
        story.append(("remove", "lead", first, "flow:post_purchase:tag_customer", "became a customer"))
        if orders >= 8:
            story.append(("add", "vip", first + (now - first) * 0.5, "user", f"{orders} orders: top buyer"))
    if plan == "pro":
        story.append(("add", "b2b", created + timedelta(hours=2), "user", "company account"))
    if rng.random() < 0.15:
        story.append(("add", "sale_interest", now - timedelta(days=rng.uniform(0, 6)), "flow:welcome:tag_interest",
                      "clicked the sale banner"))
    return sorted(story, key=lambda change: change[2])


def _week_of_events(rng: random.Random, locale: str, created: datetime, now: datetime,
                    telegram: str | None) -> list[tuple[str, dict[str, Any], datetime]]:
    """Sessions over the 7 days before ``now``: views, carts (some abandoned), purchases, messages."""
    week_start = max(now - timedelta(days=7), created)
    events: list[tuple[str, dict[str, Any], datetime]] = []
    if created > now - timedelta(days=7):
        events.append(("signup", {"source": rng.choice(["website", "telegram", "referral", "ads"])}, created))
    for _ in range(rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4])):
        at = week_start + (now - week_start) * rng.random()
        sku = rng.choice(SKUS)
        for view in range(rng.randint(1, 5)):
            page = rng.choice(PAGES).format(sku=sku)
            events.append(("page_view", {"url": page}, at + timedelta(minutes=view * rng.randint(1, 4))))
        at += timedelta(minutes=20)
        if rng.random() < 0.35:
            price = rng.choice([29, 45, 59, 89, 120]) * PRICE_SCALE[locale]
            events.append(("cart_add", {"sku": sku, "price": price, "currency": CURRENCY[locale]}, at))
            if rng.random() < 0.45:  # the rest are abandoned carts
                order = f"ORD-{rng.randint(100000, 999999)}"
                events.append(("purchase", {"order_id": order, "total": price, "currency": CURRENCY[locale]},
                               at + timedelta(minutes=rng.randint(2, 30))))
    if telegram and rng.random() < 0.3:
        at = week_start + (now - week_start) * rng.random()
        events.append(("message", {"channel": "telegram", "text": rng.choice(MESSAGES[locale])}, at))
    return [event for event in events if event[2] < now]


def _write(project: Project, now: datetime, contact_rows: list[dict[str, Any]],
           tag_plan: list[tuple[int, list[tuple[str, str, datetime, str, str]]]],
           event_plan: list[tuple[int, str, dict[str, Any], datetime]], mark_processed: bool) -> dict[str, int]:
    """Insert everything in one transaction with Core bulk inserts."""
    with project.write() as session:
        ids = [row["external_id"] for row in contact_rows]
        clash = session.execute(select(Contact.external_id).where(Contact.external_id.in_(ids[:500]))).first()
        if clash is not None:
            raise ProjectError(f"{project.label}: already has contact {clash[0]!r}; demo data goes into a new project")
        set_setting(session, DEFAULT_REGION_KEY, "RU")
        set_setting(session, DEFAULT_TIMEZONE_KEY, "Europe/Moscow")
        set_setting(session, SANDBOX_KEY, True)
        conn = session.connection()
        # Last activity = the latest event, computed before inserting the contacts.
        latest: dict[int, datetime] = {}
        for number, _, _, at in event_plan:
            latest[number] = max(at, latest.get(number, at))
        for number, row in enumerate(contact_rows, start=1):
            row["last_activity_at"] = latest.get(number)
        statement = insert(Contact.__table__).returning(Contact.__table__.c.id, sort_by_parameter_order=True)
        contact_ids = [row[0] for row in conn.execute(statement, contact_rows)]
        tag_id = tag_ids(session, {change[1] for _, story in tag_plan for change in story})
        links: dict[tuple[int, int], datetime] = {}
        log: list[dict[str, Any]] = []
        for number, story in tag_plan:
            contact_id = contact_ids[number - 1]
            for action, tag, at, by, reason in story:
                key = (contact_id, tag_id[tag])
                if action == "add":
                    links[key] = at
                else:
                    links.pop(key, None)
                log.append({"contact_id": contact_id, "tag": tag, "action": action, "at": at, "by": by,
                            "reason": reason})
        if links:
            conn.execute(insert(ContactTag.__table__),
                         [{"contact_id": c, "tag_id": t, "added_at": at} for (c, t), at in links.items()])
        if log:
            conn.execute(insert(TagLog.__table__), log)
        events = sorted(event_plan, key=lambda event: (event[3], event[0]))
        if events:
            conn.execute(insert(Event.__table__), [
                {"contact_id": contact_ids[number - 1], "name": name, "properties": props, "occurred_at": at,
                 "recorded_at": at, "processed_at": now if mark_processed else None}
                for number, name, props, at in events
            ])
    return {"contacts": len(contact_rows), "events": len(events), "tag_changes": len(log)}
