"""The service-type registry: fields, validation messages, payloads, estimates, fuzzing."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smmdesk import servicetypes as stypes
from smmdesk.models import Service
from smmdesk.servicetypes import (
    DELAY_CHOICES,
    SEED_DELAY_CHOICES,
    FieldKind,
    Text,
    ValidationError,
    all_types,
    estimate,
    fields_for,
    lookup,
    payload,
    quantity_of,
    total_quantity,
    unknown_notice,
    validate,
)

FUTURE = dt.date(2099, 12, 31)


def svc(type_: str = "Default", *, dripfeed: bool = False, min: int = 10, max: int = 10000,
        rate: str = "1.20", id: int = 7) -> Service:
    return Service(id=id, name="S", type=type_, category="C", rate=Decimal(rate), min=min,
                   max=max, dripfeed=dripfeed)


LINK = "https://instagram.com/p/abc"

# type -> (field names without drip-feed, a valid form, the exact payload for it)
CASES: dict[str, tuple[list[str], dict, dict[str, str]]] = {
    "Default": (
        ["link", "quantity"],
        {"link": LINK, "quantity": 100},
        {"service": "7", "link": LINK, "quantity": "100"},
    ),
    "Package": (["link"], {"link": LINK}, {"service": "7", "link": LINK}),
    "SEO": (
        ["link", "quantity", "keywords"],
        {"link": "example.com", "quantity": "50", "keywords": "buy shoes\r\n\r\n  red shoes \n"},
        {"service": "7", "link": "example.com", "quantity": "50",
         "keywords": "buy shoes\nred shoes"},
    ),
    "Custom Comments": (
        ["link", "comments"],
        {"link": LINK, "comments": "\n".join(f"nice {i}!" for i in range(12))},
        {"service": "7", "link": LINK, "comments": "\n".join(f"nice {i}!" for i in range(12))},
    ),
    "Mentions": (
        ["link", "quantity", "usernames"],
        {"link": LINK, "quantity": 20, "usernames": "alice\r\nbob"},
        {"service": "7", "link": LINK, "quantity": "20", "usernames": "alice\nbob"},
    ),
    "Mentions with Hashtags": (
        ["link", "quantity", "usernames", "hashtags"],
        {"link": LINK, "quantity": 20, "usernames": ["alice", "bob"], "hashtags": "#sun\n#sea"},
        {"service": "7", "link": LINK, "quantity": "20", "usernames": "alice\nbob",
         "hashtags": "#sun\n#sea"},
    ),
    "Mentions Custom List": (
        ["link", "usernames"],
        {"link": LINK, "usernames": "\n".join(f"user{i}" for i in range(10))},
        {"service": "7", "link": LINK, "usernames": "\n".join(f"user{i}" for i in range(10))},
    ),
    "Mentions Hashtag": (
        ["link", "quantity", "hashtag"],
        {"link": LINK, "quantity": "10", "hashtag": " #travel "},
        {"service": "7", "link": LINK, "quantity": "10", "hashtag": "#travel"},
    ),
    "Mentions User Followers": (
        ["link", "quantity", "username"],
        {"link": LINK, "quantity": 10, "username": "https://instagram.com/nasa"},
        {"service": "7", "link": LINK, "quantity": "10", "username": "https://instagram.com/nasa"},
    ),
    "Mentions Media Likers": (
        ["link", "quantity", "media"],
        {"link": LINK, "quantity": 10, "media": "instagram.com/p/xyz"},
        {"service": "7", "link": LINK, "quantity": "10", "media": "instagram.com/p/xyz"},
    ),
    "Custom Comments Package": (
        ["link", "comments"],
        {"link": LINK, "comments": "great\n\nlove it"},
        {"service": "7", "link": LINK, "comments": "great\nlove it"},
    ),
    "Comment Likes": (
        ["link", "quantity", "username"],
        {"link": LINK, "quantity": 10, "username": "@owner"},
        {"service": "7", "link": LINK, "quantity": "10", "username": "@owner"},
    ),
    "Poll": (
        ["link", "quantity", "answer_number"],
        {"link": LINK, "quantity": 10, "answer_number": "2"},
        {"service": "7", "link": LINK, "quantity": "10", "answer_number": "2"},
    ),
    "Comment Replies": (
        ["link", "username", "comments"],
        {"link": LINK, "username": "owner", "comments": "\r\n".join(["yes"] * 10)},
        {"service": "7", "link": LINK, "username": "owner", "comments": "\n".join(["yes"] * 10)},
    ),
    "Invites from Groups": (
        ["link", "quantity", "groups"],
        {"link": "t.me/mygroup", "quantity": 10, "groups": "t.me/a\nhttps://t.me/b"},
        {"service": "7", "link": "t.me/mygroup", "quantity": "10",
         "groups": "t.me/a\nhttps://t.me/b"},
    ),
    "Subscriptions": (
        ["username", "min", "max", "posts", "old_posts", "delay", "expiry"],
        {"username": "nasa", "min": "100", "max": 200, "posts": 5, "old_posts": "",
         "delay": 30, "expiry": FUTURE},
        {"service": "7", "username": "nasa", "min": "100", "max": "200", "posts": "5",
         "delay": "30", "expiry": "31/12/2099"},
    ),
    "Web Traffic": (
        ["link", "quantity", "country", "device", "type_of_traffic", "google_keyword",
         "referring_url"],
        {"link": "https://example.com", "quantity": 1000, "country": "us", "device": "4",
         "type_of_traffic": 1, "google_keyword": "best shoes", "referring_url": "ignored.com"},
        {"service": "7", "link": "https://example.com", "quantity": "1000", "country": "US",
         "device": "4", "type_of_traffic": "1", "google_keyword": "best shoes"},
    ),
}


def test_every_reference_type_is_registered_once():
    assert sorted(t.name for t in all_types()) == sorted(CASES)
    assert len({t.key for t in all_types()}) == len(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fields_and_payload(name):
    names, values, expected = CASES[name]
    service = svc(name)
    assert [f.name for f in fields_for(service)] == names
    assert validate(service, values) == {}
    result = payload(service, values)
    assert result == expected
    assert all(isinstance(k, str) and type(v) is str for k, v in result.items())


@pytest.mark.parametrize("name", sorted(CASES))
def test_field_specs_are_well_formed(name):
    st_, known = lookup(name)
    assert known and st_.name == name
    for spec in st_.fields:
        assert spec.label and isinstance(spec.kind, FieldKind)
        if spec.kind is FieldKind.CHOICE:
            assert spec.choices
    assert st_.package == (name in ("Package", "Custom Comments Package"))


REQUIRED = {
    "Default": {"link", "quantity"},
    "Package": {"link"},
    "Subscriptions": {"username", "min", "max", "delay"},
    "Web Traffic": {"link", "quantity", "country", "device", "type_of_traffic"},
    "Comment Replies": {"link", "username", "comments"},
}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_fields(name):
    st_, _ = lookup(name)
    assert {f.name for f in st_.fields if f.required} == REQUIRED[name]
    assert set(validate(svc(name), {})) == REQUIRED[name]


# ------------------------------------------------------------------ drip-feed


@pytest.mark.parametrize("name", ["Default", "Web Traffic"])
def test_dripfeed_fields_only_when_service_offers_it(name):
    off = [f.name for f in fields_for(svc(name))]
    on = [f.name for f in fields_for(svc(name, dripfeed=True))]
    assert "runs" not in off and "interval" not in off
    assert on[:4] == ["link", "quantity", "runs", "interval"]
    runs, interval = fields_for(svc(name, dripfeed=True))[2:4]
    assert (runs.min, interval.min) == (2, 1)
    assert runs.dripfeed and interval.dripfeed and not runs.required


def test_dripfeed_payload_both_or_neither():
    s = svc(dripfeed=True)
    base = {"link": LINK, "quantity": 100}
    assert payload(s, base) == {"service": "7", "link": LINK, "quantity": "100"}
    assert payload(s, {**base, "runs": "3", "interval": 15}) == {
        "service": "7", "link": LINK, "quantity": "100", "runs": "3", "interval": "15"}
    both = "For drip-feed enter both runs and interval, or leave both empty"
    assert validate(s, {**base, "runs": 3}) == {"interval": both}
    assert validate(s, {**base, "interval": "10", "runs": " "}) == {"runs": both}


def test_dripfeed_bounds():
    s = svc(dripfeed=True)
    base = {"link": LINK, "quantity": 100}
    assert validate(s, {**base, "runs": 1, "interval": 0}) == {
        "runs": "Runs must be between 2 and 1000",
        "interval": "Interval (minutes) must be between 1 and 43200",
    }
    assert validate(s, {**base, "runs": 1001, "interval": 43201}).keys() == {"runs", "interval"}


def test_dripfeed_values_for_a_service_without_dripfeed_are_a_problem():
    problems = validate(svc(), {"link": LINK, "quantity": 100, "runs": 3, "interval": 5})
    assert problems == {
        "runs": "This service does not offer drip-feed; leave Runs empty",
        "interval": "This service does not offer drip-feed; leave Interval (minutes) empty",
    }


# ------------------------------------------------------------------ validation messages


def test_quantity_bounds_from_service():
    s = svc(min=100, max=10000)
    q = fields_for(s)[1]
    assert (q.min, q.max) == (100, 10000)
    msg = "Quantity must be between 100 and 10000"
    for bad in (99, "10001", -5, "-5", 0, 10**40, "9" * 5000, 10**5000):
        assert validate(s, {"link": LINK, "quantity": bad}) == {"quantity": msg}, bad
    for ok in (100, "10000", " 500 ", "0500"):
        assert validate(s, {"link": LINK, "quantity": ok}) == {}
    assert payload(s, {"link": LINK, "quantity": "0500"})["quantity"] == "500"


@pytest.mark.parametrize("bad", [1.0, 100.5, "1e3", "1.0", "1 000", "abc", True, [100], "١٠٠",
                                 "²", Decimal("100"), "+100"])
def test_quantity_must_be_whole_number(bad):
    expected = (f"Quantity takes whole numbers only; “{bad.strip()}” is not one"
                if isinstance(bad, str) else "Quantity must be a whole number")
    assert validate(svc(), {"link": LINK, "quantity": bad}) == {"quantity": expected}


def test_required_message():
    assert validate(svc(), {"link": "  ", "quantity": None}) == {
        "link": "Link is required", "quantity": "Quantity is required"}


@pytest.mark.parametrize("link", [
    "https://instagram.com/x", "http://example.com", "instagram.com/x", "nasa", "@nasa",
    "t.me/joinchat/AbC-123", "https://www.youtube.com/watch?v=abc&t=1s", "example.com:8080/x",
    "https://例え.jp/パス", "  https://instagram.com/x  ",
])
def test_links_accepted(link):
    assert validate(svc(), {"link": link, "quantity": 100}) == {}


LINK_MSG = ("Link must be a web address (http:// or https://), a domain or a username, "
            "with no spaces")


@pytest.mark.parametrize("link", [
    "https://instagram.com/my profile", "insta gram", "ftp://example.com/x", "http://",
    "javascript:alert(1)", "mailto:a@b.c", "https://[::1", "<script>", "a\u00a0b",
])
def test_links_rejected(link):
    assert validate(svc(), {"link": link, "quantity": 100}) == {"link": LINK_MSG}


def test_link_control_characters_and_length():
    assert validate(svc(), {"link": "https://x.com/\x00a", "quantity": 100}) == {
        "link": "Link contains control or invisible characters"}
    assert validate(svc(), {"link": "x.com/\u200b", "quantity": 100}) == {
        "link": "Link contains control or invisible characters"}
    long = "https://x.com/" + "a" * 2000
    assert validate(svc(), {"link": long, "quantity": 100}) == {
        "link": f"Link is too long ({len(long)} characters; at most 2000)"}
    assert validate(svc(), {"link": 12345, "quantity": 100}) == {}
    assert validate(svc(), {"link": b"x.com", "quantity": 100}) == {"link": "Link must be text"}


def test_comments_count_is_the_quantity():
    s = svc("Custom Comments", min=100, max=200, rate="2.50")
    three = {"link": LINK, "comments": "one\r\ntwo\n\n   \nthree\n"}
    assert validate(s, three) == {
        "comments": "Enter at least 100 comments (one per line); you entered 3"}
    assert quantity_of(s, three) == 3
    many = {"link": LINK, "comments": "\n".join(["x"] * 201)}
    assert validate(s, many) == {
        "comments": "Enter at most 200 comments (one per line); you entered 201"}
    assert validate(s, {"link": LINK, "comments": "\n \r\n"}) == {
        "comments": "Enter at least one comment (one per line)"}
    spec = fields_for(s)[1]
    assert (spec.min, spec.max) == (100, 200)


def test_list_line_rules():
    s = svc("Custom Comments", min=1, max=10)
    assert validate(s, {"link": LINK, "comments": "ok\n" + "x" * 2201}) == {
        "comments": "Line 2 of Comments is too long (2201 characters; at most 2200)"}
    assert validate(s, {"link": LINK, "comments": "ok\nbad\x07bell"}) == {
        "comments": "Line 2 of Comments contains control or invisible characters"}
    assert validate(s, {"link": LINK, "comments": "emoji 👩\u200d💻 fine"}) == {}
    m = svc("Mentions")
    assert validate(m, {"link": LINK, "quantity": 10, "usernames": "alice\nbob smith"}) == {
        "usernames": "Line 2 of Usernames must be a single word with no spaces"}
    assert validate(m, {"link": LINK, "quantity": 10, "usernames": ""}) == {
        "usernames": "Enter at least one username (one per line)"}
    assert validate(m, {"link": LINK, "quantity": 10, "usernames": 5}) == {
        "usernames": "Usernames must be text, one item per line"}
    assert validate(m, {"link": LINK, "quantity": 10, "usernames": ["a", None]}) == {
        "usernames": "Usernames must be text, one item per line"}


def test_mentions_quantity_plus_list():
    s = svc("Mentions with Hashtags", min=10, max=100)
    assert validate(s, {"link": LINK, "quantity": 5, "usernames": "a", "hashtags": ""}) == {
        "quantity": "Quantity must be between 10 and 100",
        "hashtags": "Enter at least one hashtag (one per line)",
    }
    custom = svc("Mentions Custom List", min=2, max=3)
    assert validate(custom, {"link": LINK, "usernames": "a"}) == {
        "usernames": "Enter at least 2 usernames (one per line); you entered 1"}


def test_token_fields():
    s = svc("Comment Likes")
    assert validate(s, {"link": LINK, "quantity": 10, "username": "the owner"}) == {
        "username": "Comment owner must be a single word with no spaces"}
    h = svc("Mentions Hashtag")
    assert validate(h, {"link": LINK, "quantity": 10, "hashtag": ""}) == {
        "hashtag": "Hashtag is required"}


def test_poll_answer_number():
    s = svc("Poll")
    assert validate(s, {"link": LINK, "quantity": 10, "answer_number": 0}) == {
        "answer_number": "Answer number must be between 1 and 100"}


def test_subscriptions_rules(monkeypatch):
    s = svc("Subscriptions", min=50, max=500)
    base = {"username": "nasa", "min": 100, "max": 200, "delay": "0"}
    assert payload(s, base) == {"service": "7", "username": "nasa", "min": "100", "max": "200",
                                "delay": "0"}
    assert validate(s, {**base, "min": 300, "max": 200}) == {
        "max": "Maximum per post must not be less than the minimum (300)"}
    assert validate(s, {**base, "min": 10, "max": 501}) == {
        "min": "Minimum per post must be between 50 and 500",
        "max": "Maximum per post must be between 50 and 500",
    }
    assert validate(s, {**base, "posts": 0, "old_posts": -1}) == {
        "posts": "New posts must be between 1 and 100000",
        "old_posts": "Old posts must be between 0 and 100000",
    }
    assert payload(s, {**base, "old_posts": 0})["old_posts"] == "0"
    # delay: the full list of newer panels, and the seed's subset
    assert [v for v, _ in DELAY_CHOICES] == [str(m) for m in stypes.DELAY_VALUES]
    assert stypes.DELAY_VALUES == (0, 5, 10, 15, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300,
                                   360, 420, 480, 540, 600)
    assert [v for v, _ in SEED_DELAY_CHOICES] == ["0", "5", "10", "15", "30", "60", "90"]
    assert validate(s, {**base, "delay": "600"}) == {}
    assert validate(s, {**base, "delay": "05"}) == {}
    assert validate(s, {**base, "delay": 7}) == {
        "delay": "Delay must be one of: 0, 5, 10, 15, 30, 60, 90, 120, 150, 180, 210, 240, 270, "
                 "300, 360, 420, 480, 540, 600"}
    assert validate(s, {**base, "delay": None}) == {"delay": "Delay is required"}


def test_subscriptions_expiry(monkeypatch):
    monkeypatch.setattr(stypes, "_today", lambda: dt.date(2025, 6, 1))
    s = svc("Subscriptions")
    base = {"username": "nasa", "min": 100, "max": 200, "delay": 5}

    def sent(expiry):
        return payload(s, {**base, "expiry": expiry})["expiry"]

    assert sent(dt.date(2025, 7, 4)) == "04/07/2025"
    assert sent(dt.datetime(2025, 7, 4, 13, 0)) == "04/07/2025"
    assert sent("4/7/2025") == "04/07/2025"
    assert sent("2025-07-04") == "04/07/2025"
    assert sent(dt.date(2025, 6, 1)) == "01/06/2025"
    assert "expiry" not in payload(s, {**base, "expiry": ""})
    fmt = "Expiry must be a date as day/month/year, for example 31/12/2025"
    for bad in ("31/02/2025", "2025/07/04", "tomorrow", 20250704, "7/4/25"):
        assert validate(s, {**base, "expiry": bad}) == {"expiry": fmt}, bad
    assert validate(s, {**base, "expiry": "31/05/2025"}) == {
        "expiry": "Expiry must not be in the past"}


def test_web_traffic_conditional_fields():
    s = svc("Web Traffic", min=100, max=100000)
    base = {"link": "example.com", "quantity": 100, "country": "DE", "device": 1}
    spec = {f.name: f for f in fields_for(s)}
    assert spec["google_keyword"].depends_on == ("type_of_traffic", "1")
    assert spec["referring_url"].depends_on == ("type_of_traffic", "2")
    assert [v for v, _ in spec["device"].choices] == ["1", "2", "3", "4", "5"]
    assert dict(spec["device"].choices)["2"] == "Android"
    assert dict(spec["type_of_traffic"].choices)["3"] == "Blank referrer (direct)"
    assert validate(s, {**base, "type_of_traffic": "1"}) == {
        "google_keyword": "Google keyword is required"}
    assert validate(s, {**base, "type_of_traffic": "2", "google_keyword": "x"}) == {
        "referring_url": "Referring URL is required"}
    assert payload(s, {**base, "type_of_traffic": "2", "referring_url": "https://ref.com/a",
                       "google_keyword": "dropped"}) == {
        "service": "7", "link": "example.com", "quantity": "100", "country": "DE",
        "device": "1", "type_of_traffic": "2", "referring_url": "https://ref.com/a"}
    assert payload(s, {**base, "type_of_traffic": 3, "google_keyword": "x",
                       "referring_url": "y.com"}) == {
        "service": "7", "link": "example.com", "quantity": "100", "country": "DE",
        "device": "1", "type_of_traffic": "3"}
    assert validate(s, {**base, "type_of_traffic": 3, "device": 6, "country": "USA"}) == {
        "device": "Device must be one of: 1, 2, 3, 4, 5",
        "country": "Country must be a two-letter country code, for example US",
    }
    assert validate(s, {**base, "type_of_traffic": 4}) == {
        "type_of_traffic": "Type of traffic must be one of: 1, 2, 3"}
    drip = svc("Web Traffic", dripfeed=True, min=100, max=100000)
    assert payload(drip, {**base, "type_of_traffic": 3, "runs": 2, "interval": 60}) == {
        "service": "7", "link": "example.com", "quantity": "100", "runs": "2", "interval": "60",
        "country": "DE", "device": "1", "type_of_traffic": "3"}


def test_payload_raises_validation_error_with_problems():
    with pytest.raises(ValidationError) as info:
        payload(svc(), {"link": "", "quantity": "x"})
    assert info.value.problems == {"link": "Link is required",
                                   "quantity": "Quantity takes whole numbers only; “x” is not one"}
    assert isinstance(info.value, ValueError)
    assert "Link is required" in str(info.value)


def test_unrelated_and_service_keys_are_ignored():
    assert payload(svc(id=99), {"link": LINK, "quantity": 100, "service": "1", "junk": "x"}) == {
        "service": "99", "link": LINK, "quantity": "100"}


def test_values_that_are_not_a_dict():
    assert validate(svc(), None) == {"link": "Link is required", "quantity": "Quantity is required"}
    assert estimate(svc(), "nonsense") == Decimal(0)


# ------------------------------------------------------------------ type strings


@pytest.mark.parametrize("text, key", [
    ("Default", "default"), ("default", "default"), (" DEFAULT ", "default"),
    ("Custom Comments", "custom_comments"), ("custom_comments", "custom_comments"),
    ("custom-comments", "custom_comments"), ("CUSTOM   comments", "custom_comments"),
    ("Custom\u00a0Comments", "custom_comments"), ("custom_comments_package",
                                                  "custom_comments_package"),
    ("Mentions with Hashtags", "mentions_with_hashtags"), ("mentions-user-followers",
                                                           "mentions_user_followers"),
    ("seo", "seo"), ("web_traffic", "web_traffic"), ("Invites From Groups", "invites_from_groups"),
    ("comment replies", "comment_replies"), ("SUBSCRIPTIONS", "subscriptions"),
])
def test_type_matching(text, key):
    found, known = lookup(text)
    assert known and found.key == key
    assert unknown_notice(text) is None


@pytest.mark.parametrize("text", ["Drip", "", None, 5, "default2", "customcomments", "Special",
                                  "fb_viplike", "   "])
def test_unknown_type_falls_back_to_default(text):
    found, known = lookup(text)
    assert not known and found.key == "default"
    s = svc("Mystery Type")
    assert [f.name for f in fields_for(s)] == ["link", "quantity"]
    assert payload(s, {"link": LINK, "quantity": 10}) == {
        "service": "7", "link": LINK, "quantity": "10"}


def test_unknown_notice():
    notice = unknown_notice("Mystery Type")
    assert notice == ('This panel uses a service type SMM Desk does not know ("Mystery Type"); '
                      "the standard fields are shown.")
    assert notice.template == stypes.UNKNOWN_NOTICE == lookup("x")[0].notice
    assert notice.args == {"type": "Mystery Type"}


# ------------------------------------------------------------------ quantity and estimates


def test_estimate_default():
    s = svc(rate="0.04", min=500, max=300000)
    value = estimate(s, {"link": LINK, "quantity": "500"})
    assert type(value) is Decimal and value == Decimal("0.02")
    assert estimate(svc(rate="1.02"), {"quantity": 1500}) == Decimal("1.53")
    assert estimate(svc(rate="0.123456789"), {"quantity": 7}) == Decimal("0.000864197523")
    assert estimate(s, {"quantity": ""}) == Decimal(0)
    assert estimate(s, {"quantity": "x"}) == Decimal(0)


def test_estimate_dripfeed_multiplies_by_runs():
    s = svc(rate="1.20", dripfeed=True)
    assert estimate(s, {"quantity": 1000, "runs": 5, "interval": 10}) == Decimal("6.00")
    assert total_quantity(s, {"quantity": 1000, "runs": "5"}) == 5000
    # runs out of range or a service without drip-feed: one run
    assert estimate(s, {"quantity": 1000, "runs": 1}) == Decimal("1.20")
    assert estimate(svc(rate="1.20"), {"quantity": 1000, "runs": 5}) == Decimal("1.20")
    wt = svc("Web Traffic", rate="0.5", dripfeed=True)
    assert estimate(wt, {"quantity": 2000, "runs": 3, "interval": 1}) == Decimal("3.0")


@pytest.mark.parametrize("name", ["Package", "Custom Comments Package"])
def test_estimate_package_is_the_rate(name):
    s = svc(name, rate="12.345")
    assert quantity_of(s, {"quantity": 1000}) is None
    value = estimate(s, {"link": LINK, "comments": "a\nb"})
    assert type(value) is Decimal and value == Decimal("12.345")


def test_estimate_comments_by_line_count():
    s = svc("Custom Comments", rate="2.50")
    values = {"comments": "a\r\nb\n\nc\n"}
    assert quantity_of(s, values) == 3
    assert estimate(s, values) == Decimal("0.0075")
    replies = svc("Comment Replies", rate="10")
    assert estimate(replies, {"comments": ["x", "y"]}) == Decimal("0.02")
    custom = svc("Mentions Custom List", rate="3")
    assert estimate(custom, {"usernames": "a\nb\nc\nd"}) == Decimal("0.012")


def test_estimate_subscriptions_is_per_post_at_max():
    s = svc("Subscriptions", rate="2")
    values = {"min": 100, "max": 250}
    assert quantity_of(s, values) == 250
    assert estimate(s, values) == Decimal("0.5")


def test_estimate_huge_quantity_is_exact():
    value = estimate(svc(rate="1.5"), {"quantity": 10**40})
    assert type(value) is Decimal and value == Decimal(15 * 10**36)


# ------------------------------------------------------------------ translation


def _all_problem_samples() -> list[str]:
    samples: list[str] = []
    for name, (_, values, _) in CASES.items():
        for dripfeed in (False, True):
            s = svc(name, dripfeed=dripfeed, min=50, max=60)
            samples += validate(s, {}).values()
            samples += validate(s, {k: "bad value \x00" for k in values}).values()
            samples += validate(s, {k: ["x"] * 70 for k in values}).values()
            samples += validate(s, {k: 10**9 for k in values}).values()
            samples += validate(s, {k: 1.5 for k in values}).values()
            samples += validate(s, {**values, "runs": 5}).values()
    return samples


def test_every_problem_is_a_text_with_a_marked_template():
    marked = set(stypes.translatable_strings())
    samples = _all_problem_samples()
    assert len(samples) > 50
    for problem in samples:
        assert isinstance(problem, Text)
        assert problem.template in marked, problem.template
        for arg in problem.args.values():
            if isinstance(arg, Text):
                assert arg.template in marked


def test_labels_and_choices_are_marked():
    marked = set(stypes.translatable_strings())
    for t in all_types():
        for spec in t.fields:
            assert spec.label in marked
            assert not spec.help or spec.help in marked
            for _, label in spec.choices:
                assert getattr(label, "template", label) in marked


def test_translated_rebuilds_from_the_template():
    s = svc(min=100, max=10000)
    problem = validate(s, {"link": LINK, "quantity": 5})["quantity"]
    assert problem.template == "{label} must be between {min} and {max}"
    assert problem.args["min"] == 100 and problem.args["max"] == 10000
    german = {"{label} must be between {min} and {max}": "{label} muss zwischen {min} und {max} "
              "liegen", "Quantity": "Menge"}
    translated = problem.translated(lambda t: german.get(t, t))
    assert translated == "Menge muss zwischen 100 und 10000 liegen"
    # a broken translation falls back to the English text, never raises
    assert problem.translated(lambda t: "{oops}") == problem
    assert stypes.translate_text("Quantity", lambda t: german.get(t, t)) == "Menge"
    assert stypes.translate_text(problem, lambda t: german.get(t, t)).startswith("Menge muss")
    assert stypes.N_("x") == "x"
    copy = pickle.loads(pickle.dumps(problem))
    assert copy == problem and copy.template == problem.template


# ------------------------------------------------------------------ fuzzing

_odd_text = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=40
) | st.sampled_from(["", " ", "\r\n", "https://", "0", "-1", "1e3", "١٢", "\ud800", "a\x00b",
                     "9" * 5000, "31/12/2099", "2099-01-01", "#x", "@y", "http://[::1"])
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=10**20, max_value=10**60)
    | st.floats(allow_nan=True) | _odd_text | st.dates() | st.decimals(allow_nan=True),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner),
    max_leaves=5,
)
_field_names = st.sampled_from(sorted({f.name for t in all_types() for f in t.fields}
                                      | {"service", "junk"}))
_services = st.builds(
    Service,
    id=st.integers(0, 10**9),
    name=st.just("S"),
    type=st.sampled_from([*CASES, "custom_comments", "Unknown", ""]),
    category=st.just("C"),
    rate=st.decimals(allow_nan=True, allow_infinity=True),
    min=st.integers(-5, 10**6),
    max=st.integers(-5, 10**7),
    dripfeed=st.booleans(),
)


def _check_all(service, values):
    problems = validate(service, values)
    assert isinstance(problems, dict)
    assert all(isinstance(v, str) for v in problems.values())
    try:
        form = payload(service, values)
    except ValidationError as exc:
        assert exc.problems == problems and problems
    else:
        assert not problems
        assert all(type(v) is str for v in form.values())
        for v in form.values():
            v.encode("utf-8")  # always sendable
    assert isinstance(estimate(service, values), Decimal)
    q = quantity_of(service, values)
    assert q is None or isinstance(q, int)
    [f.name for f in fields_for(service)]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_services, st.dictionaries(_field_names, _values, max_size=8))
def test_fuzz_never_raises_anything_else(service, values):
    _check_all(service, values)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(CASES)), st.data())
def test_fuzz_one_field_of_a_valid_form(name, data):
    names, valid, _ = CASES[name]
    service = svc(name, dripfeed=data.draw(st.booleans()))
    field = data.draw(st.sampled_from(names))
    values = {**valid, field: data.draw(_values)}
    _check_all(service, values)


@settings(max_examples=100, deadline=None)
@given(_values)
def test_fuzz_values_argument_itself(values):
    _check_all(svc("Subscriptions"), values)
    assert isinstance(lookup(values)[0], stypes.ServiceType)


# ------------------------------------------------------------------ issue 12, item 1


@pytest.mark.parametrize(("typed", "hint", "number"), [
    ("150", "en_US", 150), ("1,000", "en_US", 1000), ("12,345,678", "en", 12345678),
    ("1.000", "tr_TR", 1000), ("100.000", "tr", 100000), ("1 000", "tr_TR", 1000),
    ("1\u00a0000", "en", 1000), (" 0500 ", None, 500), ("-5", "en", -5), ("", "en", None),
])
def test_parse_whole_number_keeps_what_was_typed(typed, hint, number):
    assert stypes.parse_whole_number(typed, hint) == number


@pytest.mark.parametrize(("typed", "hint"), [
    ("150.5", "en_US"), ("150,5", "en_US"), ("150.5", "tr_TR"), ("150,5", "tr_TR"),
    ("1e3", "en"), ("1E3", "tr"), ("+5", "en"), ("1,00", "en"), ("1.000", "en"),
    ("1,000", "tr_TR"), ("1,000", None), ("10,00,000", "en"), ("1,,000", "en"), ("٣", "en"),
    ("5 apples", "en"), ("-", "en"), ("0x1f", "en"), ("1_000", "en"),
])
def test_parse_whole_number_refuses_instead_of_changing(typed, hint):
    with pytest.raises(stypes.NotWholeNumber) as info:
        stypes.parse_whole_number(typed, hint)
    assert info.value.typed == typed.strip()


@pytest.mark.parametrize("typed", ["150.5", "150,5", "1e3"])
def test_decimal_quantity_is_refused_with_the_reason(typed):
    s = svc(min=100, max=100000)
    problems = validate(s, {"link": LINK, "quantity": typed})
    assert problems == {"quantity": f"Quantity takes whole numbers only; “{typed}” is not one"}
    assert stypes.quantity_of(s, {"link": LINK, "quantity": typed}) is None
    assert stypes.estimate(s, {"link": LINK, "quantity": typed}) == 0


def test_negative_quantity_is_refused_not_made_positive():
    s = svc(min=100, max=100000)
    assert validate(s, {"link": LINK, "quantity": "-5"}) == {
        "quantity": "Quantity must be between 100 and 100000"}


@pytest.mark.parametrize(("text", "key"), [
    ("Custom Comment", "custom_comments"), ("custom_comments", "custom_comments"),
    ("comment_likes", "comment_likes"), ("Comment Like", "comment_likes"),
    ("default", "default"), ("package", "package"), ("custom comments package",
                                                     "custom_comments_package"),
    ("Subscription", "subscriptions"), ("mention", "mentions"),
    ("Mention with Hashtag", "mentions_with_hashtags"), ("poll", "poll"),
])
def test_type_spellings_of_real_catalogues(text, key):
    found, known = lookup(text)
    assert known and found.key == key
