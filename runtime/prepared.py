"""Queries built once and run many times: the SQL of a Piccolo query compiled once per
engine; a select's rows decoded without Piccolo's per-run processing (see PreparedSelect),
an update run with new values only (PreparedUpdate)."""

import inspect
import uuid
from collections.abc import Callable
from typing import Any

from piccolo.columns import JSON, JSONB, Column
from piccolo.columns.m2m import M2MSelect
from piccolo.query.methods.select import Select
from piccolo.query.methods.update import Update
from piccolo.querystring import QueryString
from piccolo.table import Table
from piccolo.utils.encoding import dump_json, load_json


class _CompiledSQL(QueryString):
    """SQL already compiled for one engine, with its values (see PreparedSelect)."""

    def __init__(self, sql: str, args: list[Any], query_type: str, table: Any) -> None:
        super().__init__("", query_type=query_type, table=table)
        self._sql, self._args = sql, args

    def compile_string(self, engine_type: str = "postgres") -> tuple[str, list[Any]]:
        return self._sql, self._args

    def __str__(self) -> str:
        return self._sql


class PreparedSelect:
    """A Piccolo select built once and run many times with new values.

    Piccolo spends 0.3 ms of Python building a simple select and several milliseconds on a
    join, every time, though the SQL never changes between requests: only the values do.
    `build(*markers)` makes the query once per engine type with marker values standing for
    the parameters; `run(*values)` puts the real values where the markers were and runs the
    compiled SQL. The rows become dicts with their JSON columns decoded, as Piccolo's
    `.output(load_json=True)` gives them; which columns hold JSON is also worked out once
    (Piccolo checks each selected column's type on every run: ~0.1 ms for a wide join).
    Selects that want more of Piccolo's processing (objects, many-to-many) get all of it.
    """

    def __init__(self, table: type[Table], build: Callable[..., Select]) -> None:
        self._table = table
        self._build = build
        self._compiled: dict[str, _Prepared] = {}

    def _prepare(self, engine_type: str) -> "_Prepared":
        found = self._compiled.get(engine_type)
        if found is None:
            query, sql, args, positions = _compile(self._build, engine_type)
            found = self._compiled[engine_type] = _Prepared(query, sql, args, positions)
        return found

    async def run(self, *values: Any) -> list[dict[str, Any]]:
        engine = self._table._meta.db
        prepared = self._prepare(engine.engine_type)
        args = list(prepared.args)
        for position, value in zip(prepared.positions, values, strict=True):
            args[position] = value
        query = prepared.query
        compiled = _CompiledSQL(prepared.sql, args, query_type="select", table=query.table)
        results = await engine.run_querystring(compiled)
        if prepared.json_names is None:
            return await query._process_results(results)  # type: ignore[return-value]
        rows: list[dict[str, Any]] = engine.transform_response_to_dicts(results)
        for row in rows:
            for name in prepared.json_names:
                value = row.get(name)
                if value is not None:
                    row[name] = load_json(value)
        return rows


class PreparedUpdate:
    """A Piccolo update built once and run many times with new values (an autosave stores
    a draft on every change; Piccolo builds the same UPDATE's SQL each time otherwise).

    `build(*markers)` makes the query as for PreparedSelect; `run(*values)` runs it with the
    values in the markers' places and returns the rows of its RETURNING clause, if any
    (an update made conditional on a version finds out whether it landed). Dict and list
    values are written as JSON, as Piccolo writes them to JSON columns (only such columns
    take them)."""

    def __init__(self, table: type[Table], build: Callable[..., Update]) -> None:
        self._table = table
        self._build = build
        self._compiled: dict[str, tuple[str, list[Any], list[int]]] = {}

    async def run(self, *values: Any) -> list[Any]:
        engine = self._table._meta.db
        sql, template, positions = self._prepare(engine.engine_type)
        args = list(template)
        for position, value in zip(positions, values, strict=True):
            args[position] = dump_json(value) if isinstance(value, dict | list) else value
        return list(await engine.run_querystring(_CompiledSQL(sql, args, "update", self._table)))

    def _prepare(self, engine_type: str) -> tuple[str, list[Any], list[int]]:
        found = self._compiled.get(engine_type)
        if found is None:
            _query, sql, args, positions = _compile(self._build, engine_type)
            found = self._compiled[engine_type] = (sql, args, positions)
        return found


def _compile(build: Callable[..., Any], engine_type: str) -> tuple[Any, str, list[Any], list[int]]:
    """The query `build` makes with marker values, its SQL and arguments for `engine_type`,
    and where in the arguments each marker landed."""
    markers = [f"prepared-{i}-{uuid.uuid4().hex}" for i in range(_arity(build))]
    query = build(*markers)
    sql, args = query.querystrings[0].compile_string(engine_type=engine_type)
    return query, sql, args, [args.index(m) for m in markers]


class _Prepared:
    """One PreparedSelect compiled for one engine type."""

    def __init__(self, query: Select, sql: str, args: list[Any], positions: list[int]) -> None:
        self.query, self.sql, self.args, self.positions = query, sql, args, positions
        #: the output keys to decode as JSON, or None: let Piccolo process the rows
        self.json_names = _json_names(query)


def _json_names(query: Select) -> tuple[str, ...] | None:
    """The keys of JSON columns in the rows of a select with `.output(load_json=True)` and
    no other processing; None for any other select (Piccolo's _process_results decides)."""
    output = query.output_delegate._output
    columns = query.columns_delegate.selected_columns
    plain = not (output.as_objects or output.nested or output.as_list or output.as_json)
    if not plain or not output.load_json or not columns:
        return None
    if any(not isinstance(c, Column) or isinstance(c, M2MSelect) for c in columns):
        return None
    names = []
    for column in columns:
        if isinstance(column, JSON | JSONB):
            if column._alias is not None:
                names.append(column._alias)
            elif column._meta.call_chain:
                names.append(column._meta.get_default_alias())
            else:
                names.append(column._meta.name)
    return tuple(names)


def _arity(build: Callable[..., Any]) -> int:
    return len(inspect.signature(build).parameters)
