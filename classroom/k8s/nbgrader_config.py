"""nbgrader in every pod of the classroom on Kubernetes: the images' /etc/jupyter/nbgrader_config.py.

The exchange is ngshare, over HTTP (no disk is shared between pods). The hub's pre-spawn hook
(values.yaml, hub.extraConfig) gives each server its class, BACKPROP_COURSE_ID, and its role,
BACKPROP_ROLE; the grading Job sets BACKPROP_COURSE_ID and passes --course itself.
"""
import os

from ngshare_exchange import configureExchange

c = get_config()  # noqa: F821  (injected by traitlets)

# http://proxy-public/services/ngshare in the hub's namespace (values.yaml singleuser.extraEnv);
# without it ngshare_exchange guesses the same address from the proxy's service variables
configureExchange(c, os.environ.get("NGSHARE_URL") or None)
# '*': every ngshare course the member belongs to
c.CourseDirectory.course_id = os.environ.get("BACKPROP_COURSE_ID", "*")

# An instructor's course folder (a clone of the private repository, with solutions/) is
# BACKPROP_COURSE_ROOT; its own nbgrader_config.py names the folders (solutions/ the source, the
# repository root the release). The formgrader reads only the Jupyter config path, so it is loaded
# here, and the class's course id set again after it.
_course_config = os.path.join(os.environ.get("BACKPROP_COURSE_ROOT", ""), "nbgrader_config.py")
if os.environ.get("BACKPROP_ROLE", "").startswith("instructor") and os.path.isfile(_course_config):
    load_subconfig(_course_config)  # noqa: F821  (injected by traitlets)
    c.CourseDirectory.course_id = os.environ.get("BACKPROP_COURSE_ID", "*")
