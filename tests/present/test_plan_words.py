"""The delivery plan's words: statuses, captions, change tables."""

from __future__ import annotations

import datetime as dt

from cdp_data.present import plan as plan_words


def _tracked(rows):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["action", "priority", "lead", "due", "status"])
    return plan_words.with_status_words(frame)


def test_with_status_words_and_status_word():
    frame = _tracked([("A", "P1", "Jo", None, "red"), ("B", "P1", "Jo", None, None)])
    assert frame["status_word"].tolist() == ["Red", "No status"]
    assert plan_words.status_word("not_started") == "Not started" and plan_words.status_word(float("nan")) == "No status"

def test_version_caption_uses_a_uk_date():
    import pandas as pd
    row = pd.Series({"filename": "plan.xlsx", "uploaded_at": dt.datetime(2025, 3, 31, 14, 5)})
    assert plan_words.version_caption(row) == "plan.xlsx, uploaded 31 Mar 2025"

def test_change_table_shows_status_words_and_drops_an_empty_ref():
    import pandas as pd
    table = pd.DataFrame({"ref": [None, None], "action": ["A", "B"], "status": ["amber", "not_started"]})
    shown = plan_words.change_table(table)
    assert shown.columns.tolist() == ["action", "status"]
    assert shown["status"].tolist() == ["Amber", "Not started"]
    kept = plan_words.change_table(table.assign(ref=["1.1", None]))
    assert kept["ref"].iloc[0] == "1.1" and kept["ref"].isna().iloc[1]


def test_a_version_without_an_uploader_name_says_no_one_not_nan():
    from types import SimpleNamespace

    import pandas as pd

    from cdp_data.present.plan import version_label

    row = dict(version=3, filename="plan.xlsx", uploaded_at=pd.Timestamp("2026-12-02 05:32"), is_synthetic=False)
    assert version_label(SimpleNamespace(**row, uploaded_by=float("nan"))) == "Version 3: plan.xlsx, 2 Dec 2026 05:32"
    assert version_label(SimpleNamespace(**row, uploaded_by="Test Editor")) == \
        "Version 3: plan.xlsx, 2 Dec 2026 05:32 by Test Editor"
