"""The `recordsafe` command: the GUI by default, and a few vault tasks for the terminal.

    recordsafe                       open the app (also `python -m recordsafe`)
    recordsafe --demo                open the app on the demo vault (fictional records)
    recordsafe --self-test           create, unlock and lock a throw-away vault (exit 0: all well)
    recordsafe create VAULT          a new vault; prints the recovery code once
    recordsafe demo VAULT [--size small|practice]   a vault with a fictional practice
    recordsafe verify VAULT          every integrity check; exit 1 if one fails
    recordsafe change-passphrase VAULT
    recordsafe recover VAULT         recovery code, then a new passphrase
    recordsafe info VAULT            what keyslots.json says, without any secret
    recordsafe backup VAULT DEST     one .rsbackup file in the folder DEST (--keep N prunes)
    recordsafe verify-backup FILE    unpack a copy and run every check; exit 1 if one fails
    recordsafe restore FILE VAULT    verify, then put the vault at VAULT (--replace sets an
                                     existing vault aside, never deletes it)

Secrets are never taken from the command line (they would sit in the shell history and
the process list). They come from `--passphrase-file FILE` (its first line), or from
standard input when it is not a terminal (one secret per line, in the order the command
asks for them), or from a hidden prompt.

Exit status: 0 success; 1 a failed check, a wrong secret or another known vault problem
(its plain message goes to stderr); 2 a usage error.

Test hook: when the environment variable `RECORDSAFE_TEST_KDF=1` is set, vaults are
created and slots rewritten with the cheap `TEST_PARAMS` instead of calibrated Argon2id,
and every run says "test KDF parameters in use" on stderr. Tests use it; nobody else should.
"""

from __future__ import annotations

import argparse
import errno
import glob
import json
import logging
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from recordsafe import __version__
from recordsafe.app_config import AppConfig
from recordsafe.cli_input import Failed, Secrets, UsageError, checked_path
from recordsafe.display_check import check_display
from recordsafe.vault import (
    TEST_PARAMS,
    VAULT_SUFFIX,
    KdfParams,
    VaultDamaged,
    VaultError,
    VaultSession,
    WrongSecret,
    create_vault,
    device_keys,
    is_vault_folder,
    keyslots,
    open_vault,
    recover,
)
from recordsafe.vault.atomic import storage_error
from recordsafe.vault.backup import (
    BACKUP_SUFFIX,
    BackupVerifyReport,
    backup_slot_kinds,
    create_backup,
    prune_backups,
    read_manifest,
    restore_backup,
    verify_backup,
)
from recordsafe.vault.core_dumps import disable_core_dumps
from recordsafe.vault.keyslots import SlotKind
from recordsafe.vault.passphrase_policy import estimate

log = logging.getLogger(__name__)

TEST_KDF_ENV = "RECORDSAFE_TEST_KDF"
UNEXPECTED = (
    "RecordSafe hit an unexpected problem; nothing was changed. "
    "Details (without any record content) are in the log."
)


# --- helpers ------------------------------------------------------------------------------


def _kdf() -> KdfParams | None:
    """None means: calibrate Argon2id on this machine (the only choice outside tests)."""
    if os.environ.get(TEST_KDF_ENV) == "1":
        print("Warning: test KDF parameters in use (weak; tests only).", file=sys.stderr)
        return TEST_PARAMS
    return None


def _existing_vault(text: str) -> Path:
    """The vault folder the user meant: as typed, or with the .rsvault suffix added."""
    folder = checked_path(text, "vault path")
    if not folder.name:  # "/" or ".": not a vault, and no name to add the suffix to
        return folder
    with_suffix = folder.with_name(folder.name + VAULT_SUFFIX)
    if (
        not is_vault_folder(folder)
        and folder.suffix != VAULT_SUFFIX
        and is_vault_folder(with_suffix)
    ):
        return with_suffix
    return folder


def _new_vault(text: str, *, room: int = 0) -> Path:
    folder = checked_path(text, "vault path")
    if not folder.name:
        raise UsageError(f"'{text}' is not a name for a new vault: name a new folder.")
    if folder.suffix != VAULT_SUFFIX:
        folder = folder.with_name(folder.name + VAULT_SUFFIX)
    return checked_path(str(folder), "vault path", room=room)


