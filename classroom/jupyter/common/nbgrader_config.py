"""nbgrader in every classroom server (first on JUPYTER_CONFIG_PATH, see classroom/jupyterhub_config.py).

The hub hands each server the exchange folder and, for instructors, the course root through the
environment, so one installed environment serves any classroom on the machine.
"""
import os

c = get_config()  # noqa: F821  (injected by traitlets)

c.CourseDirectory.course_id = "backprop-workbook"
c.Exchange.root = os.environ.get("BACKPROP_EXCHANGE", "/srv/backprop-classroom/exchange")
# submissions and feedback readable by their participant and the instructors only (nbgrader's own
# exchange leaves both readable by anyone who learns a folder's or a file's name)
c.ExchangeFactory.submit = "classroom.exchange.PrivateSubmit"
c.ExchangeFactory.release_feedback = "classroom.exchange.PrivateReleaseFeedback"

if os.environ.get("BACKPROP_NBGRADER_ROOT"):          # instructors only
    c.CourseDirectory.root = os.environ["BACKPROP_NBGRADER_ROOT"]
    # several instructors share the course's exchange folders through their Unix group
    c.CourseDirectory.groupshared = True
