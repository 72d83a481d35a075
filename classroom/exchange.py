"""nbgrader's exchange, with submissions and feedback that only their participant and the
instructors can read.

nbgrader 0.9.6 makes each submission folder mode 0777 (readable by anyone who learns its name,
and it holds the secret that names the feedback) and each released feedback file 0644.  Here
both are closed to everyone else, and an ACL entry opens each to the one reader it lacks: a
submission to the instructors' group (the group of the exchange's ``inbound``), a feedback file
to its participant.  ACLs because neither side may hand a file to the other's group: nbgrader's
copy drops the setgid bit that would have given a submission the instructors' group.
"""
import glob
import os
import re
import subprocess

from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback
from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import notebook_hash


def grant(path, entry, recursive=False):
    """Add one ACL entry (setfacl syntax); only the file's owner may."""
    subprocess.run(["setfacl", *(["-R"] if recursive else []), "-m", entry, str(path)], check=True,
                   capture_output=True)


class PrivateSubmit(ExchangeSubmit):
    def copy_files(self):
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        for folder, _, files in os.walk(dest):
            os.chmod(folder, 0o700)
            for f in files:
                os.chmod(os.path.join(folder, f), 0o600)
        # read (and list) for the instructors: nbgrader collect copies it
        grant(dest, f"g:{os.stat(self.inbound_path).st_gid}:rX", recursive=True)


class PrivateReleaseFeedback(ExchangeReleaseFeedback):
    def copy_files(self):
        super().copy_files()
        for student, path in self.released():
            os.chmod(path, 0o640)      # the instructors' group (the feedback folder's, setgid) and ...
            grant(path, f"u:{student}:r")   # ... its participant

    def released(self):
        """(student id, released file) for each feedback file that copy_files wrote, named as it names them."""
        pattern = re.compile(re.escape(os.path.sep).join([
            self.coursedir.format_path(self.coursedir.feedback_directory, "(?P<student>[^/]+)",
                                       self.coursedir.assignment_id, escape=True),
            r"(?P<notebook>[^/]+)\.html"]))
        for html in glob.glob(os.path.join(self.src_path, "*.html")):
            m = pattern.fullmatch(html)
            secret_file = os.path.join(os.path.dirname(html), "submission_secret.txt")
            if m is None or not os.path.exists(secret_file):
                continue
            with open(secret_file) as fh:
                checksum = notebook_hash(secret=fh.read(), notebook_id=m["notebook"])
            path = os.path.join(self.dest_path, f"{checksum}.html")
            if os.path.exists(path):
                yield m["student"], path
