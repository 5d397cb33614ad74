"""Name tables for the panel simulator's catalogue (plain data, no logic)."""

from __future__ import annotations

# Canonical spellings of every service type in the reference table, in table order.
# Service ids 1..17 of every simulated catalogue have these types, in this order.
TYPES: tuple[str, ...] = (
    "Default",
    "Package",
    "SEO",
    "Custom Comments",
    "Mentions",
    "Mentions with Hashtags",
    "Mentions Custom List",
    "Mentions Hashtag",
    "Mentions User Followers",
    "Mentions Media Likers",
    "Custom Comments Package",
    "Comment Likes",
    "Poll",
    "Comment Replies",
    "Invites from Groups",
    "Subscriptions",
    "Web Traffic",
)

# (platform, weight, products)
PLATFORMS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "Instagram",
        30,
        (
            "Followers",
            "Likes",
            "Views",
            "Reels Views",
            "Story Views",
            "Saves",
            "Impressions",
            "Reach",
            "Live Views",
            "Comments",
        ),
    ),
    (
        "TikTok",
        18,
        ("Followers", "Likes", "Views", "Shares", "Saves", "Live Stream Views", "Comments"),
    ),
    (
        "YouTube",
        16,
        (
            "Subscribers",
            "Views",
            "Likes",
            "Watch Time (Hours)",
            "Shorts Views",
            "Live Stream Viewers",
        ),
    ),
    ("Telegram", 10, ("Members", "Post Views", "Reactions", "Channel Subscribers", "Poll Votes")),
    ("X/Twitter", 7, ("Followers", "Likes", "Retweets", "Views", "Impressions", "Bookmarks")),
    ("Facebook", 7, ("Page Likes", "Followers", "Post Likes", "Video Views", "Reactions")),
    ("Spotify", 4, ("Plays", "Followers", "Monthly Listeners", "Saves")),
    ("Twitch", 3, ("Followers", "Live Viewers", "Channel Views")),
    ("Discord", 2, ("Members", "Online Members")),
    ("SoundCloud", 1, ("Plays", "Likes", "Followers", "Reposts")),
    ("Threads", 1, ("Followers", "Likes")),
    ("LinkedIn", 1, ("Followers", "Connections", "Post Likes")),
    ("Kick", 1, ("Followers", "Live Viewers")),
)

TURKISH_PLATFORMS: tuple[str, ...] = ("Instagram", "TikTok", "YouTube", "X/Twitter")
TURKISH_PRODUCTS: tuple[str, ...] = (
    "Türk Takipçi",
    "Gerçek Türk Takipçi",
    "Gerçek Türk Beğeni",
    "Türk Beğeni",
    "Türk İzlenme",
    "Türk Kaydetme",
    "Türk Abone",
    "Aktif Türk Takipçi",
)
TURKISH_TAGS: tuple[str, ...] = (
    "",
    "[30 Gün Garantili]",
    "[Garantisiz]",
    "[Hızlı]",
    "[Anlık Başlar]",
    "[Kadın Profiller]",
)
TURKISH_CATEGORY_TAGS: tuple[str, ...] = ("", " [Garantili]", " [Ucuz]", " ⭐")

QUALITIES: tuple[str, ...] = (
    "",
    "HQ",
    "Real",
    "Premium",
    "Mixed",
    "Real Active",
    "Non Drop",
    "Low Drop",
    "Cheapest",
    "Bot",
)
SPEEDS: tuple[str, ...] = (
    "",
    "Instant",
    "0-1H Start",
    "1K/Day",
    "10K/Day",
    "50K/Day",
    "100K/Day",
    "Super Fast",
    "Slow",
)
GEOS: tuple[str, ...] = (
    "",
    "",
    "",
    "Worldwide",
    "USA",
    "Turkey",
    "Brazil",
    "India",
    "Arab",
    "Europe",
    "Indonesia",
)
REFILL_TAGS: tuple[str, ...] = ("[Refill 30D]", "[Lifetime Refill]", "[Refill 365D]", "[R60]")
NO_REFILL_TAGS: tuple[str, ...] = ("[No Refill]", "", "[NR]")
CATEGORY_SUFFIXES: tuple[str, ...] = (
    "",
    " [Guaranteed/Refill]",
    " [No Refill]",
    " - Less Drops ⭐",
    " [Cheapest]",
    " [Real]",
    " 🔥",
)
MAX_LABELS: tuple[int, ...] = (1_000, 5_000, 10_000, 50_000, 100_000, 300_000, 1_000_000)
MIN_VALUES: tuple[int, ...] = (10, 20, 50, 100, 100, 100, 200, 250, 500, 1000)

START_TIMES: tuple[str, ...] = ("0-1 hour", "0-6 hours", "Instant", "1-12 hours", "0-24 hours")
AVERAGE_TIMES: tuple[str, ...] = (
    "12 minutes",
    "37 minutes",
    "1 hour 4 minutes",
    "2 hours 15 minutes",
    "5 hours 48 minutes",
    "19 hours 2 minutes",
    "1 day 3 hours",
)

