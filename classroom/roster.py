"""The class list: a CSV file with the columns id, name, role.

``id`` becomes the Unix account and the nbgrader student id; ``role`` is one of ROLES.  An
instructor gets nbgrader's formgrader and the class tools of the hub; only ``instructor+servers``
may also open participants' servers (JupyterHub's ``access:servers``).
"""
import csv
import re
from dataclasses import dataclass
from pathlib import Path

PARTICIPANT, INSTRUCTOR, INSTRUCTOR_SERVERS = "participant", "instructor", "instructor+servers"
ROLES = (PARTICIPANT, INSTRUCTOR, INSTRUCTOR_SERVERS)
# a Unix user name that nbgrader also takes as a student id (no '+', which its exchange uses as a separator)
ID = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str

    @property
    def instructor(self):
        return self.role != PARTICIPANT

    @property
    def enters_servers(self):
        return self.role == INSTRUCTOR_SERVERS


def read(path):
    """The roster's members, in file order; a ValueError names the line and what is wrong with it."""
    path = Path(path)
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows or [h.strip().lower() for h in rows[0]] != ["id", "name", "role"]:
        raise ValueError(f"{path}: the first line must be the header id,name,role")
    members, seen = [], set()
    for n, row in enumerate(rows[1:], start=2):
        if not any(x.strip() for x in row):
            continue
        if len(row) != 3:
            raise ValueError(f"{path}, line {n}: expected 3 columns (id, name, role), got {len(row)}")
        who, name, role = (x.strip() for x in row)
        if not ID.match(who):
            raise ValueError(f"{path}, line {n}: id {who!r} is not a Unix user name (lower-case letters, digits, "
                             "'_' and '-', starting with a letter, at most 32 characters)")
        if role not in ROLES:
            raise ValueError(f"{path}, line {n}: role {role!r} is not one of {', '.join(ROLES)}")
        if who in seen:
            raise ValueError(f"{path}, line {n}: id {who!r} is listed twice")
        seen.add(who)
        members.append(Member(who, name, role))
    if not any(m.instructor for m in members):
        raise ValueError(f"{path}: no instructor: at least one member needs the role {INSTRUCTOR}")
    return members
