from cdp_data.core.identity import User, local_user


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
