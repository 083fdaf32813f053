"""Key derivation: Argon2id parameters, their calibration, and the weak test profile.

Parameters are stored in each key slot, so they can be raised later without breaking old
journals. Opening honours what the file says, within sane bounds: a crafted header must not
be able to make us allocate gigabytes or spin for minutes.
"""

from __future__ import annotations

import os
import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from reflect.errors import JournalDamaged, UsageError
from reflect.i18n import t

KEY_LENGTH = 32
SALT_LENGTH = 16

# The floor from the design notes: 64 MiB, t >= 3, p = 4.
MIN_MEMORY_KIB = 64 * 1024
MIN_ITERATIONS = 3
LANES = 4
CALIBRATION_TARGET_SECONDS = 0.5
MAX_CALIBRATED_ITERATIONS = 12

# Bounds accepted when reading a file (the test profile sits inside them). Room to raise the
# parameters later (four times the memory, twice the calibrated work), but a crafted header
# cannot make an unlock allocate gigabytes or run for minutes before it fails.
_MAX_MEMORY_KIB = 4 * MIN_MEMORY_KIB
_MAX_ITERATIONS = 2 * MAX_CALIBRATED_ITERATIONS
_MAX_LANES = 8

# For the test suite only: makes each derivation take well under a millisecond.
# A journal made with it is easy to brute-force, so it is never a default and `init` warns.
TEST_PROFILE_ENV = "REFLECT_KDF_PROFILE"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id settings for one key slot."""

    salt: bytes
    memory_kib: int
    iterations: int
    lanes: int

    def derive(self, secret: str) -> bytes:
        """The 256-bit key-encryption key for ``secret`` (normalised to NFC UTF-8)."""
        normalised = unicodedata.normalize("NFC", secret).encode("utf-8")
        kdf = Argon2id(
            salt=self.salt,
            length=KEY_LENGTH,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        )
        return kdf.derive(normalised)

    def with_fresh_salt(self) -> KdfParams:
        return KdfParams(os.urandom(SALT_LENGTH), self.memory_kib, self.iterations, self.lanes)

    def check_bounds(self) -> None:
        """Refuse parameters no reflect would write (a damaged or hostile header)."""
        if not (
            len(self.salt) >= SALT_LENGTH
            and 1 <= self.lanes <= _MAX_LANES
            and 8 * self.lanes <= self.memory_kib <= _MAX_MEMORY_KIB
            and 1 <= self.iterations <= _MAX_ITERATIONS
        ):
            raise JournalDamaged(t("vault.kdf_out_of_range"))


def raised(
    current: KdfParams, memory_mib: int | None = None, iterations: int | None = None
) -> KdfParams:
    """``current`` with more memory and/or iterations, as the user asked (``passwd
    --kdf-memory/--kdf-iterations``): never lower than now, never beyond what a reader
    accepts. A fresh salt, as for every new slot."""
    memory_kib = current.memory_kib if memory_mib is None else memory_mib * 1024
    rounds = current.iterations if iterations is None else iterations
    if memory_kib < current.memory_kib or rounds < current.iterations:
        raise UsageError(
            t(
                "vault.kdf.not_lower",
                memory=current.memory_kib // 1024,
                iterations=current.iterations,
            )
        )
    if memory_kib > _MAX_MEMORY_KIB or rounds > _MAX_ITERATIONS:
        raise UsageError(
            t("vault.kdf.too_high", memory=_MAX_MEMORY_KIB // 1024, iterations=_MAX_ITERATIONS)
        )
    return KdfParams(os.urandom(SALT_LENGTH), memory_kib, rounds, max(current.lanes, 1))


def at_least(params: KdfParams, floor: KdfParams) -> KdfParams:
    """``params``, raised where ``floor`` is stronger: a new slot never weakens the one it
    replaces (a calibration on a busy machine, or after the user raised the settings)."""
    return KdfParams(
        params.salt,
        max(params.memory_kib, floor.memory_kib),
        max(params.iterations, floor.iterations),
        max(params.lanes, floor.lanes),
    )


def test_profile_active() -> bool:
    return os.environ.get(TEST_PROFILE_ENV, "") == "insecure-fast"


def default_params() -> KdfParams:
    """Parameters for a new key slot: calibrated on this machine, or the test profile."""
    if test_profile_active():
        return KdfParams(os.urandom(SALT_LENGTH), memory_kib=64, iterations=1, lanes=1)
    return calibrate()


def calibrate(target_seconds: float = CALIBRATION_TARGET_SECONDS) -> KdfParams:
    """Raise the iteration count from the floor until one derivation takes about the target.

    Memory stays at the floor so low-memory laptops are never pushed into swap.
    """
    probe = KdfParams(os.urandom(SALT_LENGTH), MIN_MEMORY_KIB, MIN_ITERATIONS, LANES)
    started = time.perf_counter()
    probe.derive("calibration")
    elapsed = max(time.perf_counter() - started, 1e-3)
    per_iteration = elapsed / MIN_ITERATIONS
    iterations = round(target_seconds / per_iteration)
    iterations = max(MIN_ITERATIONS, min(MAX_CALIBRATED_ITERATIONS, iterations))
    return KdfParams(os.urandom(SALT_LENGTH), MIN_MEMORY_KIB, iterations, LANES)
