"""Hand-written SQL for the reporting warehouse.

The warehouse loader talks to the database through a thin DB-API wrapper
elsewhere; this module only builds statement text and parameter lists.
"""
from datetime import date
from typing import Any, Dict, List, Sequence


def quote_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return "DATE '" + value.isoformat() + "'"  # near-miss: PFL201 no loop
    return "'" + str(value).replace("'", "''") + "'"  # near-miss: PFL201 no loop


def insert_values(table: str, columns: Sequence[str], rows) -> str:
    sql = "INSERT INTO %s (%s) VALUES " % (table, ", ".join(columns))
    for i, row in enumerate(rows):
        if i:
            sql += ", "  # expect: PFL201
        sql += "(" + ", ".join(quote_literal(v) for v in row) + ")"  # expect: PFL201
    return sql + ";"  # near-miss: PFL201 no loop


def insert_placeholders(table: str, columns: Sequence[str], nrows: int) -> str:
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"  # near-miss: PFL201 no loop
    values = ", ".join([row] * nrows)  # near-miss: PFL201 join done right
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values}"


def bulk_params(rows) -> List[Any]:
    params = []
    for row in rows:
        params = params + list(row)  # expect: PFL202
    return params


def bulk_params_fast(rows) -> List[Any]:
    params = []
    for row in rows:
        params.extend(row)  # near-miss: PFL202 extend in place
    return params


def bulk_params_flat(rows) -> List[Any]:
    return sum(map(list, rows), [])  # expect: PFL202


def where_clause(filters: Dict[str, Any]) -> str:
    clause = ""
    for column, value in sorted(filters.items()):
        clause += " AND " if clause else " WHERE "  # expect: PFL201
        clause += "%s = %s" % (column, quote_literal(value))  # expect: PFL201
    return clause


def where_clause_fast(filters: Dict[str, Any]) -> str:
    conditions = ["%s = %s" % (c, quote_literal(v)) for c, v in sorted(filters.items())]
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""  # near-miss: PFL201 no loop


def append_order_by(query, columns):
    # query comes from the caller (kind unknown); what is added is an f-string
    for n, col in enumerate(columns):
        query += f"{', ' if n else ' ORDER BY '}{col}"  # expect: PFL201
    return query


def parameter_count(statements) -> int:
    count = 0
    for statement in statements:
        count = count + statement.count("%s")  # near-miss: PFL201 int, s = s + x
    return count


def partitions_per_table(partitions: Dict[str, Dict[str, List[str]]]) -> List[List[str]]:
    # {table: {month: [partition, ...]}} -> one flat list of partitions per table
    return [sum(by_month.values(), []) for by_month in partitions.values()]  # expect: PFL202


def selected_columns(tables) -> List[str]:
    columns = []
    for table in tables:
        for col in table.columns:
            columns = columns + [f"{table.alias}.{col}"]  # expect: PFL202
    return columns


def selected_columns_fast(tables) -> List[str]:
    return [f"{t.alias}.{c}" for t in tables for c in t.columns]  # near-miss: PFL202 comprehension


class QueryBuilder:
    def __init__(self, table: str):
        self.table = table
        self.sql = "SELECT * FROM " + table
        self.params: List[Any] = []

    def where_all(self, conditions):
        for n, (column, value) in enumerate(conditions):
            self.sql += f" {'AND' if n else 'WHERE'} {column} = %s"  # expect: PFL201
            self.params += [value]  # near-miss: PFL202 += extends in place

    def limit(self, n: int) -> "QueryBuilder":
        self.sql += f" LIMIT {int(n)}"  # near-miss: PFL201 no loop
        return self

    def build(self):
        return self.sql, list(self.params)


def date_range_union(table: str, days: Sequence[date]) -> str:
    selects = []
    for day in days:
        selects.append(f"SELECT * FROM {table}_{day:%Y%m%d}")  # near-miss: PFL201 list of pieces
    return "\nUNION ALL\n".join(selects)  # near-miss: PFL201 join done right
