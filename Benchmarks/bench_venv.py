"""The benchmarks' shared venv with scipy (HiGHS through scipy.optimize.milp) and what else a script asks for.

It lives in ${TMPDIR:-/tmp}/clustermatch-bench/venv and is reused when present.
"""
import os
import subprocess
import sys

WORK = os.path.join(os.environ.get("TMPDIR", "/tmp"), "clustermatch-bench")
VENV = os.path.join(WORK, "venv")


def ensure_venv(script, extra=()):
    """Re-runs `script` inside the venv, creating it and installing scipy if needed.

    `extra` names further modules to import, each installed under the same name from PyPI
    when missing (issue 12's ranker needs lightgbm).
    """
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(py):
        os.makedirs(WORK, exist_ok=True)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    if subprocess.call([py, "-c", "import scipy.optimize; scipy.optimize.milp"], stderr=subprocess.DEVNULL) != 0:
        subprocess.check_call([py, "-m", "pip", "install", "--quiet", "scipy>=1.9"])
    for module in extra:
        if subprocess.call([py, "-c", f"import {module}"], stderr=subprocess.DEVNULL) != 0:
            subprocess.check_call([py, "-m", "pip", "install", "--quiet", module])
    os.execv(py, [py, os.path.abspath(script)] + sys.argv[1:])
