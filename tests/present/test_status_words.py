"""The status words: every status has a style, Awaiting data's text is readable on its colour (WCAG contrast
computed by hand from the sRGB formula), and the rule in words names the as-of judgement and the thresholds."""

from cdp_data import targets as tg
from cdp_data.present import targets as words


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_status_has_a_style_and_awaiting_data_is_its_own():
    assert set(words.STATUS_STYLE) == set(tg.STATUSES)
    awaiting = words.STATUS_STYLE[tg.AWAITING_DATA]
    others = [s for k, s in words.STATUS_STYLE.items() if k != tg.AWAITING_DATA]
    assert awaiting["symbol"] not in {s["symbol"] for s in others}
    assert awaiting["colour"] not in {s["colour"] for s in others}
    # black on #56B4E9: luminance 0.405 -> (0.405 + 0.05) / 0.05 = 9.1
    assert round(contrast(awaiting["colour"], awaiting["text_colour"]), 1) == 9.1
    assert contrast(awaiting["colour"], awaiting["text_colour"]) >= 4.5


def test_the_rule_in_words_covers_passed_dates_and_stale_data():
    rule = words.STATUS_RULE
    assert "**Awaiting data**" in rule and "as of today" in rule
    assert "over 4 months for monthly figures, 6 for quarterly, 15 for annual" in rule
    assert "awaiting_data" in words.REASONS and "met_by_date" in words.REASONS and "missed" in words.REASONS
    assert set(words.REASONS) == set(tg.rule.REASON_CODES)


def test_data_to_text_and_months():
    import datetime as dt
    assert words.data_to_text(dt.date(2023, 11, 30)) == "data to Nov 2023"
    assert words.data_to_text(None) is None
    assert (words.months_text(1), words.months_text(36)) == ("1 month old", "36 months old")


def test_every_pill_is_readable():
    """WCAG AA asks 4.5:1 for text. Worked by hand: #009E73 has luminance 0.257, so white on it is
    1.05 / 0.307 = 3.4 (too low) and black 0.307 / 0.05 = 6.1; #D55E00 has 0.222: white 3.9, black 5.4."""
    assert round(contrast("#009E73", "#FFFFFF"), 1) == 3.4 and round(contrast("#D55E00", "#FFFFFF"), 1) == 3.9
    assert round(contrast("#009E73", "#000000"), 1) == 6.1 and round(contrast("#D55E00", "#000000"), 1) == 5.4
    for status, style in words.STATUS_STYLE.items():
        assert contrast(style["colour"], style["text_colour"]) >= 4.5, status
