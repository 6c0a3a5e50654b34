"""Every preset's description, told as a story on the real engine with a virtual clock.

Each test reads like the preset's description: who gets which message when, and who leaves by
the goal. The clock starts Monday 2026-03-02 09:00 UTC (the ``clock`` fixture).
"""

from __future__ import annotations

from datetime import timedelta

from runtime.flow.presets import load_preset, preset_info
from tests.runtime.preset_story import run_story

H = timedelta(hours=1)
D = timedelta(days=1)


def _mail(name: str) -> dict:
    return {"email": f"{name}@example.com", "first_name": name.title()}


def test_welcome_three_emails_over_seven_days(project, clock) -> None:
    assert "Three emails over 7 days" in load_preset("welcome").description
    story = run_story(project, clock, "welcome", {"reader": _mail("reader"), "quiet": _mail("quiet"),
                                                  "buyer": _mail("buyer")},
                      [(0 * D, "reader", "signup", None), (0 * D, "quiet", "signup", None),
                       (0 * D, "buyer", "signup", None), (3 * D, "reader", "email_opened", {"channel": "email"}),
                       (3 * D, "buyer", "purchase", None)], until=15 * D)
    assert story.timeline("reader") == [(0 * D, "email"), (2 * D, "email"), (7 * D, "email")]
    assert story.subjects("reader") == ["Welcome, Reader!", "3 tips to get started",
                                        "Thanks for reading: 10% off your first order"]
    assert "engaged" in story.tags["reader"]
    # the rest: same days, the reminder version of the coupon, no engaged tag
    assert story.timeline("quiet") == [(0 * D, "email"), (2 * D, "email"), (7 * D, "email")]
    assert story.subjects("quiet")[2] == "Remember us? 10% off your first order"
    assert "engaged" not in story.tags["quiet"] and "new_subscriber" not in story.tags["quiet"]
    # a purchase on day 3 ends the flow by its goal: no coupon
    assert story.timeline("buyer") == [(0 * D, "email"), (2 * D, "email")]
    assert story.exits == {"reader": ["completed"], "quiet": ["completed"], "buyer": ["goal"]}


def test_reactivation_three_touches_over_fourteen_days(project, clock) -> None:
    flow = load_preset("reactivation")
    assert "3 touches over 14 days" in flow.description and flow.trigger["cron"] == "0 9 * * mon"
    # the clock starts on Monday 09:00, when the weekly segment check runs
    long_ago = clock.now() - 90 * D
    away = {**_mail("away"), "last_activity_at": long_ago}
    tg = {**_mail("tg"), "telegram_chat_id": "5001", "last_activity_at": long_ago}
    visitor = {**_mail("visitor"), "last_activity_at": long_ago}
    recent = {**_mail("recent"), "last_activity_at": clock.now() - 10 * D}
    story = run_story(project, clock, "reactivation", {"away": away, "tg": tg, "visitor": visitor, "recent": recent},
                      [(6 * D, "visitor", "visit", None)], until=15 * D)
    # touches on day 0, 5 and 12 (from Monday 09:00); dormant on day 14
    assert story.timeline("away") == [(0 * D, "email"), (5 * D, "email"), (12 * D, "email")]
    first, offer, last = story.subjects("away")
    assert first == "We miss you, Away" and offer in ("10% off, just for you", "20% off, just for you")
    assert last == "Last chance, Away"
    assert "dormant" in story.tags["away"] and story.fields["away"]["status"] == "dormant"
    assert story.timeline("tg")[0] == (0 * D, "telegram") and len(story.timeline("tg")) == 3
    # activity (a visit on day 6) ends the flow before the next touch
    assert story.timeline("visitor") == [(0 * D, "email"), (5 * D, "email")]
    assert "dormant" not in story.tags["visitor"]
    assert story.sent["recent"] == [] and story.exits["recent"] == []


def test_reactivation_buyer_leaves_by_goal(project, clock) -> None:
    away = {**_mail("buyer"), "last_activity_at": clock.now() - 90 * D}
    story = run_story(project, clock, "reactivation", {"buyer": away}, [(2 * D, "buyer", "purchase", None)],
                      until=15 * D)
    assert story.timeline("buyer") == [(0 * D, "email")] and story.exits["buyer"] == ["goal"]


