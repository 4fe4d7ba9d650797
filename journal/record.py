"""Plain data classes for the whole package, made without the standard `dataclasses` module.

Every command starts a new Python process, and its start-up is most of what a person waits for.
`dataclasses` imports `inspect` (with `ast`, `dis` and `tokenize`: about 6 ms), then compiles
three or four methods from source for every class it decorates (0.5 ms a class): together a
fifth of `journal list`. A `record` class gets the same methods, and compiles `__init__`,
`__eq__` and `__hash__` only when they are first called (a command uses a few classes of the
hundred; an import makes 100,000 objects of one: it must be as quick as a dataclass's).
Fields are read from the class's annotations in order (a base class's first), each
with its default, its `field(default_factory=...)` or none; `__init__` takes them by position
or name, then calls the class's `__post_init__` if it has one (Textual's messages do);
`__eq__` compares two objects of the same class field by field (`compare=False` fields left
out); `__repr__` shows them; `match` takes them by position; `frozen=True` forbids assignment
and makes the object hashable. `replace`, `fields` and `asdict` do what the `dataclasses`
functions of those names do. Type checkers read a record as a dataclass (`dataclass_transform`).
"""

from __future__ import annotations

from collections.abc import Callable
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_: object) -> Callable[[object], object]:
        """typing.dataclass_transform does nothing at run time either."""
        return lambda decorated: decorated


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


def _owner(cls: type, method: str, stand_in: Any) -> type:
    """The class in `cls`'s MRO whose own `method` is still `stand_in` (a subclass may have its
    own, and call this one through super())."""
    return next(c for c in cls.__mro__ if c.__dict__.get(method) is stand_in)


def _made(owner: type, name: str, source: str, scope: dict[str, Any]) -> Any:
    """Compile one method from `source` and put it on `owner`: done once per class, when its
    first object is made (or first compared), so a class no command uses costs nothing."""
    exec(source, scope)  # the source is made here, from field names (identifiers)
    method = scope[name]
    method.__qualname__ = f"{owner.__qualname__}.{name}"
    setattr(owner, name, method)
    return method


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    """Stands for the class's `__init__` until its first object: then the real one is made (as
    a dataclass's is: parameters in field order, with their defaults) and takes over."""
    owner = _owner(type(self), "__init__", _init)
    fields = owner.__record_fields__.values()  # type: ignore[attr-defined]
    scope: dict[str, Any] = {"MISSING": MISSING}
    params, lines = [], []
    for n, f in enumerate(fields):
        if f.factory is not None:
            scope[f"_factory{n}"] = f.factory
            params.append(f"{f.name}=MISSING")
            lines.append(f"    if {f.name} is MISSING:\n        {f.name} = _factory{n}()")
        elif f.default is not MISSING:
            scope[f"_default{n}"] = f.default
            params.append(f"{f.name}=_default{n}")
        else:
            params.append(f.name)
    if owner.__record_frozen__:  # type: ignore[attr-defined]
        scope["_set"] = object.__setattr__
        lines += [f"    _set(self, {f.name!r}, {f.name})" for f in fields]
    else:
        lines += [f"    self.{f.name} = {f.name}" for f in fields]
    if owner.__record_post__:  # type: ignore[attr-defined]
        lines.append("    self.__post_init__()")
    lines.append("    return None")  # a body even for a record with no fields
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(lines) + "\n"
    _made(owner, "__init__", source, scope)(self, *args, **kwargs)


def _compared_source(cls: type) -> tuple[str, str]:
    names = cls.__record_compared__  # type: ignore[attr-defined]
    ours = "".join(f"self.{name}, " for name in names)
    theirs = "".join(f"other.{name}, " for name in names)
    return f"({ours})", f"({theirs})"


def _eq(self: Any, other: object) -> Any:  # a bool, or NotImplemented
    owner = _owner(type(self), "__eq__", _eq)
    ours, theirs = _compared_source(owner)
    source = (f"def __eq__(self, other):\n    if other.__class__ is not self.__class__:\n"
              f"        return NotImplemented\n    return {ours} == {theirs}\n")
    return _made(owner, "__eq__", source, {})(self, other)


def _hash(self: Any) -> int:
    owner = _owner(type(self), "__hash__", _hash)
    ours, _ = _compared_source(owner)
    result: int = _made(owner, "__hash__", f"def __hash__(self):\n    return hash({ours})\n", {})(self)
    return result


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
    setattr(cls, "__record_frozen__", frozen)  # noqa: B010
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