# Fixed names for the non-Default types (any platform prefix is added by the generator).
TYPE_NAMES: dict[str, tuple[str, ...]] = {
    "Package": (
        "Instagram 1000 Followers Package",
        "TikTok 5K Views + 500 Likes Package",
        "YouTube Starter Package",
    ),
    "SEO": ("Google SEO Backlinks [Keywords]", "Website SEO Keyword Traffic"),
    "Custom Comments": (
        "Instagram Custom Comments",
        "YouTube Custom Comments [Real]",
        "TikTok Custom Comments",
    ),
    "Mentions": ("Instagram Mentions [Usernames]", "Instagram Mentions - Max 10K"),
    "Mentions with Hashtags": ("Instagram Mentions with Hashtags",),
    "Mentions Custom List": ("Instagram Mentions [Custom List]",),
    "Mentions Hashtag": ("Instagram Mentions [Hashtag Scrape]",),
    "Mentions User Followers": ("Instagram Mentions [User Followers]",),
    "Mentions Media Likers": ("Instagram Mentions [Media Likers]",),
    "Custom Comments Package": (
        "Instagram 10 Custom Comments Package",
        "YouTube 25 Custom Comments Package",
    ),
    "Comment Likes": ("Instagram Comment Likes", "YouTube Comment Likes [Real]"),
    "Poll": ("Telegram Poll Votes", "X/Twitter Poll Votes", "Instagram Story Poll Votes"),
    "Comment Replies": ("Instagram Comment Replies", "YouTube Comment Replies"),
    "Invites from Groups": ("Telegram Members - Invites from Groups",),
    "Subscriptions": (
        "Instagram Auto Likes [Subscription]",
        "Instagram Auto Views [Subscription]",
        "Telegram Auto Post Views [Subscription]",
    ),
    "Web Traffic": (
        "Website Traffic from Google [Keyword]",
        "Website Traffic - Custom Referrer",
        "Website Traffic [Worldwide]",
    ),
}

TYPE_CATEGORIES: dict[str, str] = {
    "Package": "Packages",
    "SEO": "SEO Services",
    "Custom Comments": "Custom Comments",
    "Mentions": "Instagram Mentions",
    "Mentions with Hashtags": "Instagram Mentions",
    "Mentions Custom List": "Instagram Mentions",
    "Mentions Hashtag": "Instagram Mentions",
    "Mentions User Followers": "Instagram Mentions",
    "Mentions Media Likers": "Instagram Mentions",
    "Custom Comments Package": "Custom Comments",
    "Comment Likes": "Comment Likes",
    "Poll": "Poll Votes",
    "Comment Replies": "Custom Comments",
    "Invites from Groups": "Telegram Members",
    "Subscriptions": "Auto Likes / Views [Subscriptions]",
    "Web Traffic": "Website Traffic",
}

# Weights for the types of services beyond the fixed ids (Default is the vast majority).
TYPE_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("Default", 840),
    ("Package", 20),
    ("SEO", 8),
    ("Custom Comments", 30),
    ("Mentions", 6),
    ("Mentions with Hashtags", 4),
    ("Mentions Custom List", 4),
    ("Mentions Hashtag", 4),
    ("Mentions User Followers", 4),
    ("Mentions Media Likers", 4),
    ("Custom Comments Package", 10),
    ("Comment Likes", 12),
    ("Poll", 10),
    ("Comment Replies", 8),
    ("Invites from Groups", 6),
    ("Subscriptions", 16),
    ("Web Traffic", 14),
)

DESCRIPTION_LINES: tuple[str, ...] = (
    "No password required.",
    "Make sure the account is public.",
    "Do not place a second order on the same link before the first is completed.",
    "Drops may happen; refill button available.",
    "Link format: the full profile or post URL.",
    "Real-looking profiles with posts.",
)
TURKISH_DESCRIPTION_LINES: tuple[str, ...] = (
    "Şifre gerekmez.",
    "Hesabınız gizli olmamalıdır.",
    "Aynı linke aynı anda ikinci sipariş vermeyin.",
    "Düşüş olursa telafi edilir.",
)

HTML_502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx/1.24.0</center>
</body>
</html>
"""

HTML_503 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Site Maintenance</title>
<style>body{text-align:center;padding:150px;font:20px Helvetica,sans-serif;color:#333}</style>
</head>
<body>
<article>
<h1>We&rsquo;ll be back soon!</h1>
<div><p>Sorry for the inconvenience but we&rsquo;re performing some maintenance at the
moment. We&rsquo;ll be back online shortly!</p><p>&mdash; The Team</p></div>
</article>
</body>
</html>
"""

HTML_500 = """<!DOCTYPE html>
<html>
<head><title>500 Internal Server Error</title></head>
<body>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error or misconfiguration and was unable to complete
your request.</p>
<hr><address>Apache Server</address>
</body>
</html>
"""

HTML_404 = """<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""

HTML_CLOUDFLARE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="robots" content="noindex,nofollow">
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}</style>
</head>
<body class="no-js">
<div class="main-wrapper" role="main">
<div class="main-content">
<h1 class="zone-name-title h1">{host}</h1>
<h2 class="h2" id="challenge-body-text">Checking if the site connection is secure</h2>
<noscript><div id="challenge-error-title"><div class="h2"><span class="icon-wrapper">
</span><span id="challenge-error-text">Enable JavaScript and cookies to continue</span>
</div></div></noscript>
<div id="challenge-body-text" class="core-msg spacer">{host} needs to review the security
of your connection before proceeding.</div>
</div>
</div>
<script>(function(){window._cf_chl_opt={cvId: '2',cZone: '{host}',cType: 'managed',
cRay: '{ray}'};}());</script>
<div class="footer" role="contentinfo"><div class="footer-inner">
<div class="clearfix diagnostic-wrapper"><div class="ray-id">Ray ID: <code>{ray}</code>
</div></div>
<div class="text-center" id="footer-text">Performance &amp; security by Cloudflare</div>
</div></div>
</body>
</html>
"""
