"""Exceptions (异常): one class per stable error code of the Rust core.

Every refusal of the engine carries three attributes, identical in Rust, Python and
JavaScript:

- ``code``: the stable machine-readable code (``"tier_gap"``, ``"malformed_decimal"``);
- ``field``: the path of the offending field in the input (``"tiers[1].from"``,
  ``""`` when the error concerns the whole input);
- ``value``: the offending value as text.

The hierarchy::

    DatafeeError(Exception)
    +-- InternalError                 code "internal": a bug, please report it
    +-- InvalidInputError(ValueError) code "invalid", and the base of every bad-input code
        +-- MalformedDecimalError, DecimalNotStringError, ParseError, OutOfRangeError,
        +-- ArithmeticOverflowError, UnknownIdError, DuplicateIdError, MissingError,
        +-- EmptyError, ZeroForecastVolumeError, FreeScenarioChargedError,
        +-- RateAboveBoundError, CapExceededError, AllZeroWeightsError,
        +-- TooManyPartiesError, LimitExceededError, UnknownOperationError,
        +-- TierError
        |   +-- TierGapError, TierOverlapError, TierOrderError
        +-- InvalidTypeError(TypeError)  code "invalid": a Python value of a type the engine
                                         cannot take (bytes, a set, an object)

so ``except ValueError`` catches every refused input and ``except DatafeeError`` every
error of the library. Every exception pickles and unpickles to an equal one (same class,
message, code, field and value), so errors cross process pools intact.

>>> import pickle
>>> e = TierGapError("tiers[1].from: gap in tiers at 100", field="tiers[1].from", value="100")
>>> isinstance(e, ValueError), e.code
(True, 'tier_gap')
>>> again = pickle.loads(pickle.dumps(e))
>>> type(again).__name__, again.field, again.value, str(again)
('TierGapError', 'tiers[1].from', '100', 'tiers[1].from: gap in tiers at 100')
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Optional, Tuple, Type

__all__ = [
    "DatafeeError",
    "InternalError",
    "InvalidInputError",
    "MalformedDecimalError",
    "DecimalNotStringError",
    "ParseError",
    "OutOfRangeError",
    "ArithmeticOverflowError",
    "UnknownIdError",
    "DuplicateIdError",
    "MissingError",
    "EmptyError",
    "ZeroForecastVolumeError",
    "FreeScenarioChargedError",
    "RateAboveBoundError",
    "TierError",
    "TierGapError",
    "TierOverlapError",
    "TierOrderError",
    "CapExceededError",
    "AllZeroWeightsError",
    "TooManyPartiesError",
    "LimitExceededError",
    "UnknownOperationError",
    "InvalidTypeError",
    "error_class",
]


class DatafeeError(Exception):
    """Base of every datafee error; carries ``code``, ``field``, ``value`` and ``message``."""

    #: The code this class stands for (an instance's ``code`` may be more specific).
    default_code: ClassVar[str] = "internal"

    code: str
    field: str
    value: str
    message: str

    def __init__(self, message: str, code: Optional[str] = None, field: str = "", value: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = self.default_code if code is None else code
        self.field = field
        self.value = value

    def __reduce__(self) -> Tuple[Any, ...]:
        # (callable, args, state): the state restores extras such as __notes__.
        state = {k: v for k, v in self.__dict__.items() if k not in ("message", "code", "field", "value")}
        return (type(self), (self.message, self.code, self.field, self.value), state or None)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, field={self.field!r}, value={self.value!r})"


class InternalError(DatafeeError):
    """A bug in datafee (a caught panic or an impossible state): code ``internal``."""

    default_code = "internal"


class InvalidInputError(DatafeeError, ValueError):
    """An input the engine refuses: code ``invalid``, and the base of every bad-input code."""

    default_code = "invalid"


class MalformedDecimalError(InvalidInputError):
    """A decimal string that does not parse (``"1,5"``, ``"abc"``, ``"1e3"``)."""

    default_code = "malformed_decimal"


class DecimalNotStringError(InvalidInputError):
    """A JSON number where an exact decimal string is required."""

    default_code = "decimal_not_string"


class ParseError(InvalidInputError):
    """A document that does not parse or does not have the expected shape."""

    default_code = "parse"


class OutOfRangeError(InvalidInputError):
    """A value outside its permitted range (a negative cost, a rate of 120 %)."""

    default_code = "out_of_range"


class ArithmeticOverflowError(InvalidInputError):
    """Checked arithmetic overflowed (amounts beyond about 7.9e28)."""

    default_code = "overflow"


class UnknownIdError(InvalidInputError):
    """A reference to an id that is not defined."""

    default_code = "unknown_id"


class DuplicateIdError(InvalidInputError):
    """An id defined twice."""

    default_code = "duplicate_id"


class MissingError(InvalidInputError):
    """Something required is absent."""

    default_code = "missing"


class EmptyError(InvalidInputError):
    """An empty list where at least one item is required."""

    default_code = "empty"


class ZeroForecastVolumeError(InvalidInputError):
    """A chargeable product-scenario with a zero forecast volume."""

    default_code = "zero_forecast_volume"


class FreeScenarioChargedError(InvalidInputError):
    """A free scenario (public governance / public welfare) given a fee."""

    default_code = "free_scenario_charged"


class RateAboveBoundError(InvalidInputError):
    """A profit rate or margin above the profile's bound."""

    default_code = "rate_above_bound"