def test_post_purchase_recommendations_review_and_rating(project, clock) -> None:
    assert "day 2 recommendations" in load_preset("post_purchase").description
    people = {who: {**_mail(who), "last_name": "Doe"}
              for who in ("happy", "unhappy", "silent")}
    script = [(0 * D, who, "purchase", {"order_id": f"A-{who}"}) for who in people]
    script += [(8 * D, "happy", "review", {"rating": 5}), (9 * D, "unhappy", "review", {"rating": 2})]
    story = run_story(project, clock, "post_purchase", people, script, until=20 * D)
    emails = [(0 * D, "email"), (2 * D, "email"), (7 * D, "email")]
    for who in people:
        assert story.timeline(who)[:3] == emails
        assert story.subjects(who)[:3] == [f"Thanks for your order, {who.title()}", "Picked for you",
                                           "How do you like it?"]
        assert story.fields[who]["total_orders"] == 1
    # rating 5 on day 8: tagged satisfied and a next-visit code at once
    assert story.timeline("happy")[3:] == [(8 * D, "email")]
    assert "NEXT15" in story.sent["happy"][3][2]["body"] and "satisfied" in story.tags["happy"]
    # rating 2 on day 9: the team is told, the contact gets nothing more
    assert [(at, ch) for at, ch in story.timeline("unhappy")[3:]] == [(9 * D, "team")]
    assert "Low rating from Unhappy Doe" in story.sent["unhappy"][3][2]["text"]
    assert "satisfied" not in story.tags["unhappy"]
    # no review within 7 days of the request: nothing more
    assert story.timeline("silent") == emails
    assert all(reason == "completed" for reason in story.exits["happy"] + story.exits["unhappy"] + story.exits["silent"])


def test_abandoned_cart_push_five_percent_sms_ten_percent_code(project, clock) -> None:
    shopper = {**_mail("shopper"), "phone": "+4915112345678",
               "push_subscriptions": [{"endpoint": "https://push.example/1", "keys": {"p256dh": "k", "auth": "a"}}]}
    story = run_story(project, clock, "abandoned_cart", {"shopper": shopper},
                      [(0 * D, "shopper", "cart_add", {"cart_url": "https://shop.example/c/1"})], until=8 * D)
    assert story.timeline("shopper") == [(1 * H, "email"), (24 * H, "push"), (72 * H, "sms")]
    assert "5%" in story.sent["shopper"][1][2]["title"] and "CART10" in story.sent["shopper"][2][2]["text"]


def test_birthday_at_ten_in_the_contacts_zone_with_a_personal_code(project, clock) -> None:
    # clock: 2026-03-02 09:00 UTC. Tokyo's 10:00 on 3 March is 01:00 UTC; Berlin's is 09:00 UTC.
    tokyo = {**_mail("tokyo"), "timezone": "Asia/Tokyo", "birthday": "1990-03-03"}
    berlin = {**_mail("berlin"), "timezone": "Europe/Berlin", "birthday": "1985-03-03"}
    story = run_story(project, clock, "birthday", {"tokyo": tokyo, "berlin": berlin}, [], until=8 * D)
    assert story.timeline("tokyo")[0] == (16 * H, "email")
    assert story.timeline("berlin")[0] == (24 * H, "email")
    codes = {who: story.fields[who]["birthday_code"] for who in ("tokyo", "berlin")}
    assert codes["tokyo"] != codes["berlin"] and all(c.startswith("BDAY") for c in codes.values())
    for who in codes:
        assert codes[who] in story.sent[who][0][2]["body"]
        # 3 days later the reminder repeats the same personal code
        assert story.sent[who][1][0] - story.sent[who][0][0] == 3 * D and codes[who] in story.sent[who][1][2]["body"]


def test_saas_onboarding_day_0_2_5_7(project, clock) -> None:
    people = {"builder": _mail("builder"), "idle": _mail("idle"), "payer": _mail("payer")}
    script = [(0 * D, who, "trial_started", None) for who in people]
    script += [(1 * D, "builder", "project_created", None), (3 * D, "payer", "subscribed", None)]
    story = run_story(project, clock, "saas_onboarding", people, script, until=15 * D)
    assert story.timeline("idle") == [(0 * D, "email"), (2 * D, "email"), (5 * D, "email"), (7 * D, "email")]
    assert story.subjects("idle")[1] == "Create your first project in 5 minutes"
    assert "YEAR20" in story.sent["idle"][3][2]["body"]  # the smart_send offer (email is its best channel)
    # who created a project skips the setup guide and is tagged activated
    assert story.timeline("builder") == [(0 * D, "email"), (5 * D, "email"), (7 * D, "email")]
    assert "activated" in story.tags["builder"]
    assert story.timeline("payer") == [(0 * D, "email"), (2 * D, "email")] and story.exits["payer"] == ["goal"]


def test_russian_templates_render_for_every_translated_step(project, clock) -> None:
    from runtime.templates import render_template

    for name in ("welcome", "reactivation", "post_purchase", "abandoned_cart", "birthday", "saas_onboarding",
                 "telegram_funnel", "tg_lead_magnet"):
        info = preset_info(name)
        assert info["expects"]["events"] and info["expects"]["fields"], name
        ru, en = info["templates"]["ru"], info["templates"]["en"]
        assert set(ru) == set(en) and ru, name
        flow = load_preset(name, lang="ru")
        for step_id in ru:
            text = str(flow.step(step_id).config)
            assert any("\u0400" <= ch <= "\u04ff" for ch in text), (name, step_id)
            render_template(text, {"contact": {"first_name": "Аня"}, "event": {}})
