"""The encrypted vault: key slots, unlock, the session, schema and integrity checks.

Domain code never imports Qt. Everything a caller needs is re-exported here.
"""

from recordsafe.vault.errors import (
    ReadOnlyVault,
    SlotError,
    StorageError,
    TamperDetected,
    VaultDamaged,
    VaultError,
    VaultFormatError,
    VaultInUse,
    VaultTooNew,
    WrongSecret,
)
from recordsafe.vault.kdf import TEST_PARAMS, KdfParams
from recordsafe.vault.opener import (
    VAULT_SUFFIX,
    CreatedVault,
    RotatedVault,
    create_vault,
    is_custodian_passphrase,
    is_vault_folder,
    open_vault,
    open_with_device,
    recover,
    remembered_on_device,
    rotate_key,
)
from recordsafe.vault.session import VaultSession, VerifyReport

__all__ = [
    "TEST_PARAMS",
    "VAULT_SUFFIX",
    "CreatedVault",
    "KdfParams",
    "ReadOnlyVault",
    "RotatedVault",
    "SlotError",
    "StorageError",
    "TamperDetected",
    "VaultDamaged",
    "VaultError",
    "VaultFormatError",
    "VaultInUse",
    "VaultSession",
    "VaultTooNew",
    "VerifyReport",
    "WrongSecret",
    "create_vault",
    "is_custodian_passphrase",
    "is_vault_folder",
    "open_vault",
    "open_with_device",
    "recover",
    "remembered_on_device",
    "rotate_key",
]
