"""Verification codes printed on certificates."""

import secrets

# Crockford's base32 without I, L, O and U: nothing to misread on paper.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_verification_code() -> str:
    """Return a fresh random code such as ``TC-7K3M-9QXR-2BH4``."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3)]
    return "TC-" + "-".join(groups)


def normalise_code(code: str) -> str:
    """Return a typed-in code in its canonical form."""
    return code.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