@contextmanager
def _opened(folder: Path, secrets: Secrets, kdf: KdfParams | None) -> Iterator[VaultSession]:
    session = open_vault(folder, secrets.current(), kdf=kdf)
    try:
        yield session
    finally:
        session.lock()


def _secrets(args: argparse.Namespace) -> Secrets:
    return Secrets(getattr(args, "passphrase_file", None), sys.stdin, sys.stderr)


# --- commands -----------------------------------------------------------------------------


def cmd_create(args: argparse.Namespace) -> int:
    folder = _new_vault(args.vault)
    secrets = _secrets(args)
    passphrase = secrets.new_passphrase(from_file=True)
    kdf = _kdf()
    if kdf is None:
        print("Creating the vault (deriving keys takes a second or two)…")
    made = create_vault(folder, passphrase, kdf=kdf)
    try:
        name, code = made.session.name, made.recovery_code
    finally:
        made.session.lock()
    print(f"Created the vault '{name}' at {folder}")
    print()
    print("Your recovery code (shown once; write it down now and keep it somewhere safe):")
    print()
    print(f"    {code}")
    print()
    print("Anyone with this code and your vault or a backup can read your records.")
    print("If you forget your passphrase, it is the only way back in: `recordsafe recover VAULT`.")
    if args.emergency_kit:
        from recordsafe.vault.emergency_kit import write_emergency_kit  # noqa: PLC0415 (slow)

        target = checked_path(args.emergency_kit, "Emergency Kit file")
        try:
            write_emergency_kit(target, vault_name=name, vault_folder=folder, recovery_code=code)
        except VaultError as exc:
            print(
                f"The vault was created, but the Emergency Kit was not saved: {exc.message}",
                file=sys.stderr,
            )
            return 1
        print(f"Emergency Kit saved to {target}. Print it, then delete the file.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """A new vault filled with a fictional practice, for trying the app and for benchmarks."""
    from recordsafe.records import demo_data  # noqa: PLC0415 (only for this command)

    folder = _new_vault(args.vault)
    passphrase = _secrets(args).new_passphrase(from_file=True)
    # The whole build, key derivation included: the records alone can take a few ms,
    # which printed as "0.0 s".
    started = time.perf_counter()
    made = create_vault(folder, passphrase, kdf=_kdf())
    try:
        demo_data.populate(made.session, args.size)
        code = made.recovery_code
    finally:
        made.session.lock()
    print(f"Built a {args.size} demo practice (fictional records) at {folder} "
          f"in {_duration(time.perf_counter() - started)}.")  # fmt: skip
    print(f"Its recovery code: {code}")
    return 0


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def cmd_verify(args: argparse.Namespace) -> int:
    folder = _existing_vault(args.vault)
    with _opened(folder, _secrets(args), _kdf()) as session:
        report = session.verify()  # includes what unlocking itself found
    for line in report.lines():
        print(line)
    if report.ok:
        print("All checks passed.")
        return 0
    print("Some checks FAILED. Keep your backups; do not delete anything yet.", file=sys.stderr)
    return 1


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    folder = _existing_vault(args.vault)
    secrets = _secrets(args)
    kdf = _kdf()
    with _opened(folder, secrets, kdf) as session:
        new = secrets.new_passphrase()
        if problem := estimate(new).problem:
            raise Failed(f"{problem} The passphrase was not changed.")
        session.change_passphrase(new)
    print("The passphrase was changed. The recovery code still works.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    folder = _existing_vault(args.vault)
    secrets = _secrets(args)
    code = secrets.code()
    new = secrets.new_passphrase(from_file=True)
    kdf = _kdf()
    recover(folder, code, new, kdf=kdf).lock()
    print("A new passphrase is set. Unlock with it from now on; the recovery code still works.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    folder = _existing_vault(args.vault)
    if not folder.is_dir():
        raise Failed(f"There is no vault at '{folder}' (the folder is missing).")
    if not folder.name.endswith(VAULT_SUFFIX) and not is_vault_folder(folder):
        raise Failed(
            f"'{folder}' is not a RecordSafe vault: a vault is a folder named "
            f"NAME{VAULT_SUFFIX} holding keyslots.json."
        )
    doc = keyslots.read(folder)  # strict: a damaged file is a VaultFormatError
    raw = json.loads((folder / keyslots.KEYSLOTS_FILE).read_bytes())
    print(f"Vault:          {folder}")
    print(f"Vault id:       {doc.vault_id}")
    print(f"Format version: {raw.get('version')}")
    print(f"Audit entries:  {doc.audit_head.count}")
    print(f"Key slots ({len(doc.slots)}):")
    for slot in doc.slots:
        print(f"  - {slot.kind:<10} {slot.label!r:<28} created {slot.created_at}")
    print("(Read without a key, so not verified: run `recordsafe verify` for that.)")
    return 0


# --- backups ------------------------------------------------------------------------------

# How `restore_backup` names a vault it sets aside (`<target>.before-restore-<stamp>`).
ASIDE_MARK = ".before-restore-"


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _backup_file(text: str) -> Path:
    path = checked_path(text, "backup file")
    if not path.is_file():
        raise Failed(f"There is no backup file at '{path}'.")
    return path


# Which secret opens a backup, as the user names it, and the option that asks for it.
SECRET_KINDS: dict[SlotKind, tuple[str, str]] = {
    "passphrase": ("passphrase", "the default"),
    "recovery": ("recovery code", "--recovery-code"),
    "custodian": ("custodian code", "--custodian-code"),
}


def _slot_words(kinds: list[SlotKind]) -> str:
    return ", ".join(
        f"{SECRET_KINDS[k][0]} ({SECRET_KINDS[k][1]})" for k in SECRET_KINDS if k in kinds
    )


def _backup_secret(args: argparse.Namespace, file: Path) -> tuple[str, tuple[SlotKind, ...]]:
    """The one secret that opens a backup: its passphrase, or the code the option names.

    It comes the same way whatever its kind (file, piped stdin, hidden prompt); the kinds
    the backup's own key slots hold are shown first, and a kind it lacks is refused.
    """
    kind: SlotKind = (
        "recovery" if args.recovery_code else "custodian" if args.custodian_code else "passphrase"
    )
    held = backup_slot_kinds(file)
    print(f"Opens with:     {_slot_words(held)}")
    name = SECRET_KINDS[kind][0]
    if kind not in held:
        raise Failed(
            f"This backup has no {name}: it opens with {_slot_words(held)}. Nothing was changed."
        )
    return _secrets(args).current(f"{name.capitalize()}: ", name), (kind,)


@contextmanager
def _explained_wrong_secret(kinds: tuple[SlotKind, ...], file: Path) -> Iterator[None]:
    try:
        yield
    except WrongSecret:
        raise Failed(
            f"That {SECRET_KINDS[kinds[0]][0]} does not open this backup. It opens with "
            f"{_slot_words(backup_slot_kinds(file))}. Nothing was changed."
        ) from None


def cmd_backup(args: argparse.Namespace) -> int:
    folder = _existing_vault(args.vault)
    dest = checked_path(args.dest, "backup folder")
    # Checked before the passphrase is asked for. Never created: a missing folder is most
    # often a backup drive that is not plugged in, and a backup must not silently land on
    # the internal disk instead.
    if not dest.is_dir():
        raise Failed(
            f"There is no folder at '{dest}' (was a backup drive removed?). RecordSafe does "
            "not create it; plug the drive in or create the folder, then try again. "
            "No backup was written."
        )
    with _opened(folder, _secrets(args), _kdf()) as session:
        vault_id = session.vault_id
        print("Writing the backup…")
        written = create_backup(session, dest)
    print(f"Backup written: {written}")
    print(f"Size: {_size_text(written.stat().st_size)}")
    manifest = read_manifest(written)  # cheap: structure and manifest, not every byte
    if manifest.vault_id != vault_id:
        raise Failed(f"The backup at '{written}' names another vault; do not rely on it.")
    print(f"Manifest check: ok (vault {manifest.vault_id}, made at {manifest.created_at})")
    if args.keep is not None:
        try:
            removed = prune_backups(dest, vault_id, args.keep)
        except VaultError as exc:
            raise Failed(
                f"The backup was written, but older ones were not removed: {exc.message}"
            ) from None
        for path in removed:
            print(f"Removed an older backup: {path.name}")
        print(f"Kept the newest {args.keep} backup(s) of this vault in {dest}.")
    print("For a full check (it needs the passphrase): recordsafe verify-backup FILE")
    return 0


def _print_manifest_facts(vault_id: str, created_at: str, app_version: str) -> None:
    print(f"Vault id:       {vault_id}")
    print(f"Made at:        {created_at}")
    print(f"App version:    {app_version}")


def cmd_verify_backup(args: argparse.Namespace) -> int:
    file = _backup_file(args.file)
    manifest = read_manifest(file)  # a foreign or broken file is refused before any secret
    print(f"Backup:         {file}")
    _print_manifest_facts(manifest.vault_id, manifest.created_at, manifest.app_version)
    secret, kinds = _backup_secret(args, file)
    try:
        with _explained_wrong_secret(kinds, file):
            report = verify_backup(file, secret, kinds=kinds)
    except VaultDamaged as exc:  # a member that fails its checksum: the first check failed
        report = BackupVerifyReport(checks={"backup file": [exc.message]})
    for line in report.lines():
        print(line)
    if report.ok:
        print("All checks passed: this backup restores.")
        return 0
    print("Some checks FAILED. Do not rely on this backup; use another one.", file=sys.stderr)
    return 1


def _restore_target(text: str) -> Path:
    """VAULT as typed when it exists; else a vault folder with the suffix, as `create` does."""
    folder = _existing_vault(text)
    if os.path.lexists(folder):
        return folder
    # Room for the names a restore adds: its ".NAME.restore-run-<12 hex>" work folder
    # and the "NAME.before-restore-YYYYMMDD-HHMMSS" an old vault is set aside as.
    return _new_vault(text, room=len(".before-restore-YYYYMMDD-HHMMSS-2"))


def _holds_something(path: Path) -> bool:
    try:
        return os.path.lexists(path) and (not path.is_dir() or any(path.iterdir()))
    except OSError:
        return True  # unreadable: let the restore itself explain


def _kept_aside(target: Path) -> set[Path]:
    try:
        return set(target.parent.glob(f"{glob.escape(target.name)}{ASIDE_MARK}*"))
    except OSError:
        return set()


def cmd_restore(args: argparse.Namespace) -> int:
    file = _backup_file(args.file)
    target = _restore_target(args.vault)
    read_manifest(file)  # a foreign or broken file is refused before any secret
    if not args.replace and _holds_something(target):
        raise Failed(
            f"'{target}' is not empty. Choose a new or empty folder for the restored vault, "
            "or add --replace to set the vault there aside (renamed, never deleted). "
            "Nothing was restored."
        )
    secret, kinds = _backup_secret(args, file)
    before = _kept_aside(target)
    print("Checking the backup completely before anything is put in place…")
    from recordsafe.closure import custodian  # noqa: PLC0415 (a custodian's restore is named)

    with _explained_wrong_secret(kinds, file):
        restored = restore_backup(
            file,
            target,
            secret,
            replace_existing=args.replace,
            kinds=kinds,
            identify=custodian.identify,
        )
    print(f"Restored the vault to {restored} (every check passed first).")
    aside = sorted(_kept_aside(restored) - before)
    if aside:
        print(f"The vault that was there is kept aside, unchanged, at {aside[-1]}")
    return 0


# --- GUI and self-test --------------------------------------------------------------------


def _run_gui(demo: bool) -> int:
    # Before Qt is loaded: a missing system library or display would abort the process.
    if problem := check_display():
        print(problem, file=sys.stderr)
        return 1
    from recordsafe.ui.app import run_gui  # noqa: PLC0415 (Qt only for the GUI)

    kdf = TEST_PARAMS if os.environ.get(TEST_KDF_ENV) == "1" else None
    if kdf is not None:
        return int(run_gui(vault=None, demo=demo, kdf=kdf))
    return int(run_gui(vault=None, demo=demo))


def self_test() -> int:
    """Exercise the parts a broken build would lose: sqlcipher, Argon2, Qt, fonts, the kit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()

    def step(text: str) -> None:
        print(f"[{time.perf_counter() - started:6.2f} s] {text}", flush=True)

    previous_home = os.environ.get("RECORDSAFE_HOME")
    with tempfile.TemporaryDirectory(prefix="recordsafe-selftest-") as home:
        os.environ["RECORDSAFE_HOME"] = home
        try:
            return _self_test_steps(Path(home), step)
        finally:
            if previous_home is None:
                os.environ.pop("RECORDSAFE_HOME", None)
            else:
                os.environ["RECORDSAFE_HOME"] = previous_home


def _self_test_steps(home: Path, step: Callable[[str], None]) -> int:
    from recordsafe.vault.emergency_kit import render_emergency_kit  # noqa: PLC0415

    passphrase = "self test harbour lantern 7 quietly"  # noqa: S105 (a throw-away vault)
    folder = home / "Self test.rsvault"
    kdf = _kdf()
    step(f"RecordSafe {__version__}, Python {sys.version.split()[0]}, on {sys.platform}")
    made = create_vault(folder, passphrase, kdf=kdf)
    step("created a vault (Argon2id " + ("test parameters" if kdf else "calibrated") + ")")
    made.session.lock()
    session = open_vault(folder, passphrase, kdf=kdf)
    step("unlocked it with the passphrase")
    try:
        report = session.verify()
        if not report.ok:
            for line in report.lines():
                print(line)
            raise Failed("The self-test vault failed its own integrity checks.")
        step("verified it: " + ", ".join(report.checks))
        pdf = render_emergency_kit(
            vault_name=session.name, vault_folder=folder, recovery_code=made.recovery_code
        )
        step(f"rendered an Emergency Kit ({len(pdf) // 1024} KiB)")
        keyring = device_keys.status()
        step("system keyring: " + ("usable" if keyring.available else "none (that is allowed)"))
        _self_test_window(session, step)
    finally:
        session.lock()
    step("locked it; self-test passed")
    return 0


def _self_test_window(session: VaultSession, step: Callable[[str], None]) -> None:
    from recordsafe.ui.qt import QtWidgets  # noqa: PLC0415 (Qt only for the window check)

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["recordsafe"])
    step(f"started Qt ({QtWidgets.QApplication.platformName()})")
    try:
        from recordsafe.ui.main_window import MainWindow  # noqa: PLC0415
    except ImportError:
        step("no main window in this build yet; skipped the window check")
        return
    window = MainWindow(session, AppConfig())
    window.show()
    app.processEvents()
    step(f"showed the main window: {window.windowTitle()!r}")
    window.close()
    window.deleteLater()
    app.processEvents()


