"""The demo's areas: England, the North West and the four partnerships."""

ENGLAND = {"code": "E92000001", "name": "England", "area_type": "England"}
NORTH_WEST = {"code": "E12000002", "name": "North West", "area_type": "Region", "parent_code": "E92000001"}
PARTNERSHIPS = [
    {"code": "E10000017", "name": "Lancashire", "area_type": "County"},
    {"code": "E08000014", "name": "Sefton", "area_type": "Metropolitan district"},
    {"code": "E08000015", "name": "Wirral", "area_type": "Metropolitan district"},
    {"code": "E06000006", "name": "Halton", "area_type": "Unitary authority"},
]
