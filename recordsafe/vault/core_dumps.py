"""No core dumps of the app's process: one would hold names, note text and key material.

Done first thing at start, as KeePassXC's Bootstrap::disableCoreDumps does on each
platform: RLIMIT_CORE = 0 (POSIX), not dumpable (Linux: also keeps other processes of
the same user from reading its memory), no debugger attach (macOS), and on Windows a
process DACL that denies other processes the right to read its memory (what
MiniDumpWriteDump and Windows Error Reporting need).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

PR_SET_DUMPABLE = 4
PT_DENY_ATTACH = 31


def disable_core_dumps() -> bool:
    """Best effort; False when a step failed (the app still runs, as KeePassXC's does)."""
    ok = True
    if sys.platform != "win32":
        import resource  # noqa: PLC0415 (POSIX only)

        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (OSError, ValueError):
            ok = False
    if sys.platform.startswith("linux"):
        ok = _libc_call("prctl", PR_SET_DUMPABLE, 0, 0, 0, 0) and ok
    elif sys.platform == "darwin":
        ok = _libc_call("ptrace", PT_DENY_ATTACH, 0, 0, 0) and ok
    elif sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        ok = _windows_owner_only_dacl()
    return ok


def _libc_call(name: str, *args: int) -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        return int(getattr(libc, name)(*args)) == 0
    except (OSError, AttributeError):
        return False


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    from ctypes import wintypes

    def _windows_owner_only_dacl() -> bool:
        """KeePassXC's createWindowsDACL: the user may wait on, query and end the
        process; nobody else (the user's other programs included) may read its memory."""
        advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        token = wintypes.HANDLE()
        if not advapi32.OpenProcessToken(kernel32.GetCurrentProcess(), 0x0008, ctypes.byref(token)):
            return False
        try:
            size = wintypes.DWORD()
            advapi32.GetTokenInformation(token, 1, None, 0, ctypes.byref(size))
            buffer = ctypes.create_string_buffer(size.value)
            if not advapi32.GetTokenInformation(token, 1, buffer, size, ctypes.byref(size)):
                return False
            sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]
            text = wintypes.LPWSTR()
            if not advapi32.ConvertSidToStringSidW(ctypes.c_void_p(sid), ctypes.byref(text)):
                return False
            user = text.value
            kernel32.LocalFree(text)
        finally:
            kernel32.CloseHandle(token)
        # SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE for the
        # user; READ_CONTROL for "owner rights" (otherwise full control); nothing else.
        sddl = f"D:P(A;;0x00101001;;;{user})(A;;0x00020000;;;OW)"
        descriptor = ctypes.c_void_p()
        if not advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl, 1, ctypes.byref(descriptor), None
        ):
            return False
        try:
            present, defaulted = wintypes.BOOL(), wintypes.BOOL()
            dacl = ctypes.c_void_p()
            if not advapi32.GetSecurityDescriptorDacl(
                descriptor, ctypes.byref(present), ctypes.byref(dacl), ctypes.byref(defaulted)
            ):
                return False
            # SE_KERNEL_OBJECT = 6, DACL_SECURITY_INFORMATION = 4
            result = advapi32.SetSecurityInfo(
                kernel32.GetCurrentProcess(), 6, 4, None, None, dacl, None
            )
            return int(result) == 0
        finally:
            kernel32.LocalFree(descriptor)