# --- parser and main ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    # allow_abbrev=False: `--passphrase SECRET` must be refused, not taken as an
    # abbreviated --passphrase-file naming a file called SECRET.
    parser = argparse.ArgumentParser(
        prog="recordsafe",
        allow_abbrev=False,
        description="RecordSafe: offline, encrypted client records. "
        "Without a command, opens the app.",
        epilog="Secrets are never accepted as arguments: use --passphrase-file, "
        "standard input, or the prompt.",
    )
    parser.add_argument("--version", action="version", version=f"RecordSafe {__version__}")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--demo", action="store_true", help="open the app on the demo vault")
    mode.add_argument(
        "--self-test", action="store_true", help="check this installation, without a window"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    vault_arg = ("vault", "VAULT", "the vault folder (NAME.rsvault)")

    def command(
        name: str,
        text: str,
        *,
        asks_for: str | None,
        positionals: tuple[tuple[str, str, str], ...] = (vault_arg,),
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, allow_abbrev=False)
        for dest, metavar, help_text in positionals:
            sub.add_argument(dest, metavar=metavar, help=help_text)
        if asks_for:
            sub.add_argument(
                "--passphrase-file",
                type=Path,
                metavar="FILE",
                help=f"read the {asks_for} from the first line of FILE",
            )
        return sub

    create = command("create", "create a new, empty vault", asks_for="new passphrase")
    create.add_argument(
        "--emergency-kit", metavar="FILE", help="also save the Emergency Kit PDF to FILE"
    )
    create.set_defaults(run=cmd_create)
    demo = command(
        "demo", "create a vault holding a fictional demo practice", asks_for="new passphrase"
    )
    demo.add_argument(
        "--size",
        choices=("small", "practice"),
        default="small",
        help="small: 60+ clients, 1,000+ notes; practice: 5,000 clients, 250,000 notes",
    )
    demo.set_defaults(run=cmd_demo)
    command("verify", "run every integrity check", asks_for="passphrase").set_defaults(
        run=cmd_verify
    )
    command(
        "change-passphrase", "give the vault a new passphrase", asks_for="current passphrase"
    ).set_defaults(run=cmd_change_passphrase)
    command(
        "recover",
        "set a new passphrase with the recovery code",
        asks_for="new passphrase (the recovery code is asked for separately)",
    ).set_defaults(run=cmd_recover)
    command("info", "show the vault's key slots (no secret needed)", asks_for=None).set_defaults(
        run=cmd_info
    )
    _backup_commands(command, vault_arg)
    return parser


def _backup_commands(
    command: Callable[..., argparse.ArgumentParser], vault_arg: tuple[str, str, str]
) -> None:
    backup_file = ("file", "FILE", f"the backup file (NAME-YYYYMMDD-HHMM{BACKUP_SUFFIX})")
    backup = command(
        "backup",
        "write one backup file of the vault into the folder DEST",
        asks_for="passphrase",
        positionals=(
            vault_arg,
            ("dest", "DEST", "an existing folder, e.g. on a backup drive (never created)"),
        ),
    )
    backup.add_argument(
        "--keep",
        type=_positive_int,
        metavar="N",
        help="then remove older backups of this vault in DEST beyond the newest N",
    )
    backup.set_defaults(run=cmd_backup)
    asks = "passphrase (or the code --recovery-code or --custodian-code names)"
    verify = command(
        "verify-backup",
        "unpack a copy of a backup and run every integrity check on it",
        asks_for=asks,
        positionals=(backup_file,),
    )
    _code_options(verify)
    verify.set_defaults(run=cmd_verify_backup)
    restore = command(
        "restore",
        "verify a backup, then restore it to VAULT (a new or empty folder)",
        asks_for=asks,
        positionals=(backup_file, ("vault", "VAULT", "where the restored vault goes")),
    )
    _code_options(restore)
    restore.add_argument(
        "--replace",
        action="store_true",
        help="if VAULT holds a vault, set it aside (renamed, never deleted) and restore there",
    )
    restore.set_defaults(run=cmd_restore)


def _code_options(sub: argparse.ArgumentParser) -> None:
    which = sub.add_mutually_exclusive_group()
    which.add_argument(
        "--recovery-code",
        action="store_true",
        help="the secret asked for is the vault's recovery code, not its passphrase",
    )
    which.add_argument(
        "--custodian-code",
        action="store_true",
        help="the secret asked for is a records custodian's code (from the custodian kit)",
    )


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("keep at least 1 backup")
    return value


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        if args.self_test:
            return self_test()
        return _run_gui(demo=args.demo)
    if args.demo or args.self_test:
        raise UsageError("--demo and --self-test do not go with a command.")
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


def main(argv: list[str] | None = None) -> int:
    # No core dump of a process that will hold the vault key and client records.
    disable_core_dumps()
    # Files RecordSafe creates (vault, key file, backups, kits) are the user's alone.
    os.umask(0o077)
    # A log file on a full disk must not print logging's own traceback on the terminal.
    logging.raiseExceptions = False
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or argparse's own usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return _dispatch(args)
    except UsageError as exc:
        print(f"recordsafe: {exc}", file=sys.stderr)
        return 2
    except Failed as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except VaultError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopped; nothing more was changed.", file=sys.stderr)
        return 1
    except OSError as exc:  # the environment's fault (full disk, name too long…), not a bug
        if exc.errno == errno.ENAMETOOLONG:
            print("A path is longer than the file system allows. Choose a shorter one.",
                  file=sys.stderr)  # fmt: skip
            return 2
        print(storage_error(exc, "finish").message, file=sys.stderr)
        return 1
    except Exception as exc:
        _log_unexpected(exc)
        print(UNEXPECTED, file=sys.stderr)
        return 1


def _log_unexpected(exc: Exception) -> None:
    """Log the type and frames (file, line, function) only, never the message or source
    lines: either could quote a record. Never to the terminal."""
    if not logging.getLogger().handlers:
        try:
            from recordsafe.app_log import setup_logging  # noqa: PLC0415

            setup_logging()
        except Exception:  # no log file is better than a traceback on the terminal
            log.addHandler(logging.NullHandler())
            log.propagate = False
    log.error(
        "unexpected %s in the command line tool:\n%s",
        type(exc).__name__,
        "\n".join(
            f"  {frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(exc.__traceback__)
        ),
    )
