"""Admin: the members of your partnerships and the audit trail (admins only)."""

from ui import admin_view, common

ws = common.workspace()
common.page_title("Who may do what, and who did what?",
                  "Members of the partnerships you administer, every change recorded in the audit trail, and which "
                  "areas are partnerships.")
if admin_view.allowed(ws):
    common.lazy_sections({
        "Members": lambda: admin_view.members(ws),
        "Audit trail": lambda: admin_view.audit(ws),
        "Partnerships": lambda: admin_view.partnerships(ws),
    }, key="admin_tab")
