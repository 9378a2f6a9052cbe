"""Guards against Qt binding releases with bugs that would crash the app mid-session."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# PySide6 6.12.0 drops a reference to True/False each time a slot returning a bool is
# called from a signal; on Python 3.11 (whose bools are not immortal) the process
# aborts after a few hundred clicks. Run it in a child so a bad binding fails this test
# instead of aborting the whole run.
PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal()

    emitter = Emitter()
    emitter.fired.connect(lambda: True)
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.fired.emit()
    print(sys.getrefcount(True) - before)
    """
)


def test_slots_returning_bools_keep_their_reference_counts() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip()) >= 0, "this PySide6 release under-counts True/False"