class TierError(InvalidInputError):
    """Base of the tier errors (gap, overlap, order) of a tiered fee schedule."""

    default_code = "tier"


class TierGapError(TierError):
    """A gap between one tier's end and the next tier's start."""

    default_code = "tier_gap"


class TierOverlapError(TierError):
    """Tiers that overlap."""

    default_code = "tier_overlap"


class TierOrderError(TierError):
    """Tiers not sorted by their start, or a band whose end is not after its start."""

    default_code = "tier_order"


class CapExceededError(InvalidInputError):
    """An actual fee that charges more than cap x quantity for some quantity."""

    default_code = "cap_exceeded"


class AllZeroWeightsError(InvalidInputError):
    """Split weights that are all zero."""

    default_code = "all_zero_weights"


class TooManyPartiesError(InvalidInputError):
    """Too many parties for exact Shapley enumeration."""

    default_code = "too_many_parties"


class LimitExceededError(InvalidInputError):
    """An input beyond a documented size bound."""

    default_code = "limit_exceeded"


class UnknownOperationError(InvalidInputError):
    """An operation name the API does not know."""

    default_code = "unknown_operation"


class InvalidTypeError(InvalidInputError, TypeError):
    """A Python value of a type the engine cannot take (``bytes``, a ``set``, an object, a
    non-string key): code ``invalid``, naming the path. It is also a ``TypeError``, as such
    values always were. (A ``float`` raises a plain ``TypeError``: floats are inexact.)"""

    default_code = "invalid"


#: The table from a core error code to its class. ``TierError`` is a grouping class only.
_BY_CODE: Dict[str, Type[DatafeeError]] = {
    cls.default_code: cls
    for cls in (
        InternalError,
        InvalidInputError,
        MalformedDecimalError,
        DecimalNotStringError,
        ParseError,
        OutOfRangeError,
        ArithmeticOverflowError,
        UnknownIdError,
        DuplicateIdError,
        MissingError,
        EmptyError,
        ZeroForecastVolumeError,
        FreeScenarioChargedError,
        RateAboveBoundError,
        TierGapError,
        TierOverlapError,
        TierOrderError,
        CapExceededError,
        AllZeroWeightsError,
        TooManyPartiesError,
        LimitExceededError,
        UnknownOperationError,
    )
}


def error_class(code: str) -> Type[DatafeeError]:
    """The exception class for a core error code.

    A code this version does not know (a newer core) maps to ``InvalidInputError``, so it
    is still a ``ValueError`` and still carries its code.

    >>> error_class("cap_exceeded").__name__
    'CapExceededError'
    >>> error_class("some_future_code").__name__
    'InvalidInputError'
    """
    return _BY_CODE.get(code, InvalidInputError)


def _from_core(code: str, field: str, value: str, message: str) -> DatafeeError:
    """Build the exception for a core error from its code."""
    return error_class(code)(message, code, field, value)


def _from_class(class_name: str, code: str, field: str, value: str, message: str) -> DatafeeError:
    """Build the exception for a core error (called by the native module, which picks the
    class by an exhaustive match on the engine's error variant)."""
    cls = globals().get(class_name)
    if not (isinstance(cls, type) and issubclass(cls, DatafeeError)):
        cls = error_class(code)
    return cls(message, code, field, value)
