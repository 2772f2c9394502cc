"""The "What would it take?" tab names the selected partnership's own reported caseload, never another's
(Wirral once read Lancashire's "65 to 75" sentence)."""

from cdp_data.services import unmet_need as un
from tests.ui.test_pages_indicators import _open


def test_each_partnership_reads_its_own_caseload_or_that_none_is_loaded(workspace):
    lancashire = un.caseload_sentence(workspace, "E10000017", "Lancashire")
    # The demo's figure, from Lancashire's Health and Wellbeing Board report (5 Mar 2024): 65 to 75, midpoint 70.
    assert lancashire.startswith("The national ambition is a caseload of 40 per worker; Lancashire reported 70 in "
                                 "2024 (reported as 65 to 75 per worker; midpoint shown; source: Lancashire")
    assert un.caseload_sentence(workspace, "E08000015", "Wirral") == (
        "The national ambition is a caseload of 40 per worker; no caseload figure for Wirral is loaded "
        "(indicator caseload_per_worker).")


def test_the_tab_for_wirral_says_nothing_of_lancashires_caseload(workspace):
    at = _open("pages/unmet_need.py", partnership="E08000015", unmet_need_tab="What would it take?")
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "no caseload figure for Wirral is loaded" in captions and "Lancashire" not in captions
