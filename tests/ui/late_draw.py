"""The check of tests/ui/test_late_drawn_widgets.py, shared with page tests that set widgets through a button."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def not_drawn_from_their_value(at: AppTest) -> list[str]:
    """The selectboxes, radios and toggles on the page whose default (what the browser starts from when it draws
    the widget) is not the value they show: each as "key: default → value"."""
    off = []
    for widget in [*at.selectbox, *at.radio]:
        if widget.index is None:  # empty (a placeholder): the default must be empty too
            if widget.proto.HasField("default"):
                off.append(f"{widget.key}: {widget.options[widget.proto.default]} → nothing")
        elif not widget.proto.HasField("default") or widget.proto.default != widget.index:
            default = widget.options[widget.proto.default] if widget.proto.HasField("default") else "nothing"
            off.append(f"{widget.key}: {default} → {widget.options[widget.index]}")
    off += [f"{t.key}: {t.proto.default} → {t.value}" for t in at.toggle if t.proto.default != t.value]
    return off
