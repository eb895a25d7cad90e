"""How a translation is laid over its source: one rule for every kind of content.

The models say which fields a translator translates (`Annotated[..., TRANSLATED]`, model.py). The rule: a
translated field is taken from the translation when it gives one (a non-blank string, a non-empty list) and the
source has it; everything else (ids, minutes, audiences, links between items) comes from the source, so a
translation cannot drift. Sub-models are merged field by field; list items are paired by the item's key
(`match_key`, else `id`), or by position when items have none; an item of the source the translation lacks
stays the source's, an item only the translation has is dropped. An item whose translation has another number
of entries in a list marked `ALIGNED` (a question's options, which its answer counts into; a rubric's
criteria) keeps the source's item whole.

The same rule works on validated models (`merge_translation`) and on raw YAML mappings before validation
(`merge_translation_data`, so that problems keep the source's lines).
"""

from __future__ import annotations

import functools
import types
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ctmanual.model import ALIGNED, TRANSLATED

M = TypeVar("M", bound=BaseModel)


def merge_translation(source: M, translated: BaseModel | None) -> M:
    """The source model with the translation's words (see the module's rule)."""
    return _merge(type(source), source, translated)


def merge_translation_data(schema: type[BaseModel], source: Any, translated: Any) -> Any:
    """The same rule on raw data (mappings as read from YAML, keys by alias) that `schema` will validate;
    the result keeps the source's keys."""
    return _merge(schema, source, translated)


@functools.cache
def translatable_names(*schemas: type[BaseModel]) -> frozenset[str]:
    """The keys (aliases) whose values a translator translates anywhere in files of these models."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def visit(schema: type[BaseModel]) -> None:
        if schema in seen:
            return
        seen.add(schema)
        for name, info in schema.model_fields.items():
            if TRANSLATED in info.metadata:
                names.add(info.alias or name)
            for sub in _models_in(info.annotation):
                visit(sub)

    for schema in schemas:
        visit(schema)
    return frozenset(names)


def _merge(schema: type[BaseModel], source: Any, translated: Any) -> Any:
    raw = isinstance(source, Mapping)
    if translated is None or not (isinstance(translated, Mapping) if raw else isinstance(translated, BaseModel)):
        return source
    fields = schema.model_fields
    keys = {name: (info.alias or name) if raw else name for name, info in fields.items()}

    def value(node: Any, name: str) -> Any:
        return node.get(keys[name]) if raw else getattr(node, name, None)

    for name, info in fields.items():
        if ALIGNED in info.metadata and _length(value(source, name)) != _length(value(translated, name)):
            return source
    updates: dict[str, Any] = {}
    for name, info in fields.items():
        if raw and keys[name] not in source:
            continue
        mine, theirs = value(source, name), value(translated, name)
        merged = _merge_value(info, mine, theirs, raw)
        if merged is not mine:
            updates[keys[name]] = merged
    if not updates:
        return source
    return {key: updates.get(key, item) for key, item in source.items()} if raw else source.model_copy(update=updates)


def _merge_value(info: FieldInfo, mine: Any, theirs: Any, raw: bool) -> Any:
    if TRANSLATED in info.metadata:
        if raw and isinstance(mine, list):  # raw data, not yet validated: keep the source's shape, item by item
            return _by_position(mine, theirs)
        return theirs if _given(mine, theirs) else mine
    if mine is None or theirs is None:
        return mine
    for sub in _models_in(info.annotation):
        if isinstance(mine, list | tuple):
            if not isinstance(theirs, list | tuple):
                return mine
            return [_merge(sub, item, _partner(sub, item, index, theirs)) for index, item in enumerate(mine)]
        return _merge(sub, mine, theirs)
    return mine


def _by_position(mine: list[Any], theirs: Any) -> list[Any]:
    """A list in raw data merged item by item at the same place, each item only where the translation gives
    one of the source item's kind (so a value of another shape never slips in before validation)."""
    if not isinstance(theirs, list):
        return mine
    merged = []
    for index, item in enumerate(mine):
        other = theirs[index] if index < len(theirs) else None
        if isinstance(item, list):
            merged.append(_by_position(item, other))
        else:
            merged.append(other if _given(item, other) else item)
    return merged


def _given(mine: Any, theirs: Any) -> bool:
    """The translation gives a value of the source's kind: a non-blank string for a string, a non-empty list
    for a list. A field the source leaves out stays out: a translation cannot add what the source does not say."""
    if isinstance(mine, str):
        return isinstance(theirs, str) and bool(theirs.strip())
    if isinstance(mine, list | tuple):
        return isinstance(theirs, list | tuple) and bool(theirs)
    return False


def _partner(schema: type[BaseModel], item: Any, index: int, translated: list[Any] | tuple[Any, ...]) -> Any:
    """The translation's item for the source's `item`: the one with the same key, else the one at its place."""
    key = getattr(schema, "match_key", None) or ("id" if "id" in schema.model_fields else None)
    if isinstance(item, Mapping):
        alias = (schema.model_fields[key].alias or key) if key is not None else None
        if alias is not None and alias in item:
            return next((t for t in translated if isinstance(t, Mapping) and t.get(alias) == item[alias]), None)
    elif key is not None and isinstance(item, BaseModel):
        return next((t for t in translated if getattr(t, key, None) == getattr(item, key)), None)
    return translated[index] if index < len(translated) else None


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, list | tuple) else None


def _models_in(annotation: Any) -> Iterable[type[BaseModel]]:
    """The model classes a field holds: itself, in an optional, or as the items of a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = get_origin(annotation)
    if origin is Annotated:
        return _models_in(get_args(annotation)[0])
    if origin in (Union, types.UnionType, list, tuple):
        return [sub for arg in get_args(annotation) for sub in _models_in(arg)]
    return []
