from cdp_data.core.identity import User, is_loopback, local_mode_refused, local_user, user_from_claims


def test_local_user_is_the_operating_system_account(monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "officer")
    assert local_user() == User(email="officer", name="officer", local=True)


def test_a_workspace_acting_as_someone_shares_the_database(empty_workspace):
    signed_in = User(email="chair@example.org", name="Chair")
    theirs = empty_workspace.acting_as(signed_in)
    assert theirs.user.label == "Chair" and theirs.engine is empty_workspace.engine
    assert empty_workspace.user.local and not theirs.user.local
    theirs.set_setting("probe", "1")
    assert empty_workspace.get_setting("probe") == "1"


# ---- who signed in (OpenID Connect claims, as st.user gives them) ----------------------------------------


def test_a_signed_in_identity_becomes_a_user_with_the_address_in_lower_case():
    claims = {"is_logged_in": True, "email": "Chair@Council.Example", "name": "Partnership Chair", "sub": "x1"}
    assert user_from_claims(claims) == User(email="chair@council.example", name="Partnership Chair")


def test_entra_without_an_email_claim_signs_in_by_its_user_principal_name():
    # what Microsoft Entra ID sends for an account without a mailbox: no "email", a preferred_username
    claims = {"is_logged_in": True, "preferred_username": "analyst@council.example", "name": "Analyst",
              "oid": "00000000-0000-0000-0000-000000000001"}
    assert user_from_claims(claims) == User(email="analyst@council.example", name="Analyst")


def test_nobody_is_signed_in_without_the_flag_or_an_address():
    assert user_from_claims({"is_logged_in": False, "email": "a@b.example"}) is None
    assert user_from_claims({"email": "a@b.example"}) is None  # is_logged_in missing: not signed in
    assert user_from_claims({"is_logged_in": True, "name": "No Address", "email": "  "}) is None
    assert user_from_claims({"is_logged_in": "true", "email": "a@b.example"}) is None  # only True itself
    assert user_from_claims({"is_logged_in": True, "email": "a@b.example"}) == User(email="a@b.example")


def test_loopback_addresses_are_this_computer_only():
    for address in ("localhost", "LOCALHOST", "127.0.0.1", "127.0.1.1", "::1", "[::1]", "unix:///run/cdp.sock"):
        assert is_loopback(address), address
    # unset and empty mean every interface (Streamlit's default); the rest reach the network
    for address in (None, "", "0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "cdp.council.example", "localhost.evil"):
        assert not is_loopback(address), address


def test_local_mode_is_refused_beyond_localhost_unless_forced():
    assert not local_mode_refused(["localhost"], forced=False)
    assert not local_mode_refused(["127.0.0.1", "::1"], forced=False)
    assert local_mode_refused([None], forced=False)  # Streamlit's default: every interface
    assert local_mode_refused(["localhost", "0.0.0.0"], forced=False)  # any address beyond refuses
    assert not local_mode_refused([None, "0.0.0.0"], forced=True)  # CDP_LOCAL_MODE=1
