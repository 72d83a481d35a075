"""The classroom: JupyterHub on one Linux machine, each participant's JupyterLab as their own Unix
account, the nbgrader exchange in a root-owned folder, and the class-grading command for grading.

- ``python -m classroom``: the commands (install, accounts, start, stop, status); see classroom/README.md.
- ``roster``: the class list (CSV: id, name, role) and what each role may do.
- ``accounts``: Unix accounts, the instructors' group and the passwords to hand out.
- ``environment``: the course environment every server runs, built where every account can read it.
- ``hub``: starting and stopping the hub, and finding what it left running.
- ``jupyterhub_config.py``: the hub's configuration, read from the classroom's state folder.
- ``exchange``: nbgrader's exchange with private submissions and feedback.
- ``check_service``: live checks (``course.check()``) and the instructors' class view, a hub service;
  ``check_queue`` its queue, ``check_record`` the record of checks and the class table, ``class_view``
  the page and CSV.
- ``client``: a member's side of the hub (log-in, their server, code in their kernel), for tests and benchmarks;
  ``trial``: a throw-away classroom for them.
"""
