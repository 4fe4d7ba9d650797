"""Plain data classes for the whole package, made without the standard `dataclasses` module.

Every command starts a new Python process, and its start-up is most of what a person waits for.
`dataclasses` imports `inspect` (with `ast`, `dis` and `tokenize`: about 6 ms), then compiles
three or four methods from source for every class it decorates (0.5 ms a class): together a
fifth of `journal list`. A `record` class gets the same methods, shared and made without
compiling: fields are read from the class's annotations in order (a base class's first), each
with its default, its `field(default_factory=...)` or none; `__init__` takes them by position
or name, then calls the class's `__post_init__` if it has one (Textual's messages do);
`__eq__` compares two objects of the same class field by field (`compare=False` fields left
out); `__repr__` shows them; `match` takes them by position; `frozen=True` forbids assignment
and makes the object hashable. `replace`, `fields` and `asdict` do what the `dataclasses`
functions of those names do. Type checkers read a record as a dataclass (`dataclass_transform`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


class Field:
    """One field of a record: its name, its default (or a factory for one), and whether
    `==` compares it."""

    __slots__ = ("compare", "default", "factory", "name")

    def __init__(self, default: Any = MISSING, factory: Callable[[], Any] | None = None,
                 compare: bool = True) -> None:
        self.name = ""
        self.default = default
        self.factory = factory
        self.compare = compare

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | None = None,
          compare: bool = True) -> Any:
    """A field's default when it needs more than a plain value: a fresh list or dict for every
    object (`default_factory=list`), or left out of `==` (`compare=False`)."""
    if default is not MISSING and default_factory is not None:
        raise ValueError("a field takes a default or a default_factory, not both")
    return Field(default, default_factory, compare)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls.__record_names__
    if len(args) > len(names):
        raise TypeError(f"{cls.__name__}() takes {len(names)} arguments but {len(args)} were given")
    values = dict(zip(names, args, strict=False))
    for name, value in kwargs.items():
        if name in values:
            raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
        if name not in cls.__record_fields__:
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}")
        values[name] = value
    if len(values) < len(names):
        for f in cls.__record_fields__.values():
            if f.name in values:
                continue
            if f.factory is not None:
                values[f.name] = f.factory()
            elif f.default is not MISSING:
                values[f.name] = f.default
            else:
                raise TypeError(f"{cls.__name__}() missing required argument {f.name!r}")
    self.__dict__.update(values)
    if cls.__record_post__:
        self.__post_init__()


def _compared(obj: Any) -> tuple[Any, ...]:
    d = obj.__dict__
    return tuple(d[name] for name in type(obj).__record_compared__)


def _eq(self: Any, other: object) -> Any:  # a bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _compared(self) == _compared(other)


def _hash(self: Any) -> int:
    return hash(_compared(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_names__)
    return f"{type(self).__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _make(cls: type[T], frozen: bool) -> type[T]:
    found: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(getattr(base, "__record_fields__", {}))
    # the class's own annotations (`inspect.get_annotations` would cost the import this module saves)
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, list | dict | set):  # one object shared by every record: a factory makes one each
            raise ValueError(f"{cls.__name__}.{name}: a mutable default needs field(default_factory=...)")
        made = value if isinstance(value, Field) else Field(value)
        made.name = name
        found[name] = made  # a base's field named again keeps its place, with the new default
        if made.factory is not None:
            delattr(cls, name)
        elif isinstance(value, Field):
            if made.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, made.default)
    defaulted = ""
    for f in found.values():  # as a function's parameters: none without a default after one with
        if f.default is not MISSING or f.factory is not None:
            defaulted = f.name
        elif defaulted:
            raise TypeError(f"{cls.__name__}: field {f.name!r} has no default but follows {defaulted!r}")
    setattr(cls, "__record_fields__", found)  # noqa: B010 (names a type checker does not know)
    setattr(cls, "__record_names__", tuple(found))  # noqa: B010
    setattr(cls, "__record_post__", hasattr(cls, "__post_init__"))  # noqa: B010 (called after the fields are set)
    setattr(cls, "__record_compared__", tuple(name for name, f in found.items() if f.compare))  # noqa: B010
    own = dict(cls.__dict__)  # a method the class writes itself stays
    methods: dict[str, Any] = {"__init__": _init, "__repr__": _repr, "__eq__": _eq,
                               "__match_args__": tuple(found)}  # `case Point(x, y)` takes them in order
    if "__eq__" not in own:  # as dataclasses: equal by value, so hashable only when frozen
        methods["__hash__"] = _hash if frozen else None
    if frozen:
        methods |= {"__setattr__": _frozen_setattr, "__delattr__": _frozen_delattr}
    for name, method in methods.items():
        if name not in own:
            setattr(cls, name, method)
    return cls


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """Make `cls` a record (`@record`, or `@record(frozen=True)`)."""
    if cls is None:
        return lambda c: _make(c, frozen)
    return _make(cls, frozen)


def is_record(value: object) -> bool:
    """Whether `value` is an object of a record class (not the class itself)."""
    return hasattr(type(value), "__record_fields__") and not isinstance(value, type)


def fields(value: Any) -> tuple[Field, ...]:
    """The fields of a record or record class, in order."""
    return tuple(value.__record_fields__.values())


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record `obj` with `changes` (an unknown name is a TypeError)."""
    values = {name: obj.__dict__[name] for name in type(obj).__record_names__}  # type: ignore[attr-defined]
    for name in changes:
        if name not in values:
            raise TypeError(f"{type(obj).__name__} has no field {name!r}")
    values.update(changes)
    return type(obj)(**values)


def asdict(value: Any) -> Any:
    """A record as a dict of its fields, records inside it (in lists, tuples and dicts too) as
    dicts as well; everything copied."""
    if is_record(value):
        return {name: asdict(getattr(value, name)) for name in type(value).__record_names__}
    if isinstance(value, list | tuple):
        return type(value)(asdict(v) for v in value)
    if isinstance(value, dict):
        return {asdict(k): asdict(v) for k, v in value.items()}
    return value
