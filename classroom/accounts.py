"""Unix accounts for the roster: one per member, homes only their owner can enter, the instructors'
group, and a password for each new account that the instructor hands out (PAM checks it at log-in).
"""
import csv
import grp
import os
import pwd
import secrets
import subprocess


# no 0/O, 1/l/I: read aloud or copied from paper without mistakes
ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"
FIRST_UID = 1000      # accounts below are the system's: a roster id that names one is refused


def password():
    return "".join(secrets.choice(ALPHABET) for _ in range(12))


def exists(who):
    try:
        return pwd.getpwnam(who)
    except KeyError:
        return None


def ensure_group(name):
    try:
        grp.getgrnam(name)
    except KeyError:
        subprocess.run(["groupadd", "--system", name], check=True)


def create(members, group, passwords_file, reset=False):
    """Create what is missing; returns the rows (id, name, role, password) of the accounts given a password.

    Existing accounts keep their password unless ``reset``; every member's group membership is set
    from their role, so a participant who was an instructor loses the course folder.
    """
    ensure_group(group)
    handed = []
    for m in members:
        entry = exists(m.id)
        if entry is not None and entry.pw_uid < FIRST_UID:
            raise SystemExit(f"roster id {m.id!r} is a system account (uid {entry.pw_uid}); choose another id")
        if entry is None:
            # HOME_MODE 0700: nobody else can list or read a participant's work (useradd's default here is 0755)
            subprocess.run(["useradd", "--create-home", "-K", "HOME_MODE=0700", "--shell", "/bin/bash",
                            "--comment", m.name.replace(":", " "), m.id], check=True)
        else:
            os.chmod(entry.pw_dir, 0o700)
        members_of = set(grp.getgrnam(group).gr_mem)
        if m.instructor and m.id not in members_of:
            subprocess.run(["gpasswd", "--add", m.id, group], check=True, capture_output=True)
        elif not m.instructor and m.id in members_of:
            subprocess.run(["gpasswd", "--delete", m.id, group], check=True, capture_output=True)
        if entry is None or reset:
            pw = password()
            subprocess.run(["chpasswd"], input=f"{m.id}:{pw}\n", text=True, check=True)
            handed.append((m.id, m.name, m.role, pw))
    if handed:
        write_passwords(passwords_file, handed)
    return handed


def write_passwords(path, rows):
    """Add rows to the hand-out sheet (root only), newest last; a member listed again has a new password."""
    new = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["id", "name", "role", "password"])
        w.writerows(rows)


def remove(ids):
    """Delete the accounts and their homes (tests; a class that has ended)."""
    for who in ids:
        if exists(who):
            subprocess.run(["pkill", "-KILL", "-u", who], capture_output=True)
            subprocess.run(["userdel", "--remove", who], capture_output=True)
