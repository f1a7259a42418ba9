"""argon2id for secrets people choose: designer passwords and signers' access codes.

The parameters come from the `password_hashing` setting. `standard` is argon2-cffi's RFC 9106
low-memory profile (argon2id, 64 MiB, 3 passes, 4 lanes), what `PasswordHasher()` uses.
`insecure-fast` (8 KiB, 1 pass, 1 lane) is for the test suite and CI only: a hash then costs
microseconds instead of 0.1-0.5 s, for whoever guesses from a stolen database too.

Verifying reads the parameters from the stored hash (`$argon2id$v=19$m=65536,t=3,p=4$…`), so
a hash verifies the same under either profile; only new hashes follow the setting.
"""

from dataclasses import replace
from functools import cache

from argon2 import PasswordHasher
from argon2.profiles import RFC_9106_LOW_MEMORY

from runtime.settings import Settings, get_settings

PROFILES = {
    "standard": RFC_9106_LOW_MEMORY,
    "insecure-fast": replace(RFC_9106_LOW_MEMORY, time_cost=1, memory_cost=8, parallelism=1),
}


@cache
def hasher(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(PROFILES[profile])


def hasher_for(settings: Settings | None = None) -> PasswordHasher:
    """The hasher `settings` ask for; without them, this process's (FORMSEAL_* environment)."""
    return hasher((settings or get_settings()).password_hashing)
