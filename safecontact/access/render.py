"""Renders the permission matrix as Markdown for docs/access-matrix.md (checked by a test)."""

from safecontact.access.policy import ACTION_DESCRIPTIONS, POLICY, Action, Role

SHORT = {
    Role.STAFF: "Staff", Role.MANAGER: "Mgr", Role.COUNCILLOR: "Cllr", Role.CONTRACTOR: "Contr",
    Role.PARTNER: "Partner", Role.REGISTER_OFFICER: "RegOff", Role.REGISTER_MANAGER: "RegMgr",
    Role.DECISION_MAKER: "DecMkr", Role.HS_ADVISER: "H&S", Role.GOVERNANCE_MEMBER: "Gov",
    Role.APPEALS_OFFICER: "Appeals", Role.DPO: "DPO", Role.SYSADMIN: "Admin",
}


def render_matrix_markdown() -> str:
    roles = list(Role)
    lines = [
        "# Access matrix",
        "",
        "Generated from `safecontact/access/policy.py` by `safecontact/access/tests/test_policy.py`; do not edit by hand.",
        "Run `make matrix` after changing the policy. Anything not marked is denied. Rows a role may reach are",
        "further limited to its council (and, for partners, to what a current data-sharing agreement allows).",
        "",
        "Roles: " + "; ".join(f"**{SHORT[r]}** = {r.label}" for r in roles) + ".",
        "",
        "MFA is required for every role (access/middleware.py): every role sees personal data, if only through checks.",
        "",
        "| Action | " + " | ".join(SHORT[r] for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for action in Action:
        allowed = POLICY.get(action, frozenset())
        cells = ["✔" if role in allowed else "" for role in roles]
        lines.append(f"| {ACTION_DESCRIPTIONS[action]} (`{action}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
