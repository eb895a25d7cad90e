"""Canonical digests of what a page is made from, so an unchanged page need not be made again.

`Fingerprint.of(value)` is the same for equal values in any process and different for
values that differ in anything a template could read: a model's every field (and its
type), a dataclass's every field, every item of a list, dict or set (sets in sorted
order, since their iteration order changes between processes). A value it cannot see
into (a lambda or closure, an object of an unknown type) raises `Unfingerprintable`:
the page is then simply made again, never reused on a guess.

Composite values (models, dataclasses) are digested once per build and remembered by
identity. That is sound because assemble changes no value after handing it to a page
(the content models and most views are frozen) and the memo holds a reference to each
value, so no identity is reused while it lives. Lists and dicts are digested every time.
A dict is digested in its order, which a template may show: one built by iterating a set
differs between processes, which costs a page made again, never a stale one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import types
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

DIGEST_SIZE = 16


class Unfingerprintable(TypeError):
    """A value whose digest would not say everything that matters about it."""


class Fingerprint:
    """Digests of values, remembered for the life of one build."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}

    def of(self, value: Any) -> bytes:
        """A digest of `value` (see the module docstring)."""
        digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
        self._feed(digest, value)
        return digest.digest()

    def token(self, value: Any) -> bytes:
        """What a composite value (a model, a dataclass) adds to the digest of anything holding it."""
        return self._composite(value)

    def know(self, value: Any, token: bytes) -> None:
        """Take `token` as the value's, instead of walking it: a token computed from this very value
        earlier (when its file was parsed), or derived from the tokens of the values it was made of by
        a pure function of them (a translation merged over its source)."""
        self._memo[id(value)] = (value, token)

    def _feed(self, digest: Any, value: Any) -> None:
        kind = type(value)
        if value is None or kind is bool:
            digest.update(b"N" if value is None else (b"T" if value else b"F"))
        elif kind is str:
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"s%d:" % len(data) + data)
        elif kind is int:
            digest.update(b"i%d;" % value)
        elif kind is float:
            digest.update(b"f" + repr(value).encode() + b";")
        elif kind is bytes:
            digest.update(b"b%d:" % len(value) + value)
        elif kind in (list, tuple):
            digest.update(b"l%d[" % len(value) if kind is list else b"t%d[" % len(value))
            for item in value:
                self._feed(digest, item)
        elif kind is dict:
            digest.update(b"d%d{" % len(value))
            for key, item in value.items():
                self._feed(digest, key)
                self._feed(digest, item)
        elif kind in (set, frozenset):
            digest.update(b"S%d{" % len(value) + b"".join(sorted(self.of(item) for item in value)))
        else:
            digest.update(self._composite(value))

    def _composite(self, value: Any) -> bytes:
        remembered = self._memo.get(id(value))
        if remembered is not None and remembered[0] is value:
            return remembered[1]
        digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
        digest.update(_type_name(type(value)).encode() + b"(")
        for part in self._parts(value):
            self._feed(digest, part)
        result = b"c" + digest.digest()
        self._memo[id(value)] = (value, result)
        return result

    def _parts(self, value: Any) -> list[Any]:
        """What makes `value` what it is, as plain values."""
        if isinstance(value, enum.Enum):
            return [value.name]
        if isinstance(value, BaseModel):
            fields = list(type(value).model_fields)
            return [*fields, *(getattr(value, name) for name in fields), value.__pydantic_extra__]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = [f.name for f in dataclasses.fields(value)]
            return [*fields, *(getattr(value, name) for name in fields)]
        if isinstance(value, (dt.date, dt.datetime, dt.time)):
            return [value.isoformat()]
        if isinstance(value, PurePath):
            return [value.as_posix()]
        for base in (str, int, float):  # a subclass of one
            if isinstance(value, base):
                return [base(value)]
        if isinstance(value, (type, types.FunctionType)):
            return [_code_name(value)]
        raise Unfingerprintable(f"cannot fingerprint a {_type_name(type(value))}")


def _type_name(kind: type) -> str:
    return f"{kind.__module__}.{kind.__qualname__}"


def _code_name(value: type | types.FunctionType) -> str:
    """A class or a module-level function, named; its code is in the code version. A lambda, a
    closure or a bound method carries values its name does not say (a bound method is not a
    FunctionType, so it never gets here)."""
    name, module = value.__qualname__, value.__module__
    if "<" in name or getattr(value, "__closure__", None):
        raise Unfingerprintable(f"cannot fingerprint {value!r}: pass data, not a lambda or closure")
    return f"{module}.{name}"
